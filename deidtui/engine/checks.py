"""Checking a job before it is submitted: its spec, its name, and what its prefix matches."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from ..domain.errors import DeidError, NotFound
from ..domain.models import JobSpec, Operation, utcnow
from ..domain.paths import output_blob_name
from ..domain.validation import MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_JOB, Problem, check_job_name, validate_spec
from .naming import default_name, suggest_unique
from .outcomes import SpecCheck

if TYPE_CHECKING:  # the storage SDK loads only for a profile with storage
    from .storage import StorageBrowser

OUTPUTS_COUNTED = 10_000  # blobs counted under a target prefix before the check says "more than"


async def check_submission(
    spec: JobSpec, name: str | None, taken: set[str], storage: StorageBrowser | None, *, api_version: str | None = None
) -> SpecCheck:
    """Validate locally: the spec, the name (against the `taken` names), and what the prefix
    matches in storage (when this machine can read it)."""
    if not name:
        name = suggest_unique(default_name(spec.operation.value, spec.source_prefix, utcnow()), taken)
    result = SpecCheck(name=name, problems=validate_spec(spec, api_version=api_version))
    problem = check_job_name(name)
    if problem:
        result.problems.insert(0, problem)
        result.suggested_name = suggest_unique(name, taken)
    elif name in taken:
        result.problems.insert(0, Problem("name", f"a job named {name!r} already exists"))
        result.suggested_name = suggest_unique(name, taken)
    if (
        spec.source_prefix
        and spec.source_prefix == spec.target_prefix
        and spec.effective_target_location == spec.source_location
    ):
        result.problems.append(Problem("targetLocation.prefix", "the target prefix equals the source prefix"))
    if spec.source_prefix.endswith("/") and spec.target_prefix and not spec.target_prefix.endswith("/"):
        result.warnings.append(
            f"outputs keep the path after the source prefix, so {spec.source_prefix}note.txt "
            f"becomes {output_blob_name(spec.source_prefix + 'note.txt', spec.source_prefix, spec.target_prefix)}"
        )
    if spec.redaction_format and spec.operation is not Operation.REDACT:
        result.warnings.append(f"the redaction format has no effect on a {spec.operation.value} job")
    if any(p.target.endswith("location") for p in result.problems) or storage is None:
        return result
    try:
        stats = await storage.prefix_stats(
            spec.source_location,
            spec.source_prefix,
            spec.extensions,
            limit=MAX_DOCUMENTS_PER_JOB + 1,
            max_document_bytes=MAX_DOCUMENT_BYTES,
        )
    except NotFound as error:
        result.problems.append(Problem("sourceLocation.location", error.detail or "the container does not exist"))
        return result
    except DeidError as error:
        result.warnings.append(
            f"could not check the source from this machine ({error.title}); the service reads storage "
            "with its own identity, so the job may still run"
        )
        return result
    result.matched, result.total_bytes = stats.count, stats.total_bytes
    if stats.count == 0:
        result.problems.append(Problem("sourceLocation.prefix", "no document matches this prefix and these extensions"))
    elif stats.truncated:
        result.problems.append(
            Problem("sourceLocation.prefix", f"more than {MAX_DOCUMENTS_PER_JOB:,} documents match; split the job")
        )
    if stats.too_large:
        names = ", ".join(b.name for b in stats.too_large[:3])
        more = f" and {len(stats.too_large) - 3} more" if len(stats.too_large) > 3 else ""
        result.warnings.append(
            f"{len(stats.too_large)} document(s) exceed {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB and will fail: "
            f"{names}{more}"
        )
    warning = await outputs_warning(spec, storage)
    if warning:
        result.warnings.append(warning)
    return result


async def outputs_warning(spec: JobSpec, storage: StorageBrowser) -> str | None:
    """What already lies under the target prefix, and what it means for this job: each document
    whose output name is taken fails with OutputAlreadyExists unless the job may overwrite. Says how
    many outputs are in the way (or how many blobs the prefix holds, when none is) and how old."""
    source = spec.source_location.rstrip("/")
    inputs = spec.source_prefix if spec.effective_target_location.rstrip("/") == source else None
    existing: dict[str, datetime | None] = {}
    more = False
    try:
        async for blob in storage.iter_matching(spec.effective_target_location, spec.target_prefix):
            if inputs and blob.name.startswith(inputs):
                continue  # one of this job's inputs (the target prefix holds the source prefix)
            if len(existing) == OUTPUTS_COUNTED:
                more = True
                break
            existing[blob.name] = blob.last_modified
        if not existing:
            return None
        clashes: list[datetime | None] = []
        read = 0
        async for blob in storage.iter_matching(spec.source_location, spec.source_prefix, spec.extensions):
            read += 1
            if read > MAX_DOCUMENTS_PER_JOB:
                break  # the check refuses so many documents anyway
            output = output_blob_name(blob.name, spec.source_prefix, spec.target_prefix)
            if output in existing:
                clashes.append(existing[output])
    except DeidError as error:
        return f"could not look under the target prefix from this machine ({error.title})"
    where = spec.target_prefix or "the container's root"
    if not clashes:
        if more:  # only the first ones were compared
            return f"{where} already holds more than {len(existing):,} blobs; some may be outputs of this job"
        return (
            f"{where} already holds {_blobs(len(existing))}{_newest(existing.values())}; "
            "none has the name of one of this job's outputs"
        )
    at_least = "at least " if more else ""
    taken = f"{at_least}{len(clashes):,} of this job's outputs already exist under {where}{_newest(clashes)}"
    if spec.overwrite:
        return f"{taken}: they will be replaced (overwrite is on)"
    return (
        f"{taken}: without overwrite, those documents will fail with OutputAlreadyExists "
        "(turn overwrite on, or choose another target prefix)"
    )


def _blobs(count: int) -> str:
    return f"{count:,} blob{'s' if count != 1 else ''}"


def _newest(moments: Iterable[datetime | None]) -> str:
    known = [m for m in moments if m is not None]
    if not known:
        return ""
    return f" (the newest written {_age_words((utcnow() - max(known)).total_seconds())} ago)"


def _age_words(seconds: float) -> str:
    """How long ago, in the words of a warning: `<1 min`, `12 min`, `3 h`, `5 d`."""
    if seconds < 60:
        return "<1 min"
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 2 * 86400:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} d"
