"""Jobs read in brief (`domain.briefs.JobBrief`) straight from their rows: what the queue and the
poller take from every job the feed publishes, and nothing more.

Reading a page as whole views decoded each job's datetimes, spec, summary and progress, and the
queue then kept a brief of each: 10,000 jobs took about 70 ms of decoding and 50 ms of briefing on
top of the query. Read here, a brief costs one tuple of a narrower row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import aiosqlite

from ..collector import collector_paused
from ..domain.briefs import JobBrief, route_of
from ..domain.models import JobStatus, Operation
from ..domain.rules import counts_from, outcome_of
from .codec import STATUS_BY_VALUE
from .job_reads import Reader

SELECT_BRIEFS = (
    "SELECT j.name, j.status, j.operation, j.source_prefix, j.target_prefix, j.created_at, j.started_at, "
    "j.last_updated_at, j.summary_total, j.summary_successful, j.summary_failed, j.summary_canceled, "
    "j.deleted_at IS NOT NULL, j.docs_total, j.docs_succeeded, j.docs_failed, j.docs_canceled, j.rev, r.run "
    "FROM jobs j LEFT JOIN run_jobs r ON r.profile = j.profile AND r.job_name = j.name"
)
_OPERATIONS = {operation.value: operation for operation in Operation}


def decode_briefs(profile: str, rows: Iterable[Sequence[Any]]) -> list[JobBrief]:
    """SELECT_BRIEFS rows as briefs: equal to `brief_of` the whole views of the same rows (the
    counts and outcome come from the same rules, `counts_from` and `outcome_of`)."""
    iso = datetime.fromisoformat
    statuses = STATUS_BY_VALUE
    briefs: list[JobBrief] = []
    append = briefs.append
    for (
        name, status, operation, source, target, created, started, updated, s_total, s_succeeded, s_failed,
        s_canceled, deleted, d_total, d_succeeded, d_failed, d_canceled, revision, run,
    ) in rows:  # fmt: skip
        state = statuses.get(status) or JobStatus.parse(status)
        counts = counts_from(
            state.is_terminal,
            (s_total, s_succeeded, s_failed, s_canceled) if s_total is not None else None,
            (d_total, d_succeeded, d_failed, d_canceled) if d_total else None,
        )
        append(
            JobBrief(
                name,
                profile,
                state,
                bool(deleted),
                outcome_of(state, counts.succeeded),
                counts.failed,
                _OPERATIONS[operation],
                iso(created).timestamp(),
                iso(started).timestamp() if started else None,
                iso(updated).timestamp(),
                route_of(source, target),
                counts.processed,
                counts.total,
                revision,
                run,
                s_total is not None,
            )
        )
    return briefs


def brief_reader(conn: aiosqlite.Connection, profile: str) -> Reader[JobBrief]:
    """Reads briefs of the rows `where` chooses (see `jobs.changed_since`)."""

    async def read(where: str, params: tuple[Any, ...]) -> list[JobBrief]:
        # The collector is paused while the page's rows are fetched and decoded: neither holds a
        # cycle, and its passes over them (the queue's 50,000 briefs in sight) were as long as the
        # decoding (50,000 jobs in brief: 2.9x a bare read of the rows with it, 2.5x without).
        with collector_paused():
            async with conn.execute(f"{SELECT_BRIEFS} WHERE {where}", params) as cursor:
                return decode_briefs(profile, await cursor.fetchall())

    return read
