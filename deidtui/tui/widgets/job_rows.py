"""What one row of the job queue says: its columns, each job's cells, and what it sorts by.

Rows are computed once per change of a job (never per frame), from the domain's rules, so the
queue says of a job exactly what the detail pane and the CLI say; nothing here imports textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ...domain.briefs import JobBrief
from ...domain.models import JobStatus
from ...domain.rules import Outcome
from ...domain.sanitize import sanitize_line
from ..formatting import STATUS_SYMBOL, coarse_duration, duration, timestamp
from .job_columns import ACTIVE_CODES, OPERATIONS, STATUSES, JobColumns


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    width: int  # what it takes when there is room; 0: takes the remaining width
    drop: int = 0  # the narrowing step that leaves it out (0: never)
    shrink: int = 0  # the narrowing step that narrows it down to `min_width` (0: never)
    min_width: int = 0
    align: str = "left"


# When the queue is narrower than every column, it gives up room one step at a time, in this order:
# 1 the route, 2 CREATED and 3 OP (each in the detail pane, and `s` still sorts by them); then
# 4 the progress bar narrows down to `done/total` (the numbers carry the news, the bar repeats
# them); 5 NAME narrows to 16 (enough to tell jobs apart, the detail pane has it whole); only then
# 6 FAIL (the status already says failed or partial), 7 TIME and 8 PROGRESS. STATUS and the name
# are never dropped. An 80-column queue keeps STATUS, PROGRESS, FAIL and TIME even with 36-character
# names; with the storage pane beside it (110 columns and more) OP and CREATED come back.
COLUMNS = (
    Column("mark", "", 1),
    Column("name", "NAME", 24, shrink=5, min_width=16),
    Column("op", "OP", 9, drop=3),
    Column("status", "STATUS", 11),
    Column("progress", "PROGRESS", 20, drop=8, shrink=4, min_width=9),
    Column("failed", "FAIL", 5, drop=6, align="right"),
    Column("created", "CREATED", 12, drop=2),
    Column("time", "TIME", 7, drop=7, align="right"),
    Column("route", "SOURCE → TARGET", 0, drop=1),
)
ROUTE_MIN_WIDTH = 12  # narrower than this, the route says nothing: it is left out


def fit_columns(width: int, name_width: int, columns: tuple[Column, ...] = COLUMNS) -> list[tuple[Column, int]]:
    """The `columns` that fit in `width` cells, with their widths, narrowed step by step in the
    order their `drop` and `shrink` steps give; the route takes what is left."""
    kept = list(columns)
    widths = {c.key: name_width if c.key == "name" else c.width for c in kept}

    def needed() -> int:
        cells = sum(widths[c.key] if c.width else ROUTE_MIN_WIDTH for c in kept)
        return cells + len(kept) - 1

    steps = sorted(
        [(c.drop, "drop", c) for c in columns if c.drop] + [(c.shrink, "shrink", c) for c in columns if c.shrink]
    )
    for _step, kind, column in steps:
        excess = needed() - width
        if excess <= 0:
            break
        if kind == "drop":
            kept.remove(column)
        elif column in kept:
            floor = min(column.min_width, widths[column.key])
            widths[column.key] = max(floor, widths[column.key] - excess)
    fixed = sum(widths[c.key] for c in kept if c.width) + len(kept) - 1
    return [(c, widths[c.key] if c.width else max(width - fixed, 0)) for c in kept]


# What a job sorts by: values of one sort key are of one type, so they compare with each other.
SortValue = float | int | str | tuple[str, str] | tuple[str, float] | tuple[str, str, float]
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


def elapsed(job: JobBrief, now: datetime) -> float:
    """Seconds the job has run (or ran), from its start (or creation) to now (or its last update)."""
    return _elapsed_at(job, now.timestamp())


def _elapsed_at(job: JobBrief, now: float) -> float:
    end = job.updated if job.status.is_terminal else now
    return max(end - (job.created if job.started is None else job.started), 0.0)


def make_row(job: JobBrief, now: datetime) -> Row:
    done, total = job.done, job.total
    seconds = elapsed(job, now)
    # A running job's cells change at most once a minute (SSH links pay for every repaint).
    if job.status.is_active and 0 < done < total and seconds:
        time_cell = "~" + coarse_duration(seconds / done * (total - done))
    elif job.status.is_active:
        time_cell = coarse_duration(seconds)
    else:
        time_cell = duration(seconds)
    cells = {
        "service": sanitize_line(job.profile),
        "name": sanitize_line(job.name),
        "op": job.operation.value,
        "status": f"{STATUS_SYMBOL[job.status]} {job.outcome.value}",
        "failed": str(job.failed) if job.failed else "",
        "created": timestamp(job.created_at, now),
        "time": time_cell,
        "route": sanitize_line(f"{job.source or '/'} → {job.target}"),
    }
    if job.deleted:
        cells["status"] = "␡ deleted"
    return Row(job.name, job.status, job.outcome is Outcome.PARTIAL, cells, done, total)


def sort_value(job: JobBrief, key: str, now: datetime) -> SortValue:
    """The value a job sorts by under `key` (what `sort_function` gives for it in the queue)."""
    columns = JobColumns()
    return sort_function(columns, key, now)(columns.put(job.name, job))


def sort_function(columns: JobColumns, key: str, now: datetime) -> Callable[[int], SortValue]:
    """What the jobs in `columns` sort by under `key`: a function of a job's slot, chosen once per
    sort and read straight from the columns (at 50,000 jobs a chain of tests per job was half the
    cost of `s`); the commonest are C-level lookups."""
    if key == "created":
        return columns.created.__getitem__
    if key == "failed":
        return columns.failed.__getitem__
    names, created = columns.names, columns.created
    if key == "name":
        return lambda slot: names[slot].lower()
    # Statuses and operations are StrEnums: they compare as their text.
    # Within one status (or source), the newest job first: what an operator looks for there, and
    # a number to compare, where a name compared letter by letter in strings spread through memory
    # (50,000 of them) took half the time of `s`.
    if key == "status":
        status = columns.status
        return lambda slot: (STATUSES[status[slot]], -created[slot])
    if key == "op":
        operation = columns.operation
        return lambda slot: OPERATIONS[operation[slot]]
    if key == "source":
        routes = columns.routes
        return lambda slot: (routes[slot], -created[slot])  # the route compares as (source, target) does
    if key == "service":
        profiles, profile = columns.profiles.values, columns.profile
        return lambda slot: (profiles[profile[slot]] or "", names[slot].lower())
    if key == "time":
        return _time_function(columns, now.timestamp())
    done, total = columns.done, columns.total
    return lambda slot: done[slot] / total[slot] if total[slot] else 0.0  # progress


def _time_function(columns: JobColumns, at: float) -> Callable[[int], float]:
    """Finished jobs by how long they took; running ones by their elapsed time, coarsely (a
    minute), so the order does not churn with every tick (`elapsed`, written out over columns)."""
    status, created, started, updated = columns.status, columns.created, columns.started, columns.updated

    def time_value(slot: int) -> float:
        begin = started[slot]
        if begin != begin:  # NaN: not started
            begin = created[slot]
        if status[slot] in ACTIVE_CODES:
            seconds = at - begin
            return seconds // 60 * 60 if seconds > 0.0 else 0.0
        seconds = updated[slot] - begin
        return seconds if seconds > 0.0 else 0.0

    return time_value
