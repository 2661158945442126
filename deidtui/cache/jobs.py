"""Job rows written: batched upserts that never regress, each job's history, sweeps that mark
deletions.

Functions here run inside a transaction the caller (JobCache) opened; they take the raw
aiosqlite connection and never commit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

import aiosqlite

from ..domain.models import Job, JobStatus
from .codec import (
    J_CREATED,
    J_STARTED,
    J_STATUS,
    J_UPDATED,
    JOB_FIELDS,
    PROGRESS_FIELDS,
    job_row,
    job_values,
    job_values_from_row,
    status_of,
)
from .job_reads import IN_NAMES, META_LAST_SWEEP, META_LISTED, select
from .journal import set_meta
from .records import ChangeKind, JobChange, RowChange
from .spans import STORED, StoredSpan

_N = len(JOB_FIELDS)
_FIELDS = ", ".join(JOB_FIELDS)

_UPSERT = (
    f"INSERT INTO jobs (profile, name, incarnation, {_FIELDS}, first_seen, last_seen, deleted_at, rev) "
    f"VALUES (?, ?, ?, {', '.join('?' * _N)}, ?, ?, NULL, ?) "
    "ON CONFLICT (profile, name) DO UPDATE SET incarnation = excluded.incarnation, "
    + ", ".join(f"{field} = excluded.{field}" for field in JOB_FIELDS)
    + ", first_seen = excluded.first_seen, last_seen = excluded.last_seen, deleted_at = NULL, rev = excluded.rev"
)
_SET_REVISION = "UPDATE revision SET value = ?"
_TRANSITION = "INSERT INTO transitions (profile, job_name, incarnation, status, at, seen_at) VALUES (?, ?, ?, ?, ?, ?)"
# Counters over cached documents, recomputed rather than adjusted so they can never drift.
REFRESH_PROGRESS = (
    f"UPDATE jobs SET ({', '.join(PROGRESS_FIELDS)}) = (SELECT count(*), "
    + ", ".join(
        f"count(*) FILTER (WHERE d.status = '{status.value}')"
        for status in (
            JobStatus.NOT_STARTED,
            JobStatus.RUNNING,
            JobStatus.SUCCEEDED,
            JobStatus.FAILED,
            JobStatus.CANCELED,
        )
    )
    + " FROM documents d WHERE d.profile = jobs.profile AND d.job_name = jobs.name) "
    f"WHERE profile = ? AND name {IN_NAMES}"
)


def _same(values: tuple[Any, ...]) -> tuple[Any, ...]:
    return values


async def upsert(conn: aiosqlite.Connection, profile: str, jobs: Sequence[Job], seen: str) -> list[JobChange]:
    """Store a page of jobs as polled; return only the jobs that changed (see JobCache.upsert_jobs).

    Compared in `job_values` form (timestamps as datetimes): formatting a timestamp costs more
    than parsing one, and only the rows written are formatted."""
    changes = await write_rows(
        conn, profile, ((job.name, job_values(job)) for job in jobs), seen, stored=job_values_from_row, encode=job_row
    )
    if not changes:
        return []
    current = await select(conn, profile, (change.name for change in changes))
    return [
        JobChange(change.kind, change.name, change.old_status, current[change.name], recreated=change.recreated)
        for change in changes
    ]


async def write_rows(
    conn: aiosqlite.Connection,
    profile: str,
    polled: Iterable[tuple[str, tuple[Any, ...]]],
    seen: str,
    *,
    stored: Callable[[Sequence[Any]], tuple[Any, ...]] = tuple,
    encode: Callable[[tuple[Any, ...]], tuple[Any, ...]] = _same,
    stamp_unchanged: bool = True,
    ahead: StoredSpan | None = None,
) -> list[RowChange]:
    """Store polled jobs (name, values) and return what changed, in input order; nothing is decoded.

    `values` are JOB_FIELDS as `encode` turns them into the stored row, compared with the stored
    row as `stored` reads it (by default both are the stored row itself, as `engine.listed.cache_row`
    builds it). The rows written are stamped with one revision, bumped once for the batch.
    `stamp_unchanged`: write `last_seen` of the jobs found unchanged; a full sweep does not, since
    its start stamps every job it lists at once when it completes (`mark_missing`, META_LISTED).
    `ahead`: stored rows read before this transaction (`read_span`), used only if nothing was
    written since; names it does not hold are read here.
    """
    given = list(polled)
    latest = dict(given)
    if len(latest) < len(given):
        # Duplicates within one page: the newest view wins, as it would across pages.
        latest.clear()
        for name, values in given:
            previous = latest.get(name)
            if previous is None or (values[J_CREATED], values[J_UPDATED]) >= (
                previous[J_CREATED],
                previous[J_UPDATED],
            ):
                latest[name] = values
    if not latest:
        return []
    async with conn.execute(
        "SELECT value + 1, EXISTS (SELECT 1 FROM documents WHERE profile = ?) FROM revision", (profile,)
    ) as cursor:
        stamp = await cursor.fetchone()
    assert stamp is not None  # MIGRATION_3 inserts the one row
    rev, any_documents = stamp
    found: dict[str, Sequence[Any]] = {}
    unread: list[str] = list(latest)
    if ahead is not None and ahead.source is conn and ahead.revision == rev - 1:
        # Read ahead with no write since (every write of a compared column raises the revision,
        # and this transaction holds the write lock): those rows are the stored rows.
        found = {name: ahead.rows[name] for name in latest if name in ahead.rows}
        unread = [name for name in latest if name not in found]
    if unread:
        async with conn.execute(f"{STORED} AND name {IN_NAMES}", (profile, json.dumps(unread))) as cursor:
            found.update((row[0], row) for row in await cursor.fetchall())

    writes: list[tuple[Any, ...]] = []
    rewritten: list[Sequence[Any]] = []  # stored rows about to change: their first status may be unrecorded
    later: list[tuple[Any, ...]] = []  # transitions after a job's first status
    touched: list[str] = []
    recreated: list[str] = []
    changes: list[RowChange] = []
    for name, new in latest.items():
        before = found.get(name)
        if before is None:
            # Its first status is the row itself until the row changes (see `first_transitions`).
            writes.append((profile, name, 1, *encode(new), seen, seen, rev))
            changes.append(RowChange("added", name, None))
            continue
        old = stored(before[1 : _N + 1])
        first_seen, deleted_at, incarnation = before[_N + 1 :]
        if new == old and deleted_at is None:  # the common case first: a sweep finds most jobs as they were
            touched.append(name)
            continue
        if deleted_at is not None and deleted_at > seen:
            continue  # deleted (by this process or another) after this view was asked for: the deletion is newer
        old_status = status_of(old[J_STATUS])
        kind: ChangeKind = "restored" if deleted_at is not None else "changed"
        if new[J_CREATED] != old[J_CREATED]:
            if new[J_CREATED] < old[J_CREATED]:
                continue  # a late view of an earlier job that bore this name
            # Deleted and created again under the same name: a new job. Its history starts a
            # new incarnation; the old timeline stays in `transitions` under the old number.
            rewritten.append(before)
            incarnation += 1
            writes.append((profile, name, incarnation, *encode(new), seen, seen, rev))
            recreated.append(name)
            changes.append(RowChange(kind, name, old_status, recreated=True))
            continue
        if new[J_UPDATED] < old[J_UPDATED]:
            continue  # an older poll answer that arrived late: never regress
        if new[J_UPDATED] == old[J_UPDATED] and old_status.is_terminal and not status_of(new[J_STATUS]).is_terminal:
            continue  # a finished job only becomes active again with a newer lastUpdatedAt
        rewritten.append(before)
        encoded = encode(new)
        writes.append((profile, name, incarnation, *encoded, first_seen, seen, rev))
        if new[J_STATUS] != old[J_STATUS]:
            later.append((profile, name, incarnation, new[J_STATUS], entered_at(encoded), seen))
        changes.append(RowChange(kind, name, old_status))

    if writes:
        # Every row written is a change (a new row, or a watched column differs): one stamp for
        # all of them, so the triggers stamp none (schema.MIGRATION_6). The stamp is the revision
        # read at the start plus one: this transaction holds the write lock since it began.
        await conn.execute(_SET_REVISION, (rev,))
        await conn.executemany(_UPSERT, writes)
    transitions = [*await first_transitions(conn, profile, rewritten), *later]
    if transitions:
        await conn.executemany(_TRANSITION, transitions)
    if touched and stamp_unchanged:
        await conn.execute(
            f"UPDATE jobs SET last_seen = ? WHERE profile = ? AND name {IN_NAMES}",
            (seen, profile, json.dumps(touched)),
        )
    if recreated:
        # Documents belong to the job that is gone; the new one lists its own.
        await conn.execute(
            f"DELETE FROM documents WHERE profile = ? AND job_name {IN_NAMES}", (profile, json.dumps(recreated))
        )
    recount = list(recreated)  # their counters still count the old job's documents
    added = [change.name for change in changes if change.kind == "added"]
    if added and any_documents:
        # Documents may have been cached before their job row: only those jobs need counting.
        async with conn.execute(
            f"SELECT DISTINCT job_name FROM documents WHERE profile = ? AND job_name {IN_NAMES}",
            (profile, json.dumps(added)),
        ) as cursor:
            recount += [row[0] for row in await cursor.fetchall()]
    if recount:
        await conn.execute(REFRESH_PROGRESS, (profile, json.dumps(recount)))
    return changes


# A job's history (`transitions`) is written when it changes, not when it is first seen. Its first
# status is the row itself (status, `entered_at`, first_seen, incarnation) until a write changes
# the row; that write records it first (`first_transitions`), so the history reads the same as if
# it had been written at once. A first sweep of 10,000 finished jobs writes no history at all.


_RUNNING = JobStatus.RUNNING.value
# `entered_at` in SQL, over the jobs table's columns (the stored text sorts as time).
ENTERED_AT = (
    f"CASE WHEN status = '{_RUNNING}' AND started_at IS NOT NULL AND started_at < last_updated_at "
    "THEN started_at ELSE last_updated_at END"
)


def entered_at(row: Sequence[Any]) -> str:
    """When the job entered the status its stored row (JOB_FIELDS) holds: `Job.status_since`'s rule
    on the stored text, nothing decoded. A running job's lastUpdatedAt moves with every document it
    finishes, so the answer that first showed it running may come well after its startedAt."""
    updated, started = row[J_UPDATED], row[J_STARTED]
    if row[J_STATUS] == _RUNNING and started is not None and started < updated:
        return str(started)
    return str(updated)


async def first_transitions(
    conn: aiosqlite.Connection, profile: str, rewritten: Sequence[Sequence[Any]]
) -> list[tuple[Any, ...]]:
    """The first status of each job about to be rewritten, as its stored row (`write_rows`'s
    layout: name, JOB_FIELDS, first_seen, deleted_at, incarnation) says, for those whose history
    has no entry yet for that incarnation."""
    if not rewritten:
        return []
    async with conn.execute(
        f"SELECT DISTINCT job_name, incarnation FROM transitions WHERE profile = ? AND job_name {IN_NAMES}",
        (profile, json.dumps([row[0] for row in rewritten])),
    ) as cursor:
        recorded = set(await cursor.fetchall())
    return [
        (profile, row[0], row[-1], row[1 + J_STATUS], entered_at(row[1 : _N + 1]), row[_N + 1])
        for row in rewritten
        if (row[0], row[-1]) not in recorded
    ]


async def history(
    conn: aiosqlite.Connection, profile: str, name: str, all_incarnations: bool
) -> list[tuple[str, str, str, int]]:
    """A job's (status, at, seen_at, incarnation), oldest first: what `transitions` holds, and its
    first status from the row while the row has not changed since (see `first_transitions`)."""
    async with conn.execute(
        f"SELECT status, {ENTERED_AT}, first_seen, incarnation FROM jobs WHERE profile = ? AND name = ?",
        (profile, name),
    ) as cursor:
        current = await cursor.fetchone()
    if current is None:
        return []
    query = "SELECT status, at, seen_at, incarnation FROM transitions WHERE profile = ? AND job_name = ?"
    params: tuple[Any, ...] = (profile, name)
    if not all_incarnations:
        query += " AND incarnation = ?"
        params += (current[3],)
    async with conn.execute(query + " ORDER BY seq", params) as cursor:
        rows = [tuple(row) for row in await cursor.fetchall()]
    if not any(row[3] == current[3] for row in rows):
        rows.append(tuple(current))
    return rows


async def unlisted_between(
    conn: aiosqlite.Connection, profile: str, low: str | None, high: str | None, listed: Collection[str]
) -> list[str]:
    """Cached, not deleted jobs created in [low, high) (a bound None: open on that side) whose
    names are not in `listed` (see JobCache.unlisted_between)."""
    query, params = "SELECT name FROM jobs WHERE profile = ? AND deleted_at IS NULL", [profile]
    if low is not None:
        query += " AND created_at >= ?"
        params.append(low)
    if high is not None:
        query += " AND created_at < ?"
        params.append(high)
    async with conn.execute(query, params) as cursor:
        return [name for (name,) in await cursor.fetchall() if name not in listed]


async def mark_missing(
    conn: aiosqlite.Connection,
    profile: str,
    present: set[str],
    seen: str,
    sweep_started: str | None,
    among: Collection[str] | None = None,
) -> list[JobChange]:
    """Flag as deleted every listed job of `profile` not in `present`, or only those of `among`
    not in `present` (see JobCache.mark_missing)."""
    if among is None:
        query = f"SELECT name, status FROM jobs WHERE profile = ? AND deleted_at IS NULL AND name NOT {IN_NAMES}"
        params: tuple[Any, ...] = (profile, json.dumps(list(present)))  # unsorted: 50,000 names, on the event loop
    else:
        query = f"SELECT name, status FROM jobs WHERE profile = ? AND deleted_at IS NULL AND name {IN_NAMES}"
        params = (profile, json.dumps([name for name in among if name not in present]))
    if sweep_started is not None:
        # A job first or last seen after the sweep began (a submission confirmed meanwhile)
        # may simply have been created after the listing passed its place.
        query += " AND last_seen < ?"
        params += (sweep_started,)
    async with conn.execute(query, params) as cursor:
        missing: dict[str, JobStatus | None] = {row[0]: status_of(row[1]) for row in await cursor.fetchall()}
    deleted = await _flag_deleted(conn, profile, missing, seen)  # last seen by the sweeps before this one
    await set_meta(conn, profile, META_LAST_SWEEP, seen, seen)
    # Never back: a sweep that started earlier may end later (another process's).
    await set_meta(conn, profile, META_LISTED, sweep_started or seen, seen, never_back=True)
    return deleted


async def mark_deleted(conn: aiosqlite.Connection, profile: str, names: set[str], seen: str) -> list[JobChange]:
    """Flag named jobs as deleted (the service answered 404 for them); not a sweep, so no sweep time."""
    async with conn.execute(
        f"SELECT name, status FROM jobs WHERE profile = ? AND deleted_at IS NULL AND name {IN_NAMES}",
        (profile, json.dumps(sorted(names))),
    ) as cursor:
        found: dict[str, JobStatus | None] = {row[0]: status_of(row[1]) for row in await cursor.fetchall()}
    return await _flag_deleted(conn, profile, found, seen)


async def _flag_deleted(
    conn: aiosqlite.Connection, profile: str, jobs: dict[str, JobStatus | None], seen: str
) -> list[JobChange]:
    if not jobs:
        return []
    await conn.execute(  # its last sighting, which a complete sweep may have stamped only in META_LISTED
        "UPDATE jobs SET deleted_at = ?, last_seen = max(last_seen, "
        "coalesce((SELECT value FROM meta WHERE profile = jobs.profile AND key = ?), last_seen)) "
        f"WHERE profile = ? AND name {IN_NAMES}",
        (seen, META_LISTED, profile, json.dumps(list(jobs))),
    )
    current = await select(conn, profile, jobs)
    return [JobChange("deleted", name, status, current[name]) for name, status in sorted(jobs.items())]
