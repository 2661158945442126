"""What one row of the job queue says: its columns, each job's cells, and what it sorts by.

Rows are computed once per change of a job (never per frame); nothing here imports textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ...cache import CachedJob
from ...domain.models import JobStatus
from ...domain.sanitize import sanitize_line
from ..formatting import STATUS_LABEL, STATUS_SYMBOL, coarse_duration, duration, timestamp


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    width: int  # 0: takes the remaining width
    priority: int  # columns with the highest number are dropped first on narrow screens
    align: str = "left"


COLUMNS = (
    Column("mark", "", 1, 0),
    Column("name", "NAME", 24, 0),
    Column("op", "OP", 9, 2),
    Column("status", "STATUS", 11, 0),
    Column("progress", "PROGRESS", 20, 1),
    Column("failed", "FAIL", 5, 1, "right"),
    Column("created", "CREATED", 12, 3),
    Column("time", "TIME", 7, 2, "right"),
    Column("route", "SOURCE → TARGET", 0, 4),
)
SORTS = ("created", "name", "status", "op", "progress", "failed")


@dataclass(frozen=True, slots=True)
class Row:
    """Everything the table shows of one job, computed once per change."""

    name: str
    status: JobStatus
    partial: bool
    cells: dict[str, str]


def make_row(cached: CachedJob, now: datetime) -> Row:
    job = cached.job
    progress = cached.progress
    # "Done" counts processed documents (succeeded or failed); canceled ones were never processed.
    total = progress.total if progress else 0
    done = progress.succeeded + progress.failed if progress else 0
    failed = progress.failed if progress else 0
    if job.summary is not None and job.status.is_terminal:
        total, failed = job.summary.total, job.summary.failed
        done = job.summary.successful + job.summary.failed
    partial = job.status is JobStatus.FAILED and job.summary is not None and job.summary.successful > 0
    end = job.last_updated_at if job.status.is_terminal else now
    start = job.started_at or job.created_at
    elapsed = (end - start).total_seconds() if start else None
    # A running job's cells change at most once a minute (SSH links pay for every repaint).
    if job.status.is_active and 0 < done < total and elapsed:
        eta = elapsed / done * (total - done)
        time_cell = "~" + coarse_duration(eta)
    elif job.status.is_active:
        time_cell = coarse_duration(elapsed)
    else:
        time_cell = duration(elapsed)
    spec = job.spec
    cells = {
        "name": sanitize_line(job.name),
        "op": spec.operation.value,
        "status": f"{STATUS_SYMBOL[job.status]} {'partial' if partial else STATUS_LABEL[job.status]}",
        "progress": (done, total),  # type: ignore[dict-item]
        "failed": str(failed) if failed else "",
        "created": timestamp(job.created_at, now),
        "time": time_cell,
        "route": sanitize_line(f"{spec.source_prefix or '/'} → {spec.target_prefix}"),
    }
    if cached.deleted:
        cells["status"] = "␡ deleted"
    return Row(job.name, job.status, partial, cells)


def sort_value(cached: CachedJob, key: str) -> object:
    """The value a job sorts by; cheap, so sorting 10,000 jobs never builds their rows."""
    job = cached.job
    if key == "created":
        return job.created_at.timestamp()
    if key == "name":
        return job.name.lower()
    if key == "status":
        return (job.status.value, job.name)
    if key == "op":
        return job.spec.operation.value
    summary, progress = job.summary, cached.progress
    if job.status.is_terminal and summary is not None:
        total, done, failed = summary.total, summary.successful + summary.failed, summary.failed
    elif progress is not None:
        total, done, failed = progress.total, progress.succeeded + progress.failed, progress.failed
    else:
        total = done = failed = 0
    if key == "progress":
        return done / total if total else 0.0
    return failed
