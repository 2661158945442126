"""Document rows of jobs: batched upserts that report changes and keep the job's counters."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import aiosqlite

from ..domain.models import Document, JobStatus, JobSummary, Progress
from .codec import D_STATUS, DOCUMENT_FIELDS, PROGRESS_FIELDS, document_from_values, document_values, status_of
from .job_reads import progress_of
from .jobs import REFRESH_PROGRESS
from .records import DocumentChange

_N = len(DOCUMENT_FIELDS)
_FIELDS = ", ".join(DOCUMENT_FIELDS)
_UPSERT = (
    f"INSERT INTO documents (profile, job_name, id, {_FIELDS}) VALUES (?, ?, ?, {', '.join('?' * _N)}) "
    "ON CONFLICT (profile, job_name, id) DO UPDATE SET "
    + ", ".join(f"{field} = excluded.{field}" for field in DOCUMENT_FIELDS)
)


async def upsert(
    conn: aiosqlite.Connection, profile: str, job_name: str, docs: Sequence[Document]
) -> list[DocumentChange]:
    """Store a page of documents; return those added or changed (see JobCache.upsert_documents)."""
    latest: dict[str, tuple[Any, ...]] = {}
    for doc in docs:
        latest[doc.id] = document_values(doc)
    if not latest:
        return []
    async with conn.execute(
        f"SELECT id, {_FIELDS} FROM documents WHERE profile = ? AND job_name = ? "
        "AND id IN (SELECT value FROM json_each(?))",
        (profile, job_name, json.dumps(list(latest))),
    ) as cursor:
        stored = {row[0]: tuple(row[1:]) for row in await cursor.fetchall()}

    writes: list[tuple[Any, ...]] = []
    changes: list[DocumentChange] = []
    for doc_id, new in latest.items():
        old = stored.get(doc_id)
        if old == new:
            continue
        old_status = status_of(old[D_STATUS]) if old is not None else None
        if old_status is not None and old_status.is_terminal and not status_of(new[D_STATUS]).is_terminal:
            # Documents carry no timestamp; a finished document going back to work can only be
            # a late page of an older listing.
            continue
        writes.append((profile, job_name, doc_id, *new))
        changes.append(
            DocumentChange(
                "added" if old is None else "changed", job_name, old_status, document_from_values(doc_id, new)
            )
        )
    if writes:
        await conn.executemany(_UPSERT, writes)
        await conn.execute(REFRESH_PROGRESS, (profile, json.dumps([job_name])))
    return changes


async def read(
    conn: aiosqlite.Connection,
    profile: str,
    job_name: str,
    status: JobStatus | None,
    limit: int | None,
    offset: int,
) -> list[Document]:
    """Cached documents of a job in the service's listing order."""
    query = f"SELECT id, {_FIELDS} FROM documents WHERE profile = ? AND job_name = ?"
    params: tuple[Any, ...] = (profile, job_name)
    if status is not None:
        query += " AND status = ?"
        params += (JobStatus(status).value,)
    query += " ORDER BY seq LIMIT ? OFFSET ?"
    params += (-1 if limit is None else limit, offset)
    async with conn.execute(query, params) as cursor:
        return [document_from_values(row[0], row[1:]) for row in await cursor.fetchall()]


async def one(conn: aiosqlite.Connection, profile: str, job_name: str, doc_id: str) -> Document | None:
    """One cached document of a job, by its id."""
    async with conn.execute(
        f"SELECT id, {_FIELDS} FROM documents WHERE profile = ? AND job_name = ? AND id = ?",
        (profile, job_name, doc_id),
    ) as cursor:
        row = await cursor.fetchone()
    return document_from_values(row[0], row[1:]) if row is not None else None


async def changed_since(
    conn: aiosqlite.Connection, profile: str, job_name: str, revision: int | None
) -> tuple[list[Document], int]:
    """A job's documents written after `revision` (all of them for None), in listing order, and the
    revision they bring the reader to."""
    query = f"SELECT id, {_FIELDS}, rev FROM documents WHERE profile = ? AND job_name = ?"
    params: tuple[Any, ...] = (profile, job_name)
    if revision is not None:
        query += " AND rev > ?"
        params += (revision,)
    async with conn.execute(query + " ORDER BY seq", params) as cursor:
        rows = await cursor.fetchall()
    reached = max((row[-1] for row in rows), default=revision or 0)
    return [document_from_values(row[0], row[1:-1]) for row in rows], max(reached, revision or 0)


