"""The poller's narrow reads and writes of the cache (issue 16: a sweep writes only what changed,
and reads no more than it compares): listed rows written as they are, the rows read ahead of a
page, the jobs a full sweep did not list, and what the poller watches at start. A part of
`JobCache`, which the engine, the dashboard and the CLI use."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from typing import Any

from ..domain.models import JobStatus, utcnow
from . import jobs as job_rows
from . import spans
from .codec import dt, ts
from .connection import CacheFile, profile_key
from .records import JobChange, RowChange
from .spans import StoredSpan


class SweepRows(CacheFile):
    """The sweep's and the poller's queries (`JobCache` holds the rest)."""

    async def mark_missing(
        self,
        profile: str,
        present: set[str],
        *,
        seen_at: datetime | None = None,
        sweep_started_at: datetime | None = None,
        among: Collection[str] | None = None,
    ) -> list[JobChange]:
        """After a complete sweep, flag jobs not in `present` as deleted (history is kept).

        Jobs last seen at or after `sweep_started_at` are spared: they may have been created
        after the listing passed them. Also records the sweep time under META_LAST_SWEEP.
        `among`: the only cached jobs that may be missing, as the sweep found them page by page
        (`unlisted_between`); None: every cached job is looked at.
        """
        seen = ts(seen_at or utcnow())
        started = ts(sweep_started_at) if sweep_started_at is not None else None
        async with self._write() as conn:
            return await job_rows.mark_missing(conn, profile_key(profile), set(present), seen, started, among)

    async def unlisted_between(
        self, profile: str, low: datetime | None, high: datetime | None, listed: Collection[str]
    ) -> list[str]:
        """Cached, not deleted jobs created at or after `low` and before `high` (None: no bound)
        whose names are not in `listed`. A sweep asks this of each page, for the span of creation
        times from the page's oldest job to the previous page's: the spans cover every cached job
        once, so what they return, less what any page listed, is what the service no longer
        lists, found while the next page is fetched instead of in one query of every name at the
        end (90 ms at 50,000 jobs, after the last page)."""
        async with self._read() as conn:
            return await job_rows.unlisted_between(
                conn, profile_key(profile), ts(low) if low else None, ts(high) if high else None, listed
            )

    async def upsert_listed(
        self,
        profile: str,
        rows: Iterable[tuple[str, Sequence[Any]]],
        *,
        seen_at: datetime | None = None,
        stamp_unchanged: bool = True,
        ahead: StoredSpan | None = None,
    ) -> list[RowChange]:
        """`upsert_jobs` for listed jobs given as (name, row of JOB_FIELDS as `codec.job_row` makes
        it, e.g. `engine.listed.cache_row`): the same rules, but nothing is decoded or encoded,
        an unchanged job only has its `last_seen` stamped (unless `stamp_unchanged` is false: a
        full sweep, whose start stamps them all once it completes), and what changed comes back
        without its decoded job (`RowChange`). `ahead`: the stored rows read ahead (`read_span`):
        a full sweep's page that only repeats them, with nothing written since, is not written at all."""
        seen = ts(seen_at or utcnow())
        rows = list(rows)
        if ahead is not None and not stamp_unchanged and ahead.repeats(rows):
            async with self._read() as conn:
                if ahead.source is conn and await spans.revision(conn) == ahead.revision:
                    return []  # as if written now: a transaction would find every row as it was
        async with self._write() as conn:
            return await job_rows.write_rows(
                conn,
                profile_key(profile),
                ((name, tuple(row)) for name, row in rows),
                seen,
                stamp_unchanged=stamp_unchanged,
                ahead=ahead,
            )

    async def read_span(self, profile: str, before: str | None, limit: int) -> StoredSpan:
        """The stored rows of the `limit` newest jobs created before `before` (the stored text of
        a createdAt; None: the newest), for `upsert_listed` to compare a page with later
        (`spans.StoredSpan`): a sweep reads them while the page is fetched."""
        async with self._read() as conn:
            return await spans.read_span(conn, profile_key(profile), before, limit)

    async def watched_jobs(self, profile: str) -> list[tuple[str, datetime, str, bool]]:
        """What the poller watches at start, and nothing more: each unfinished, not deleted job's
        (name, createdAt, status value, whether it has a summary), never the decoded job."""
        active = json.dumps([status.value for status in JobStatus if status.is_active])
        async with (
            self._read() as conn,
            conn.execute(
                "SELECT name, created_at, status, summary_total IS NOT NULL FROM jobs WHERE profile = ? "
                "AND deleted_at IS NULL AND status IN (SELECT value FROM json_each(?))",
                (profile_key(profile), active),
            ) as cursor,
        ):
            return [
                (name, dt(created), status, bool(summary)) for name, created, status, summary in await cursor.fetchall()
            ]

    async def count_created_since(self, profile: str, since: datetime) -> int:
        """How many listed (not deleted) jobs were created at or after `since`: how deep in the
        newest-first listing a job created then lies (the poller's cost model)."""
        async with (
            self._read() as conn,
            conn.execute(
                "SELECT count(*) FROM jobs WHERE profile = ? AND created_at >= ? AND deleted_at IS NULL",
                (profile_key(profile), ts(since)),
            ) as cursor,
        ):
            row = await cursor.fetchone()
        return int(row[0]) if row else 0
