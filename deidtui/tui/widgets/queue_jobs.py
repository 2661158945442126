"""What the job queue keeps of each job: the few fields its columns, sorts and filter read.

The queue holds every cached job at once (10,000 and more), so it keeps a slim record of each, not
the cache's whole view (the job's spec, summary, error, progress and bookkeeping, datetimes): at
10,000 jobs the whole views were about 9 MB. Whatever needs the whole job (an action's form, the
details screen) reads it from the cache when asked (`JobTable.full_job`): always the current one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ...domain import rules
from ...domain.jobs import JobView
from ...domain.models import Operation
from ...domain.rules import Standing


@dataclass(frozen=True, slots=True)
class QueueJob(Standing):
    """A job as the queue shows, sorts and filters it (`Standing` holds what the action rules read).
    Times are POSIX seconds: a float is half the size of a datetime."""

    operation: Operation
    created: float
    started: float | None
    updated: float
    source: str
    target: str
    done: int  # processed documents (succeeded and failed)
    total: int
    revision: int  # the cache's revision of the view it was made from
    run: str | None

    @property
    def created_at(self) -> datetime:
        return datetime.fromtimestamp(self.created, UTC)


def queue_job(view: JobView) -> QueueJob:
    """The slim record of `view` (its strings are shared with the view, not copied)."""
    job = view.job
    counts = rules.counts(view)
    spec = job.spec
    return QueueJob(
        view.name,
        view.profile,
        job.status,
        view.deleted,
        rules.outcome(view),
        counts.failed,
        spec.operation,
        job.created_at.timestamp(),
        job.started_at.timestamp() if job.started_at is not None else None,
        job.last_updated_at.timestamp(),
        spec.source_prefix,
        spec.target_prefix,
        counts.processed,
        counts.total,
        view.revision,
        view.run,
    )
