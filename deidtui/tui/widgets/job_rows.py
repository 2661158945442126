"""What one row of the job queue says: its columns, each job's cells, and what it sorts by.

Rows are computed once per change of a job (never per frame), from the domain's rules, so the
queue says of a job exactly what the detail pane and the CLI say; nothing here imports textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ...domain import rules
from ...domain.jobs import JobView
from ...domain.models import JobStatus
from ...domain.rules import Outcome
from ...domain.sanitize import sanitize_line
from ..formatting import STATUS_SYMBOL, coarse_duration, duration, timestamp


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
# What a job sorts by: values of one sort key are of one type, so they compare with each other.
SortValue = float | int | str | tuple[str, str] | tuple[str, str, str]
SORTS = ("created", "name", "status", "op", "progress", "failed", "time", "source")
FLEET_SORTS = (*SORTS, "service")  # the fleet view also sorts by service (then name)


def fleet_columns(services: list[str]) -> tuple[Column, ...]:
    """The queue's columns in the fleet view: SERVICE after the mark, as wide as the longest name
    (within reason), never dropped on a narrow screen (a job means nothing without its service)."""
    width = min(max([7, *(len(name) for name in services)]), 16)
    return (COLUMNS[0], Column("service", "SERVICE", width, 0), *COLUMNS[1:])


DESCENDING = frozenset({"created", "progress", "failed", "time"})  # biggest first when chosen


@dataclass(frozen=True, slots=True)
class Row:
    """Everything the table shows of one job, computed once per change."""

    name: str
    status: JobStatus
    partial: bool
    cells: dict[str, str]
    done: int
    total: int


def elapsed(view: JobView, now: datetime) -> float:
    """Seconds the job has run (or ran), from its start (or creation) to now (or its last update)."""
    job = view.job
    end = job.last_updated_at if job.status.is_terminal else now
    return max((end - (job.started_at or job.created_at)).total_seconds(), 0.0)


def make_row(view: JobView, now: datetime) -> Row:
    job = view.job
    counts = rules.counts(view)
    outcome = rules.outcome(view)
    done, total = counts.processed, counts.total
    seconds = elapsed(view, now)
    # A running job's cells change at most once a minute (SSH links pay for every repaint).
    if job.status.is_active and 0 < done < total and seconds:
        time_cell = "~" + coarse_duration(seconds / done * (total - done))
    elif job.status.is_active:
        time_cell = coarse_duration(seconds)
    else:
        time_cell = duration(seconds)
    spec = job.spec
    cells = {
        "service": sanitize_line(view.profile),
        "name": sanitize_line(job.name),
        "op": spec.operation.value,
        "status": f"{STATUS_SYMBOL[job.status]} {outcome.value}",
        "failed": str(counts.failed) if counts.failed else "",
        "created": timestamp(job.created_at, now),
        "time": time_cell,
        "route": sanitize_line(f"{spec.source_prefix or '/'} → {spec.target_prefix}"),
    }
    if view.deleted:
        cells["status"] = "␡ deleted"
    return Row(job.name, job.status, outcome is Outcome.PARTIAL, cells, done, total)


def sort_value(view: JobView, key: str, now: datetime) -> SortValue:
    """The value a job sorts by; cheap, so sorting 10,000 jobs never builds their rows."""
    job = view.job
    if key == "created":
        return job.created_at.timestamp()
    if key == "name":
        return job.name.lower()
    if key == "status":
        return (job.status.value, job.name)
    if key == "op":
        return job.spec.operation.value
    if key == "source":
        return (job.spec.source_prefix, job.spec.target_prefix, job.name)
    if key == "service":
        return (view.profile, job.name.lower())
    if key == "time":
        # Finished jobs by how long they took; running ones by their elapsed time, coarsely (a
        # minute), so the order does not churn with every tick.
        seconds = elapsed(view, now)
        return seconds if job.status.is_terminal else seconds // 60 * 60
    counts = rules.counts(view)
    if key == "progress":
        return counts.processed / counts.total if counts.total else 0.0
    return counts.failed
