"""A job in brief: the few fields the queue shows, sorts and filters, and the poller schedules by.

The queue holds every cached job at once (10,000 and more), so it keeps the fields of a brief of
each (in columns: `tui.widgets.job_columns`), not the cache's whole view (the job's spec, summary,
error, progress and bookkeeping, datetimes): at 10,000 jobs the whole views were about 9 MB. The
cache reads briefs straight from its rows (`cache.briefs`), without building the whole view first,
and the engine's feed publishes them. Whatever needs the whole job (an action's form, the detail
pane) reads it from the cache: always the current one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from . import rules
from .jobs import JobView
from .models import Operation
from .rules import Standing

# Between the source and target prefixes in a brief's `route`. It sorts before every other
# character, so routes compare as (source, target) pairs do: the source sort compares one string.
ROUTE_SEPARATOR = "\0"


def route_of(source: str, target: str) -> str:
    """The source and target prefixes as one string: a job held by the queue keeps one string for
    both (at 50,000 jobs a second string each was 2.5 MB). deidtui submits no prefix with a control
    character in it; a listed job whose source prefix held a NUL has U+FFFD in its place here."""
    if ROUTE_SEPARATOR in source:
        source = source.replace(ROUTE_SEPARATOR, "\ufffd")
    return f"{source}{ROUTE_SEPARATOR}{target}"


@dataclass(slots=True)
class JobBrief(Standing):
    """A job in brief (`Standing` holds what the action rules read). Times are POSIX seconds: a
    float is half the size of a datetime."""

    operation: Operation
    created: float
    started: float | None
    updated: float
    route: str  # the source and target prefixes in one string (see `route_of`)
    done: int  # processed documents (succeeded and failed)
    total: int
    revision: int  # the cache's revision of the row it was read from
    run: str | None
    summarized: bool  # the service sent a summary (a running job's progress then comes with the listing)

    @property
    def source(self) -> str:
        return self.route.partition(ROUTE_SEPARATOR)[0]

    @property
    def target(self) -> str:
        return self.route.partition(ROUTE_SEPARATOR)[2]

    @property
    def succeeded(self) -> int:
        return self.done - self.failed

    @property
    def created_at(self) -> datetime:
        return datetime.fromtimestamp(self.created, UTC)


def brief_of(view: JobView) -> JobBrief:
    """The brief of a whole view (its name is shared with the view, not copied); the same as the
    cache reads from the view's row."""
    job = view.job
    counts = rules.counts(view)
    spec = job.spec
    return JobBrief(
        view.name,
        view.profile,
        job.status,
        view.deleted,
        rules.outcome_of(job.status, counts.succeeded),
        counts.failed,
        spec.operation,
        job.created_at.timestamp(),
        job.started_at.timestamp() if job.started_at is not None else None,
        job.last_updated_at.timestamp(),
        route_of(spec.source_prefix, spec.target_prefix),
        counts.processed,
        counts.total,
        view.revision,
        view.run,
        job.summary is not None,
    )