async def progress(conn: aiosqlite.Connection, profile: str, job_name: str) -> Progress | None:
    """Progress from the job row's counters, or straight from documents if the job is not cached."""
    async with conn.execute(
        f"SELECT {', '.join(PROGRESS_FIELDS)}, summary_successful, summary_failed, summary_canceled, "
        "summary_total, summary_bytes FROM jobs WHERE profile = ? AND name = ?",
        (profile, job_name),
    ) as cursor:
        row = await cursor.fetchone()
    if row is not None:
        summary = JobSummary(*row[6:11]) if row[9] is not None else None
        return progress_of(row[:6], summary)
    async with conn.execute(
        "SELECT status, count(*) FROM documents WHERE profile = ? AND job_name = ? GROUP BY status",
        (profile, job_name),
    ) as cursor:
        counts = {status_of(status): n for status, n in await cursor.fetchall()}
    if not counts:
        return None
    return progress_of(
        (
            sum(counts.values()),
            *(
                counts.get(status, 0)
                for status in (
                    JobStatus.NOT_STARTED,
                    JobStatus.RUNNING,
                    JobStatus.SUCCEEDED,
                    JobStatus.FAILED,
                    JobStatus.CANCELED,
                )
            ),
        ),
        None,
    )


# -- reading a job's documents a window at a time (the detail pane's documents table) ----------------
# Rows are addressed by `seq`, the listing order: a page continues after (or before) the `seq` it
# was asked from (keyset pagination), so reading a page costs its own rows, wherever it lies.


async def census(conn: aiosqlite.Connection, profile: str, job_name: str) -> dict[JobStatus, int]:
    """How many documents of a job are cached, by status (a covering scan of documents_by_status)."""
    async with conn.execute(
        "SELECT status, count(*) FROM documents WHERE profile = ? AND job_name = ? GROUP BY status",
        (profile, job_name),
    ) as cursor:
        return {status_of(status): n for status, n in await cursor.fetchall()}


END = 2**63 - 1  # `before=END`: the last documents of all


async def page(
    conn: aiosqlite.Connection,
    profile: str,
    job_name: str,
    status: JobStatus | None,
    *,
    after: int | None = None,
    before: int | None = None,
    offset: int | None = None,
    limit: int,
) -> list[tuple[int, Document]]:
    """Up to `limit` (seq, document) pairs of a job (of `status`, if given), in listing order:
    the first ones after seq `after` (from the start for None), or the last ones before seq
    `before` (`END`: the last of all), or those from position `offset` on (a jump: the only read
    here that costs more than the rows it returns)."""
    if limit <= 0:
        return []
    if offset is not None:
        where = "profile = ? AND job_name = ?" + ("" if status is None else " AND status = ?")
        params: tuple[Any, ...] = (profile, job_name) + (() if status is None else (JobStatus(status).value,))
        chosen = f"SELECT seq FROM documents WHERE {where} ORDER BY seq LIMIT ? OFFSET ?"
        params += (limit, offset)
    else:
        # documents_by_status, (profile, job_name, status) ending with seq, keeps each status's
        # documents in listing order: one range per status, each cut at `limit`, then merged. (No
        # index orders a job's documents by seq alone; a plain ORDER BY seq sorts them all.)
        statuses = [JobStatus(status).value] if status is not None else [s.value for s in JobStatus]
        order, bound, mark = ("DESC", "seq < ?", before) if before is not None else ("ASC", "seq > ?", after or 0)
        one = (
            "SELECT seq FROM documents WHERE profile = ? AND job_name = ? AND status = ? "
            f"AND {bound} ORDER BY seq {order} LIMIT ?"
        )
        merged = " UNION ALL ".join(f"SELECT * FROM ({one})" for _ in statuses)
        chosen = f"SELECT seq FROM ({merged}) ORDER BY seq {order} LIMIT ?"
        params = (*(value for s in statuses for value in (profile, job_name, s, mark, limit)), limit)
    async with conn.execute(
        f"SELECT seq, id, {_FIELDS} FROM documents WHERE seq IN ({chosen}) ORDER BY seq", params
    ) as cursor:
        return [(row[0], document_from_values(row[1], row[2:])) for row in await cursor.fetchall()]


async def rank(conn: aiosqlite.Connection, profile: str, job_name: str, status: JobStatus | None, seq: int) -> int:
    """How many documents of a job (of `status`, if given) come before `seq` in listing order."""
    query = "SELECT count(*) FROM documents WHERE profile = ? AND job_name = ? AND seq < ?"
    params: tuple[Any, ...] = (profile, job_name, seq)
    if status is not None:
        query = "SELECT count(*) FROM documents WHERE profile = ? AND job_name = ? AND status = ? AND seq < ?"
        params = (profile, job_name, JobStatus(status).value, seq)
    async with conn.execute(query, params) as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0
