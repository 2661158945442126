"""The stored rows a sweep's page will most likely list, read while the page is fetched.

A sweep compares each listed job with its stored row. Read after the page arrived, those rows
took half of what a warm sweep of 1,000 jobs (one page) spent beyond the request itself; read
ahead (`read_span`, driven by `engine.read_ahead`), the read overlaps the wait for the page, and
the same rows answer which cached jobs of the page's span it did not list (`StoredSpan.unlisted`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite

from .codec import J_CREATED, JOB_FIELDS

_N = len(JOB_FIELDS)

# A stored row as `write_rows` compares it: name, JOB_FIELDS..., first_seen, deleted_at, incarnation.
STORED = f"SELECT name, {', '.join(JOB_FIELDS)}, first_seen, deleted_at, incarnation FROM jobs WHERE profile = ?"
_CREATED, _FIELDS_END, _DELETED = 1 + J_CREATED, 1 + _N, 1 + _N + 1  # in a stored row


@dataclass(frozen=True, slots=True)
class StoredSpan:
    """Stored rows of the newest jobs created before a time, read ahead of the write they serve
    (`read_span`): a sweep reads the rows a page will most likely list while that page is
    fetched, instead of after it arrives. Trusted by `write_rows` only while the revision it was
    read at is still the latest, through the same connection."""

    source: object  # the connection it was read through
    revision: int
    rows: dict[str, Sequence[Any]]  # name -> the stored row (`STORED`), newest first
    before: str | None  # every row was created before this (None: the newest rows)
    floor: str | None  # every stored job created in [floor, before) is here; None: every one before `before`
    current: dict[str, tuple[Any, ...]]  # name -> JOB_FIELDS of each job not deleted (`fields`)

    def unlisted(self, low: str | None, high: str | None, listed: Collection[str]) -> list[str] | None:
        """`unlisted_between` answered from these rows, or None when they may not hold every job
        created in [low, high). The rows may be older than the cache (a sweep reads them ahead): a
        job written since by another process is only not a candidate this time, and
        `mark_missing` checks each candidate again."""
        if self.before is not None and (high is None or high > self.before):
            return None
        if self.floor is not None and (low is None or low < self.floor):
            return None
        rows = self.rows
        if listed:  # a page's span: most of its jobs are listed
            return [name for name in rows.keys() - listed if _within(rows[name], low, high)]
        found = []
        for name, row in reversed(rows.items()):  # oldest first: the rows are read newest first
            if high is not None and row[_CREATED] >= high:
                break
            if _within(row, low, high):
                found.append(name)
        return found

    def fields(self, name: str) -> tuple[Any, ...] | None:
        """The stored JOB_FIELDS of a job these rows hold and that is not deleted, else None."""
        return self.current.get(name)

    def repeats(self, rows: Iterable[tuple[str, Sequence[Any]]]) -> bool:
        """Whether every listed row (name, JOB_FIELDS as stored) is one of these rows, unchanged
        and not deleted: storing them would write nothing. A row that is the very tuple `fields`
        gave (a sweep found the job as stored) is not compared again."""
        current = self.current
        for name, row in rows:
            stored = current.get(name)
            if stored is None or (stored is not row and stored != tuple(row)):
                return False
        return True


def _within(row: Sequence[Any], low: str | None, high: str | None) -> bool:
    """A stored row of a job not deleted and created in [low, high) (None: no bound)."""
    created = row[_CREATED]
    return row[_DELETED] is None and (low is None or created >= low) and (high is None or created < high)


async def revision(conn: aiosqlite.Connection) -> int:
    """The cache's revision: raised by every write of a job (see schema.MIGRATION_3)."""
    async with conn.execute("SELECT value FROM revision") as cursor:
        (value,) = await cursor.fetchone() or (0,)
    return int(value)


async def read_span(conn: aiosqlite.Connection, profile: str, before: str | None, limit: int) -> StoredSpan:
    """The stored rows of `profile`'s `limit` newest jobs created before `before` (None: the
    newest), deleted ones included, and the revision they were read at (one statement: one
    snapshot). One row more is read, to know whether the oldest kept shares its creation time
    with rows left out: then the rows of that time are left out too (the next span holds them)."""
    query = f"SELECT (SELECT value FROM revision), {STORED.removeprefix('SELECT ')}"
    params: tuple[Any, ...] = (profile,)
    if before is not None:
        query += " AND created_at < ?"
        params += (before,)
    async with conn.execute(query + " ORDER BY created_at DESC LIMIT ?", (*params, limit + 1)) as cursor:
        rows = list(await cursor.fetchall())
    if not rows:
        return StoredSpan(conn, await revision(conn), {}, before, None, {})
    read_at, floor = rows[0][0], None
    if len(rows) > limit:
        beyond = rows.pop()[1 + _CREATED]
        while rows and rows[-1][1 + _CREATED] == beyond:
            rows.pop()
        if not rows:  # more than `limit` created at one time: a span of nothing, [beyond, beyond)
            return StoredSpan(conn, read_at, {}, beyond, beyond, {})
        floor = rows[-1][1 + _CREATED]
    current = {row[1]: row[2 : 1 + _FIELDS_END] for row in rows if row[1 + _DELETED] is None}
    return StoredSpan(conn, read_at, {row[1]: row[1:] for row in rows}, before, floor, current)
