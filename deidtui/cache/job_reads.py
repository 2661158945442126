"""Job rows read and decoded: whole views of a profile's jobs, newest first or as changed since a
revision, a chunk at a time and off the event loop when there are many.

Functions here take the raw aiosqlite connection of a transaction or read the caller (JobCache)
holds.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import aiosqlite

from ..domain.briefs import JobBrief
from ..domain.models import Job, JobSpec, JobStatus, JobSummary, Operation, Progress, ServiceError
from .codec import JOB_FIELDS, PROGRESS_FIELDS, STATUS_BY_VALUE, extensions_tuple, ts
from .records import JobView

Read = TypeVar("Read", JobView, JobBrief)

META_LAST_SWEEP = "last_full_sweep"
# When the last complete sweep started: every job it listed was seen then or later, so a job still
# listed (not deleted) was last seen no earlier. A sweep writes no `last_seen` of the jobs it found
# unchanged (a sweep of 50,000 jobs rewrote the whole table for that); the reads take the later of
# the row's own `last_seen` and this (`_LAST_SEEN`), and a deletion writes it into the row.
META_LISTED = "last_full_sweep_started"
_DECODE_IN_THREAD = 2_000  # rows; below this the thread hop costs more than it saves
_READ_CHUNK = 2_000  # rows fetched and decoded at a time (see `fetch_decoded`)

_J_FIELDS = ", ".join(f"j.{field}" for field in JOB_FIELDS)
_J_PROGRESS = ", ".join(f"j.{field}" for field in PROGRESS_FIELDS)
IN_NAMES = "IN (SELECT value FROM json_each(?))"  # one parameter for a whole page of names

# Row layout: name, JOB_FIELDS..., first_seen, last_seen, deleted_at, incarnation, PROGRESS..., parent, rev, run
_LAST_SEEN = "CASE WHEN j.deleted_at IS NULL AND s.value > j.last_seen THEN s.value ELSE j.last_seen END"
SELECT_JOBS = (
    f"SELECT j.name, {_J_FIELDS}, j.first_seen, {_LAST_SEEN}, j.deleted_at, j.incarnation, {_J_PROGRESS}, "
    "l.parent, j.rev, r.run FROM jobs j LEFT JOIN lineage l ON l.profile = j.profile AND l.child = j.name "
    "LEFT JOIN run_jobs r ON r.profile = j.profile AND r.job_name = j.name "
    f"LEFT JOIN meta s ON s.profile = j.profile AND s.key = '{META_LISTED}'"
)


def decode_jobs(profile: str, rows: Iterable[Sequence[Any]]) -> list[JobView]:
    """Decode SELECT_JOBS rows.

    One flat loop because this is the startup path for 10,000 jobs: no per-field helper calls,
    and identical specs (the same containers and prefixes, job after job) are built once.
    """
    iso = datetime.fromisoformat
    statuses = STATUS_BY_VALUE
    operations = {operation.value: operation for operation in Operation}
    specs: dict[tuple[Any, ...], JobSpec] = {}
    decoded: list[JobView] = []
    append = decoded.append
    for (
        name,
        status,
        operation,
        source,
        source_prefix,
        extensions,
        target,
        target_prefix,
        overwrite,
        redaction_format,
        locale,
        input_locale,
        created,
        started,
        updated,
        s_ok,
        s_failed,
        s_canceled,
        s_total,
        s_bytes,
        e_code,
        e_message,
        e_target,
        first_seen,
        last_seen,
        deleted_at,
        incarnation,
        d_total,
        d_not_started,
        d_running,
        d_succeeded,
        d_failed,
        d_canceled,
        parent,
        rev,
        run,
    ) in rows:
        key = (
            operation, source, source_prefix, extensions, target, target_prefix, overwrite, redaction_format, locale,
            input_locale,
        )  # fmt: skip
        spec = specs.get(key)
        if spec is None:
            spec = specs[key] = JobSpec(
                source_location=source,
                source_prefix=source_prefix,
                target_prefix=target_prefix,
                operation=operations[operation],
                target_location=target,
                extensions=extensions_tuple(extensions),
                overwrite=bool(overwrite),
                redaction_format=redaction_format,
                surrogate_locale=locale,
                input_locale=input_locale,
            )
        summary = JobSummary(s_ok, s_failed, s_canceled, s_total, s_bytes) if s_total is not None else None
        job = Job(
            name=name,
            spec=spec,
            status=statuses.get(status) or JobStatus.parse(status),
            created_at=iso(created),
            last_updated_at=iso(updated),
            started_at=iso(started) if started else None,
            summary=summary,
            error=ServiceError(e_code, e_message or "", e_target) if e_code is not None else None,
        )
        if d_total:
            progress: Progress | None = progress_of(
                (d_total, d_not_started, d_running, d_succeeded, d_failed, d_canceled), None
            )
        elif summary is not None:
            progress = Progress.of_summary(summary)
        else:
            progress = None
        append(
            JobView(
                job=job,
                profile=profile,
                first_seen=iso(first_seen),
                last_seen=iso(last_seen),
                deleted=deleted_at is not None,
                deleted_at=iso(deleted_at) if deleted_at else None,
                parent=parent,
                progress=progress,
                incarnation=incarnation,
                revision=rev,
                run=run,
            )
        )
    return decoded


async def fetch_decoded(cursor: aiosqlite.Cursor, profile: str) -> list[JobView]:
    """Every row of `cursor`, decoded, reading `_READ_CHUNK` rows at a time. Read whole, 10,000
    rows (about 40 values each) sit beside their decoded views until the last one is decoded, and
    the memory of that peak stays with the process: 21.9 MB resident for 10,000 jobs against
    12.3 MB read in chunks (measured in one process after the read, RSS)."""
    views: list[JobView] = []
    while rows := await cursor.fetchmany(_READ_CHUNK):
        views += await decode_off_loop(profile, list(rows))
        del rows  # before the next chunk is fetched
    return views


async def decode_off_loop(profile: str, rows: list[Any]) -> list[JobView]:
    """Decode many rows in a worker thread, so a 10,000-job read does not freeze the UI's loop."""
    if len(rows) < _DECODE_IN_THREAD:
        return decode_jobs(profile, rows)
    return await asyncio.to_thread(decode_jobs, profile, rows)


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


