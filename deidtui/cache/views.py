"""Job views decoded from their cache row on first use.

Reading 10,000 cached jobs used to build 10,000 JobViews at once: a Job, a JobView, five
datetimes, a summary and a progress each, about 6.5 µs a row, twice the cost of fetching the rows.
Most of those are never looked at: the poller keeps names, the queue draws one screenful, and the
changes a write returns are read for their names. A `StoredJobView` keeps its row and decodes it
the first time any field beyond its name, status or revision is read (one row at a time, about
7 µs), and from then on it is an ordinary JobView: equal to the JobView of the same values, and
`dataclasses.replace` works on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from ..domain.jobs import JobView
from ..domain.models import Job, JobSpec, JobStatus, JobSummary, Operation, Progress, ServiceError
from .codec import STATUS_BY_VALUE, extensions_tuple

_FIELDS = tuple(JobView.__dataclass_fields__)
# The slots JobView stores its fields in; StoredJobView's properties of the same names shadow them.
_SLOTS = {name: JobView.__dict__[name] for name in _FIELDS}
_ROW_NAME, _ROW_STATUS = 0, 1
ROW_REV = 34  # the row layout of jobs.SELECT_JOBS; `jobs.py` asserts it
_OPERATIONS = {operation.value: operation for operation in Operation}
_iso = datetime.fromisoformat


@lru_cache(maxsize=1024)
def _spec(*key: Any) -> JobSpec:
    """One JobSpec per distinct set of values: jobs of one pipeline share their containers and
    prefixes, so decoding them job after job builds each spec once (and holds it once)."""
    operation, source, source_prefix, extensions, target, target_prefix, overwrite, redaction, locale, in_locale = key
    return JobSpec(
        source_location=source,
        source_prefix=source_prefix,
        target_prefix=target_prefix,
        operation=_OPERATIONS[operation],
        target_location=target,
        extensions=extensions_tuple(extensions),
        overwrite=bool(overwrite),
        redaction_format=redaction,
        surrogate_locale=locale,
        input_locale=in_locale,
    )


def progress_of(counts: Sequence[int], summary: JobSummary | None) -> Progress | None:
    """Progress from document counters (total, not started, running, succeeded, failed, canceled)."""
    total, not_started, running, succeeded, failed, canceled = counts
    if total:
        by_status = {
            status: n
            for status, n in (
                (JobStatus.NOT_STARTED, not_started),
                (JobStatus.RUNNING, running),
                (JobStatus.SUCCEEDED, succeeded),
                (JobStatus.FAILED, failed),
                (JobStatus.CANCELED, canceled),
            )
            if n
        }
        return Progress(
            total=total, succeeded=succeeded, failed=failed, canceled=canceled, running=running, by_status=by_status
        )
    if summary is not None:
        return Progress.of_summary(summary)
    return None


def decode_row(profile: str, row: Sequence[Any]) -> tuple[Any, ...]:
    """A SELECT_JOBS row as JobView's field values, in field order."""
    (
        name, status, operation, source, source_prefix, extensions, target, target_prefix, overwrite, redaction,
        locale, in_locale, created, started, updated, s_ok, s_failed, s_canceled, s_total, s_bytes, e_code,
        e_message, e_target, first_seen, last_seen, deleted_at, incarnation, *counts, parent, rev, run,
    ) = row  # fmt: skip
    summary = JobSummary(s_ok, s_failed, s_canceled, s_total, s_bytes) if s_total is not None else None
    job = Job(
        name=name,
        spec=_spec(
            operation, source, source_prefix, extensions, target, target_prefix, overwrite, redaction, locale, in_locale
        ),
        status=STATUS_BY_VALUE.get(status) or JobStatus.parse(status),
        created_at=_iso(created),
        last_updated_at=_iso(updated),
        started_at=_iso(started) if started else None,
        summary=summary,
        error=ServiceError(e_code, e_message or "", e_target) if e_code is not None else None,
    )
    return (
        job,
        profile,
        _iso(first_seen),
        _iso(last_seen),
        deleted_at is not None,
        _iso(deleted_at) if deleted_at else None,
        parent,
        progress_of(counts, summary),
        incarnation,
        rev,
        run,
    )


def _lazy_field(name: str) -> property:
    slot = _SLOTS[name]

    def get(self: StoredJobView) -> Any:
        try:
            return slot.__get__(self, JobView)
        except AttributeError:  # not decoded yet
            self._decode()
            return slot.__get__(self, JobView)

    def put(self: StoredJobView, value: Any) -> None:  # JobView.__init__, for dataclasses.replace
        slot.__set__(self, value)

    return property(get, put, doc=f"JobView.{name}, decoded from the row on first use")


class StoredJobView(JobView):
    """A JobView read from the cache, decoded on first use (see the module's docstring)."""

    __slots__ = ("_profile", "_row")

    @classmethod
    def of_rows(cls, profile: str, rows: Sequence[Sequence[Any]]) -> list[JobView]:
        """One undecoded view per SELECT_JOBS row, in order."""
        new, put_row, put_profile = object.__new__, _ROW.__set__, _PROFILE.__set__
        views: list[JobView] = []
        append = views.append
        for row in rows:
            view = new(cls)
            put_row(view, row)
            put_profile(view, profile)
            append(view)
        return views

    def _decode(self) -> None:
        for slot, value in zip(_SLOTS.values(), decode_row(_PROFILE.__get__(self), _ROW.__get__(self)), strict=True):
            slot.__set__(self, value)

    def _raw(self, index: int) -> Any:
        """A column of the row, or None when this view was built from values (dataclasses.replace)."""
        try:
            return _ROW.__get__(self)[index]
        except AttributeError:
            return None

    # Read by every screen, the feed and the poller for every job: answered from the row, never decoded.
    @property
    def name(self) -> str:
        raw = self._raw(_ROW_NAME)
        return raw if raw is not None else self.job.name

    @property
    def status(self) -> JobStatus:
        raw = self._raw(_ROW_STATUS)
        return self.job.status if raw is None else STATUS_BY_VALUE.get(raw) or JobStatus.parse(raw)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, JobView):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _FIELDS)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, name) for name in _FIELDS))


for _name in _FIELDS:
    setattr(StoredJobView, _name, _lazy_field(_name))


def _revision(self: StoredJobView) -> int:
    raw = self._raw(ROW_REV)
    return int(raw) if raw is not None else _SLOTS["revision"].__get__(self, JobView)


# setattr: mypy takes the dataclass field for a plain attribute; the property shadows its slot.
setattr(  # noqa: B010
    StoredJobView, "revision", property(_revision, _lazy_field("revision").fset, doc="JobView.revision, from the row")
)
_ROW = StoredJobView.__dict__["_row"]
_PROFILE = StoredJobView.__dict__["_profile"]
