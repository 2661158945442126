"""What an operator does to jobs: submit (checked first), cancel, delete, resubmit, retry, preview.

The engine lets an action through only when it can run (`Engine.cannot`: read-only, its state, the
job's). Each spends the request budget at the highest priority, is written to the audit log with
its outcome, and writes its result to the cache at once: the cache's feed shows it on every screen
without waiting for the next poll.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from ..cache import JobCache
from ..domain.errors import Conflict, DeidError, NetworkError, NotFound, ServiceDown, Throttled
from ..domain.models import Document, Job, JobSpec, JobStatus, Operation, utcnow
from ..domain.paths import output_blob_name, split_blob_url
from ..domain.rules import OUTPUT_EXISTS, split_retryable
from ..domain.validation import MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_JOB, Problem, check_job_name, validate_spec
from .activity import ActivityLog
from .budget import Priority
from .events import EventBus, Notice
from .naming import default_name, first_free, resubmission_base, suggest_unique
from .outcomes import ActionResult, PreviewItem, SpecCheck, SubmitRejected
from .poller import Poller
from .preview import preview_documents
from .service import ServiceGateway
from .storage import StorageBrowser

SUBMIT_ATTEMPTS = 5
RETRY_FOLDER = "_retry"
OUTPUTS_COUNTED = 10_000  # blobs counted under a target prefix before the check says "more than"


def _age_words(seconds: float) -> str:
    """How long ago, in the words of a warning: `<1 min`, `12 min`, `3 h`, `5 d`."""
    if seconds < 60:
        return "<1 min"
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 2 * 86400:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} d"


class Actions:
    def __init__(
        self,
        profile: str,
        gateway: ServiceGateway,
        cache: JobCache,
        storage: StorageBrowser | None,
        poller: Poller,
        bus: EventBus,
        activity: ActivityLog,
        read_only: bool,
    ) -> None:
        self._profile = profile
        self._gateway = gateway
        self._cache = cache
        self._storage = storage
        self._poller = poller
        self._bus = bus
        self._activity = activity
        self.read_only = read_only

    async def _taken_names(self) -> set[str]:
        return {c.name for c in await self._cache.jobs(self._profile, include_deleted=False)}

    async def _record(self, job: Job) -> None:
        self._poller.track(job)
        await self._cache.upsert_jobs(self._profile, [job], seen_at=utcnow())

    async def _audit(self, action: str, targets: list[str] | str, ok: bool, detail: str) -> None:
        await self._cache.audit(self._profile, action, targets, "ok" if ok else "error", detail)  # type: ignore[arg-type]
        self._activity.add(
            "action", action, ", ".join(targets) if isinstance(targets, list) else targets, "ok" if ok else detail[:120]
        )

    # -- checking -------------------------------------------------------------------------------

    async def check(self, spec: JobSpec, name: str | None = None) -> SpecCheck:
        """Validate locally: the spec, the name, and what the prefix matches in storage."""
        taken = await self._taken_names()
        if not name:
            name = suggest_unique(default_name(spec.operation.value, spec.source_prefix, utcnow()), taken)
        result = SpecCheck(name=name, problems=validate_spec(spec))
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
        if any(p.target.endswith("location") for p in result.problems) or self._storage is None:
            return result
        try:
            stats = await self._storage.prefix_stats(
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
            result.problems.append(
                Problem("sourceLocation.prefix", "no document matches this prefix and these extensions")
            )
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
        warning = await self._outputs_warning(spec)
        if warning:
            result.warnings.append(warning)
        return result

    async def _outputs_warning(self, spec: JobSpec) -> str | None:
        """What already lies under the target prefix, and what it means for this job: a job without
        overwrite fails every document whose output exists (OutputAlreadyExists)."""
        assert self._storage is not None
        source = spec.source_location.rstrip("/")
        inputs = spec.source_prefix if spec.effective_target_location.rstrip("/") == source else None
        count, newest, more = 0, None, False
        try:
            async for blob in self._storage.iter_matching(spec.effective_target_location, spec.target_prefix):
                if inputs and blob.name.startswith(inputs):
                    continue  # one of this job's inputs (the target prefix holds the source prefix)
                if count == OUTPUTS_COUNTED:
                    more = True
                    break
                count += 1
                if blob.last_modified is not None and (newest is None or blob.last_modified > newest):
                    newest = blob.last_modified
        except DeidError as error:
            return f"could not look under the target prefix from this machine ({error.title})"
        if not count:
            return None
        where = f"the target prefix {spec.target_prefix or '(the whole container)'}"
        blobs = f"more than {count:,} blobs" if more else f"{count:,} blob{'s' if count != 1 else ''}"
        age = f", the newest written {_age_words((utcnow() - newest).total_seconds())} ago" if newest else ""
        if spec.overwrite:
            return f"{where} already holds {blobs}{age}: outputs with the same names will be replaced"
        return (
            f"{where} already holds {blobs}{age}: without overwrite, each document whose output is among them "
            "will fail with OutputAlreadyExists (turn overwrite on, or choose another target prefix)"
        )

    # -- submitting -------------------------------------------------------------------------------

    async def submit(
        self,
        spec: JobSpec,
        name: str | None = None,
        *,
        kind: str = "submit",
        parent: str | None = None,
        check: bool = True,
        warnings: Iterable[str] = (),
    ) -> ActionResult:
        """Check, record the intent, PUT (retrying a lost answer idempotently), and confirm."""
        result = await self.check(spec, name) if check else SpecCheck(name=name or "")
        if not result.ok:
            await self._audit(kind, result.name, False, f"rejected locally: {result.problems[0]}")
            raise SubmitRejected(result)
        name = result.name
        intent = await self._cache.record_intent(self._profile, name, spec, kind=kind, parent=parent)  # type: ignore[arg-type]
        try:
            job = await self._put(name, spec)
        except DeidError as error:
            await self._cache.resolve_intent(intent.id, "failed", str(error))
            await self._audit(kind, name, False, str(error))
            raise
        await self._cache.resolve_intent(intent.id, "confirmed")
        await self._record(job)
        if parent:
            await self._cache.set_parent(self._profile, name, parent, kind="retry" if kind == "retry" else "resubmit")
        all_warnings = tuple(result.warnings) + tuple(warnings)
        await self._audit(kind, name, True, f"{spec.operation.value} {spec.source_prefix} -> {spec.target_prefix}")
        return ActionResult(name, True, f"Submitted {name}", job, all_warnings)

    async def _put(self, name: str, spec: JobSpec) -> Job:
        """The PUT is idempotent on the service, so a lost answer is retried with the same body."""
        delay = 0.5
        for attempt in range(1, SUBMIT_ATTEMPTS + 1):
            try:
                return await self._gateway.create_job(name, spec)
            except Conflict:
                existing = await self._existing(name)
                if existing is not None and existing.spec == spec:
                    return existing  # our earlier attempt went through
                raise
            except (NetworkError, ServiceDown, Throttled):
                if attempt == SUBMIT_ATTEMPTS:
                    raise
                existing = await self._existing(name)
                if existing is not None and existing.spec == spec:
                    return existing
                await asyncio.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    async def _existing(self, name: str) -> Job | None:
        try:
            return await self._gateway.get_job(name, Priority.ACTION)
        except NotFound:
            return None
        except (NetworkError, ServiceDown, Throttled):
            return None

    async def reconcile_intents(self) -> list[str]:
        """Settle submissions a crash left between intent and confirmation: none lost, none doubled."""
        settled = []
        for intent in await self._cache.pending_intents(self._profile):
            try:
                existing = await self._gateway.get_job(intent.name, Priority.ACTION)
            except NotFound:
                existing = None
            except DeidError:
                continue  # try again next start
            if existing is not None and existing.spec != intent.spec:
                await self._cache.resolve_intent(intent.id, "failed", "another job took the name meanwhile")
                self._bus.publish(
                    Notice(
                        "warning",
                        f"Submission of {intent.name} was not completed",
                        "A different job with that name exists on the service.",
                        intent.name,
                    )
                )
                continue
            try:
                job = existing or await self._put(intent.name, intent.spec)
            except DeidError as error:
                await self._cache.resolve_intent(intent.id, "failed", str(error))
                continue
            await self._cache.resolve_intent(intent.id, "confirmed", "reconciled at start-up")
            await self._record(job)
            if intent.parent:
                await self._cache.set_parent(
                    self._profile, intent.name, intent.parent, kind="retry" if intent.kind == "retry" else "resubmit"
                )
            await self._audit(intent.kind, intent.name, True, "submission confirmed after a restart")
            self._bus.publish(Notice("info", f"Submission of {intent.name} confirmed after a restart", "", intent.name))
            settled.append(intent.name)
        return settled

    # -- cancel and delete --------------------------------------------------------------------------

    async def cancel(self, names: Iterable[str]) -> list[ActionResult]:
        results = []
        for name in names:
            cached = await self._cache.job(self._profile, name)
            if cached is not None and cached.status.is_terminal:
                results.append(
                    ActionResult(
                        name, False, f"{name} already finished ({cached.status.value})", cached.job, skipped=True
                    )
                )
                continue
            try:
                job = await self._gateway.cancel_job(name)
            except DeidError as error:
                await self._audit("cancel", name, False, str(error))
                results.append(ActionResult(name, False, str(error), error=error))
                continue
            await self._record(job)
            await self._audit("cancel", name, True, f"now {job.status.value}")
            results.append(ActionResult(name, True, f"Canceled {name}", job))
        return results

    async def delete(self, names: Iterable[str]) -> list[ActionResult]:
        """Delete finished jobs' records (documents are never touched); running jobs must be canceled first."""
        results = []
        for name in names:
            cached = await self._cache.job(self._profile, name)
            if cached is not None and cached.status.is_active:
                results.append(
                    ActionResult(name, False, f"{name} is {cached.status.value}; cancel it first", cached.job)
                )
                continue
            try:
                await self._gateway.delete_job(name)
            except NotFound as error:
                if cached is None:  # never known here either: a wrong name, say so
                    results.append(ActionResult(name, False, str(error), error=error))
                    continue
                # Known here but already gone from the service: the outcome the operator wanted.
            except DeidError as error:
                await self._audit("delete", name, False, str(error))
                results.append(ActionResult(name, False, str(error), error=error))
                continue
            await self._poller.forget(name)
            await self._audit("delete", name, True, "record deleted; documents kept")
            results.append(ActionResult(name, True, f"Deleted {name} (its documents are kept)"))
        return results

    # -- resubmit and retry ---------------------------------------------------------------------------

    async def _job(self, name: str) -> Job:
        cached = await self._cache.job(self._profile, name)
        if cached is not None:
            return cached.job
        return await self._gateway.get_job(name, Priority.ACTION)

    async def _free_name(self, base: str, suffix: str) -> str:
        taken = {c.name for c in await self._cache.jobs(self._profile, include_deleted=True)}
        while True:
            candidate = first_free(base, taken, suffix)
            if await self._existing(candidate) is None:
                return candidate
            taken.add(candidate)

    async def resubmit(self, name: str, **changes: object) -> ActionResult:
        """The same specification (with `changes`, e.g. `overwrite=True` or another
        `target_prefix`) under a new name (`<name>-r2`, `-r3`...), lineage recorded."""
        job = await self._job(name)
        spec = job.spec.with_changes(**changes) if changes else job.spec
        new_name = await self._free_name(resubmission_base(name), "r")
        return await self.submit(spec, new_name, kind="resubmit", parent=name)

    async def retry_failed(self, name: str, *, include_unretryable: bool = False) -> ActionResult:
        """Copy the failed inputs a retry can fix under `_retry/<job>/` and submit a job writing
        where the original would have. Failures a retry cannot fix (the input itself: too large,
        not UTF-8, gone; an existing output the job may not overwrite) are left out and named in
        the result's warnings, unless `include_unretryable`."""
        job = await self._job(name)
        if job.status.is_active:
            raise DeidError(
                f"{name} is still {job.status.value}; retry its failed documents once it finishes.",
                title="Job still running",
            )
        if self._storage is None:
            raise DeidError("Retrying needs storage access, and this profile has none.", title="No storage")
        failed: list[Document] = []
        listing = self._gateway.list_documents(name, Priority.ACTION, 1000)
        async for page in listing:
            failed += [d for d in page if d.status is JobStatus.FAILED]
        if not failed:
            raise DeidError(f"{name} has no failed documents.", title="Nothing to retry")
        spec = job.spec
        retry, skipped = split_retryable(failed, spec)
        if include_unretryable:
            retry, skipped = failed, []
        else:
            cleared = await self._outputs_cleared([d for d, reason in skipped if reason == OUTPUT_EXISTS], spec)
            retry += cleared
            skipped = [(d, reason) for d, reason in skipped if d not in cleared]
        if not retry:
            reasons = sorted({reason for _, reason in skipped})
            raise DeidError(
                f"None of the {len(failed)} failed document(s) of {name} can succeed on a retry: {'; '.join(reasons)}.",
                title="Nothing a retry can fix",
                hint="Fix the inputs and resubmit, resubmit with overwrite, or retry anyway "
                "(--include-unretryable in the CLI).",
            )
        folder = f"{RETRY_FOLDER}/{name}/"
        for document in retry:
            container, blob_name = split_blob_url(document.input.location)
            relative = blob_name[len(spec.source_prefix) :] if blob_name.startswith(spec.source_prefix) else blob_name
            await self._storage.copy_within_account(container.url, blob_name, folder + relative)
        retry_spec = spec.with_changes(source_prefix=folder)
        new_name = await self._free_name(resubmission_base(name), "retry")
        warnings = [
            f"{len(retry)} failed document(s) copied under {folder}; outputs go where {name} would have written them"
        ]
        if skipped:
            by_reason: dict[str, int] = {}
            for _, reason in skipped:
                by_reason[reason] = by_reason.get(reason, 0) + 1
            warnings += [f"{count} left out: {reason}" for reason, count in sorted(by_reason.items())]
        if spec.operation is Operation.SURROGATE:
            warnings.append(
                "consistent surrogation does not span the two jobs: a name surrogated in "
                f"{name} may get a different surrogate in {new_name}"
            )
        return await self.submit(retry_spec, new_name, kind="retry", parent=name, warnings=warnings)

    async def _outputs_cleared(self, documents: list[Document], spec: JobSpec) -> list[Document]:
        """The documents that failed on an existing output whose output is gone now (the operator
        cleared the way): a retry can succeed for those."""
        assert self._storage is not None
        cleared = []
        for document in documents:
            _container, blob_name = split_blob_url(document.input.location)
            output = output_blob_name(blob_name, spec.source_prefix, spec.target_prefix)
            target = spec.effective_target_location
            if not await self._storage.exists(target, output):
                cleared.append(document)
        return cleared

    # -- preview ----------------------------------------------------------------------------------

    async def preview(self, spec: JobSpec, samples: int = 3) -> list[PreviewItem]:
        """Run the synchronous endpoint on up to `samples` matching documents, before launching a job."""
        if self._storage is None:
            raise DeidError("Previewing needs storage access, and this profile has none.", title="No storage")
        return await preview_documents(self._storage, self._gateway, spec, samples)
