"""The emulator's own records of jobs and documents, in SQLite so they survive a restart."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from ..domain.models import JobStatus, JobSummary, ServiceError
from .job_spec import JobDefinition
from .state_schema import migrate
from .timestamps import StampClock

NOT_STARTED, RUNNING = JobStatus.NOT_STARTED.value, JobStatus.RUNNING.value
UNFINISHED = (NOT_STARTED, RUNNING)


@dataclass(frozen=True, slots=True)
class JobRecord:
    seq: int
    name: str
    definition: JobDefinition
    status: JobStatus
    created_at: str
    last_updated_at: str
    started_at: str | None
    error: ServiceError | None
    counts: JobSummary | None  # the job's summary; None until its documents have been listed
    enumerated: bool


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    ordinal: int
    id: str
    input_name: str
    input_url: str
    input_etag: str
    input_size: int
    output_name: str
    output_url: str
    output_etag: str | None
    status: JobStatus
    error: ServiceError | None
    listing_key: str


@dataclass(frozen=True, slots=True)
class NewDocument:
    input_name: str
    input_url: str
    input_etag: str
    input_size: int
    output_name: str
    output_url: str
    listing_key: str


def _error_json(error: ServiceError | None) -> str | None:
    return json.dumps(error.to_rest()) if error else None


def _job(row: aiosqlite.Row) -> JobRecord:
    counts = None
    if row["doc_total"] is not None:
        counts = JobSummary(
            successful=row["doc_successful"],
            failed=row["doc_failed"],
            canceled=row["doc_canceled"],
            total=row["doc_total"],
            bytes_processed=row["bytes_processed"],
        )
    return JobRecord(
        seq=row["seq"],
        name=row["name"],
        definition=JobDefinition.from_storage(json.loads(row["spec"])),
        status=JobStatus(row["status"]),
        created_at=row["created_at"],
        last_updated_at=row["last_updated_at"],
        started_at=row["started_at"],
        error=ServiceError.from_rest(json.loads(row["error"])) if row["error"] else None,
        counts=counts,
        enumerated=bool(row["enumerated"]),
    )


def _document(row: aiosqlite.Row) -> DocumentRecord:
    return DocumentRecord(
        ordinal=row["ordinal"],
        id=row["id"],
        input_name=row["input_name"],
        input_url=row["input_url"],
        input_etag=row["input_etag"],
        input_size=row["input_size"],
        output_name=row["output_name"],
        output_url=row["output_url"],
        output_etag=row["output_etag"],
        status=JobStatus(row["status"]),
        error=ServiceError.from_rest(json.loads(row["error"])) if row["error"] else None,
        listing_key=row["listing_key"],
    )


class EmulatorState:
    """All reads and writes of the emulator's database; one connection, serialised by aiosqlite."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db
        # One connection serves every coroutine: a transaction must not interleave with another
        # coroutine's statements, so writes and transactions take turns.
        self._lock = asyncio.Lock()
        self._clock = StampClock()

    async def _write(self, sql: str, params: tuple = ()) -> aiosqlite.Cursor:
        async with self._lock:
            return await self._db.execute(sql, params)

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[None]:
        async with self._lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
            await self._db.execute("COMMIT")

    @classmethod
    async def open(cls, path: Path, listing_key: Callable[[str, str], str]) -> EmulatorState:
        """Open (or create, or bring up to date) the database; `listing_key(job, input_name)` orders listings."""
        db = await aiosqlite.connect(path, isolation_level=None)
        db.row_factory = aiosqlite.Row
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA synchronous=NORMAL")
        await db.execute("PRAGMA foreign_keys=ON")
        await db.execute("PRAGMA busy_timeout=5000")
        await migrate(db, listing_key)
        return cls(db)

    async def close(self) -> None:
        await self._db.close()

    # -- jobs -------------------------------------------------------------------------

    async def create_job(self, name: str, definition: JobDefinition) -> JobRecord:
        created = self._clock.next()
        await self._write(
            "INSERT INTO jobs (name, spec, status, created_at, last_updated_at) VALUES (?, ?, ?, ?, ?)",
            (name, json.dumps(definition.to_storage()), NOT_STARTED, created, self._clock.next()),
        )
        record = await self.get_job(name)
        assert record is not None
        return record

    async def get_job(self, name: str) -> JobRecord | None:
        async with self._db.execute("SELECT * FROM jobs WHERE name = ?", (name,)) as cursor:
            row = await cursor.fetchone()
        return _job(row) if row else None

    async def get_job_by_seq(self, seq: int) -> JobRecord | None:
        async with self._db.execute("SELECT * FROM jobs WHERE seq = ?", (seq,)) as cursor:
            row = await cursor.fetchone()
        return _job(row) if row else None

    async def list_jobs(self, before_seq: int | None, limit: int) -> list[JobRecord]:
        """Newest first; `before_seq` continues after the last job of the previous page."""
        async with self._db.execute(
            "SELECT * FROM jobs WHERE seq < ? ORDER BY seq DESC LIMIT ?",
            (before_seq if before_seq is not None else 2**62, limit),
        ) as cursor:
            return [_job(row) for row in await cursor.fetchall()]

    async def active_jobs(self) -> list[JobRecord]:
        async with self._db.execute("SELECT * FROM jobs WHERE status IN (?, ?) ORDER BY seq", UNFINISHED) as cursor:
            return [_job(row) for row in await cursor.fetchall()]

    async def delete_job(self, seq: int) -> None:
        await self._write("DELETE FROM jobs WHERE seq = ?", (seq,))

    async def mark_running(self, seq: int) -> None:
        started = self._clock.next()
        await self._write(
            "UPDATE jobs SET status = ?, started_at = COALESCE(started_at, ?), last_updated_at = ? "
            "WHERE seq = ? AND status = ?",
            (RUNNING, started, self._clock.next(), seq, NOT_STARTED),
        )

    async def finish_job(self, seq: int, status: JobStatus, error: ServiceError | None = None) -> None:
        """Move a job to a terminal state, unless it already is in one. A job that never ran keeps
        no `startedAt` (the recorded EmptyJob answer has none)."""
        await self._write(
            "UPDATE jobs SET status = ?, error = ?, last_updated_at = ? WHERE seq = ? AND status IN (?, ?)",
            (status.value, _error_json(error), self._clock.next(), seq, *UNFINISHED),
        )

    async def cancel_job(self, seq: int) -> bool:
        """Cancel an unfinished job: unstarted documents become Canceled. False if it had finished."""
        async with self._transaction():
            async with self._db.execute("SELECT status FROM jobs WHERE seq = ?", (seq,)) as cursor:
                row = await cursor.fetchone()
            if row is None or JobStatus(row["status"]).is_terminal:
                return False
            cursor = await self._db.execute(
                "UPDATE documents SET status = ? WHERE job_seq = ? AND status = ?",
                (JobStatus.CANCELED.value, seq, NOT_STARTED),
            )
            await self._db.execute(
                "UPDATE jobs SET doc_canceled = doc_canceled + ?, status = ?, last_updated_at = ? WHERE seq = ?",
                (cursor.rowcount, JobStatus.CANCELED.value, self._clock.next(), seq),
            )
        return True

    # -- documents --------------------------------------------------------------------

    async def add_documents(self, seq: int, documents: list[NewDocument]) -> None:
        """Record a job's listed documents; from now on the job has a summary (all zeros but `total`)."""
        async with self._transaction():
            await self._db.executemany(
                "INSERT INTO documents (job_seq, ordinal, id, input_name, input_url, input_etag, input_size, "
                "output_name, output_url, status, listing_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        seq,
                        i,
                        str(uuid.uuid4()),
                        d.input_name,
                        d.input_url,
                        d.input_etag,
                        d.input_size,
                        d.output_name,
                        d.output_url,
                        NOT_STARTED,
                        d.listing_key,
                    )
                    for i, d in enumerate(documents)
                ],
            )
            await self._db.execute(
                "UPDATE jobs SET enumerated = 1, doc_total = ?, last_updated_at = ? WHERE seq = ?",
                (len(documents), self._clock.next(), seq),
            )

    async def list_documents(self, seq: int, after: tuple[str, int] | None, limit: int) -> list[DocumentRecord]:
        """A page of a job's documents in listing order, after the (listing key, ordinal) given."""
        key, ordinal = after if after is not None else ("", -1)
        async with self._db.execute(
            "SELECT * FROM documents WHERE job_seq = ? AND (listing_key, ordinal) > (?, ?) "
            "ORDER BY listing_key, ordinal LIMIT ?",
            (seq, key, ordinal, limit),
        ) as cursor:
            return [_document(row) for row in await cursor.fetchall()]

    async def pending_documents(self, seq: int) -> list[DocumentRecord]:
        """Documents still to process: unstarted ones, and ones a stopped emulator left running."""
        async with self._db.execute(
            "SELECT * FROM documents WHERE job_seq = ? AND status IN (?, ?) ORDER BY ordinal", (seq, *UNFINISHED)
        ) as cursor:
            return [_document(row) for row in await cursor.fetchall()]

    async def start_document(self, seq: int, ordinal: int) -> bool:
        """Claim a document for processing; False when it was canceled meanwhile."""
        cursor = await self._write(
            "UPDATE documents SET status = ? WHERE job_seq = ? AND ordinal = ? AND status IN (?, ?)",
            (RUNNING, seq, ordinal, *UNFINISHED),
        )
        return cursor.rowcount == 1

    async def finish_document(
        self,
        seq: int,
        doc: DocumentRecord,
        status: JobStatus,
        *,
        output_etag: str | None = None,
        error: ServiceError | None = None,
    ) -> None:
        """Record a document's outcome and count it in its job's summary, in one transaction."""
        succeeded = status is JobStatus.SUCCEEDED
        async with self._transaction():
            await self._db.execute(
                "UPDATE documents SET status = ?, output_etag = ?, error = ? WHERE job_seq = ? AND ordinal = ?",
                (status.value, output_etag, _error_json(error), seq, doc.ordinal),
            )
            await self._db.execute(
                "UPDATE jobs SET doc_successful = doc_successful + ?, doc_failed = doc_failed + ?, "
                "doc_canceled = doc_canceled + ?, bytes_processed = bytes_processed + ?, "
                # A finished job keeps the time it finished (a document in flight at cancel ends later).
                "last_updated_at = CASE WHEN status IN (?, ?) THEN ? ELSE last_updated_at END WHERE seq = ?",
                (
                    int(succeeded),
                    int(status is JobStatus.FAILED),
                    int(status is JobStatus.CANCELED),
                    doc.input_size if succeeded else 0,
                    *UNFINISHED,
                    self._clock.next(),
                    seq,
                ),
            )