async def select(conn: aiosqlite.Connection, profile: str, names: Iterable[str]) -> dict[str, JobView]:
    """The cached jobs among `names`, by name (one query)."""
    async with conn.execute(
        f"{SELECT_JOBS} WHERE j.profile = ? AND j.name {IN_NAMES}", (profile, json.dumps(list(names)))
    ) as cursor:
        return {cached.name: cached for cached in await fetch_decoded(cursor, profile)}


@dataclass(frozen=True)
class JobQuery:
    """Which cached jobs to read, chosen in SQL so that only those are decoded: service statuses,
    operations (their values), and the earliest createdAt. None: any."""

    statuses: frozenset[JobStatus] | None = None
    operations: frozenset[Operation] | None = None
    created_since: datetime | None = None


def read_all_query(
    profile: str, include_deleted: bool, limit: int | None = None, offset: int = 0, query: JobQuery | None = None
) -> tuple[str, tuple[Any, ...]]:
    """The query (and its parameters) for a profile's jobs, newest first, or one slice of them."""
    where = "j.profile = ?" if include_deleted else "j.profile = ? AND j.deleted_at IS NULL"
    params: tuple[Any, ...] = (profile,)
    if query is not None and query.statuses is not None:
        where += f" AND j.status {IN_NAMES}"
        params += (json.dumps(sorted(status.value for status in query.statuses)),)
    if query is not None and query.operations is not None:
        where += f" AND j.operation {IN_NAMES}"
        params += (json.dumps(sorted(operation.value for operation in query.operations)),)
    if query is not None and query.created_since is not None:
        where += " AND j.created_at >= ?"  # fixed-width UTC text compares as time (codec.ts)
        params += (ts(query.created_since),)
    page = " LIMIT ? OFFSET ?" if limit is not None else ""
    if limit is not None:
        params += (limit, offset)
    return f"{SELECT_JOBS} WHERE {where} ORDER BY j.created_at DESC, j.name{page}", params


async def read_all(
    conn: aiosqlite.Connection,
    profile: str,
    include_deleted: bool,
    limit: int | None = None,
    offset: int = 0,
    query: JobQuery | None = None,
) -> list[JobView]:
    """Every cached job of a profile that `query` chooses (or one slice of them), newest first, in
    one query."""
    async with conn.execute(*read_all_query(profile, include_deleted, limit, offset, query)) as cursor:
        return await fetch_decoded(cursor, profile)


Reader = Callable[[str, tuple[Any, ...]], Awaitable[list[Read]]]


def view_reader(conn: aiosqlite.Connection, profile: str) -> Reader[JobView]:
    """Reads whole views of the rows `where` chooses (see `changed_since`)."""

    async def read(where: str, params: tuple[Any, ...]) -> list[JobView]:
        async with conn.execute(f"{SELECT_JOBS} WHERE {where}", params) as cursor:
            return await fetch_decoded(cursor, profile)

    return read


async def changed_since(read: Reader[Read], profile: str, revision: int, limit: int = -1) -> tuple[list[Read], int]:
    """Jobs of `profile` written after `revision` (deleted ones included), as `read` makes them
    (whole views, `view_reader`, or briefs, `briefs.brief_reader`), and the revision they bring
    the reader to. Every writer raises the revision (triggers, see schema.MIGRATION_3), so this
    sees what another process wrote as surely as what this one did. With `limit`, the first
    `limit` of them, and the rest of the last revision they reach: rows written in one batch share
    a revision (schema.MIGRATION_6), and the next read starts after it."""
    # One row more than asked says whether the page ends inside a batch (a sweep's batch is often
    # exactly a page: reading "the rest" of every full page read each page twice).
    jobs = await read(
        "j.profile = ? AND j.rev > ? ORDER BY j.rev LIMIT ?", (profile, revision, limit + 1 if limit >= 0 else -1)
    )
    if not jobs:
        return jobs, revision
    beyond = jobs.pop() if 0 <= limit < len(jobs) else None
    reached = jobs[-1].revision
    if beyond is not None and beyond.revision == reached:  # the page ends inside a batch: read the rest
        held = {job.name for job in jobs if job.revision == reached}
        jobs += [job for job in await read("j.profile = ? AND j.rev = ?", (profile, reached)) if job.name not in held]
    return jobs, reached
