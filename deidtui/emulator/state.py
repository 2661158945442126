"""The emulator's own records of jobs and documents, in SQLite so they survive a restart."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from ..domain.models import (
    Document,
    DocumentLocation,
    Job,
    JobSpec,
    JobStatus,
    JobSummary,
    ServiceError,
    format_timestamp,
    parse_timestamp,
    utcnow,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    spec TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    last_updated_at TEXT NOT NULL,
    error TEXT,
    summary TEXT,
    enumerated INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS documents (
    job_seq INTEGER NOT NULL REFERENCES jobs(seq) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    id TEXT NOT NULL,
    input_name TEXT NOT NULL,
    input_url TEXT NOT NULL,
    input_etag TEXT NOT NULL,
    input_size INTEGER NOT NULL,
    output_name TEXT NOT NULL,
    output_url TEXT NOT NULL,
    output_etag TEXT,
    status TEXT NOT NULL,
    error TEXT,
    PRIMARY KEY (job_seq, ordinal)
) WITHOUT ROWID;
"""


@dataclass(frozen=True, slots=True)
class JobRecord:
    seq: int
    job: Job
    enumerated: bool


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    ordinal: int
    document: Document
    input_name: str
    input_size: int
    output_name: str
    output_url: str


@dataclass(frozen=True, slots=True)
class NewDocument:
    input_name: str
    input_url: str
    input_etag: str
    input_size: int
    output_name: str
    output_url: str


def _error_json(error: ServiceError | None) -> str | None:
    return json.dumps(error.to_rest()) if error else None


class EmulatorState:
    """All reads and writes of the emulator's database; one connection, serialised by aiosqlite."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db
        # One connection serves every coroutine: a transaction must not interleave with another
        # coroutine's statements, so writes and transactions take turns.
        self._lock = asyncio.Lock()

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
    async def open(cls, path: Path) -> EmulatorState:
        db = await aiosqlite.connect(path, isolation_level=None)
        db.row_factory = aiosqlite.Row
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA synchronous=NORMAL")
        await db.execute("PRAGMA foreign_keys=ON")
        await db.execute("PRAGMA busy_timeout=5000")
        await db.executescript(SCHEMA)
        return cls(db)

    async def close(self) -> None:
        await self._db.close()

    # -- jobs -------------------------------------------------------------------------

    def _job(self, row: aiosqlite.Row) -> JobRecord:
        spec = JobSpec.from_rest(json.loads(row["spec"]))
        job = Job(
            name=row["name"],
            spec=spec,
            status=JobStatus(row["status"]),
            created_at=parse_timestamp(row["created_at"]),
            last_updated_at=parse_timestamp(row["last_updated_at"]),
            started_at=parse_timestamp(row["started_at"]) if row["started_at"] else None,
            summary=JobSummary.from_rest(json.loads(row["summary"])) if row["summary"] else None,
            error=ServiceError.from_rest(json.loads(row["error"])) if row["error"] else None,
        )
        return JobRecord(seq=row["seq"], job=job, enumerated=bool(row["enumerated"]))

    async def create_job(self, name: str, spec: JobSpec) -> JobRecord:
        now = format_timestamp(utcnow())
        await self._write(
            "INSERT INTO jobs (name, spec, status, created_at, last_updated_at) VALUES (?, ?, ?, ?, ?)",
            (name, json.dumps(spec.to_rest()), JobStatus.NOT_STARTED.value, now, now),
        )
        record = await self.get_job(name)
        assert record is not None
        return record

    async def get_job(self, name: str) -> JobRecord | None:
        async with self._db.execute("SELECT * FROM jobs WHERE name = ?", (name,)) as cursor:
            row = await cursor.fetchone()
        return self._job(row) if row else None

    async def list_jobs(self, before_seq: int | None, limit: int) -> list[JobRecord]:
        """Newest first; `before_seq` continues after the last job of the previous page."""
        async with self._db.execute(
            "SELECT * FROM jobs WHERE seq < ? ORDER BY seq DESC LIMIT ?",
            (before_seq if before_seq is not None else 2**62, limit),
        ) as cursor:
            return [self._job(row) for row in await cursor.fetchall()]

    async def active_jobs(self) -> list[JobRecord]:
        async with self._db.execute(
            "SELECT * FROM jobs WHERE status IN (?, ?) ORDER BY seq",
            (JobStatus.NOT_STARTED.value, JobStatus.RUNNING.value),
        ) as cursor:
            return [self._job(row) for row in await cursor.fetchall()]

    async def delete_job(self, seq: int) -> None:
        await self._write("DELETE FROM jobs WHERE seq = ?", (seq,))

    async def mark_running(self, seq: int) -> None:
        now = format_timestamp(utcnow())
        await self._write(
            "UPDATE jobs SET status = ?, started_at = COALESCE(started_at, ?), last_updated_at = ? "
            "WHERE seq = ? AND status = ?",
            (JobStatus.RUNNING.value, now, now, seq, JobStatus.NOT_STARTED.value),
        )

    async def touch(self, seq: int) -> None:
        await self._write("UPDATE jobs SET last_updated_at = ? WHERE seq = ?", (format_timestamp(utcnow()), seq))

    async def finish_job(self, seq: int, status: JobStatus, error: ServiceError | None = None) -> None:
        """Move a job to a terminal state with its summary, unless it already is in one."""
        summary = await self.summary(seq)
        now = format_timestamp(utcnow())
        await self._write(
            "UPDATE jobs SET status = ?, error = ?, summary = ?, last_updated_at = ?, "
            "started_at = COALESCE(started_at, ?) WHERE seq = ? AND status IN (?, ?)",
            (
                status.value,
                _error_json(error),
                json.dumps(summary.to_rest()),
                now,
                now,
                seq,
                JobStatus.NOT_STARTED.value,
                JobStatus.RUNNING.value,
            ),
        )

    async def refresh_summary(self, seq: int) -> None:
        """Recount a terminal job's summary (documents that were in flight at cancel time finish later)."""
        summary = await self.summary(seq)
        await self._write(
            "UPDATE jobs SET summary = ?, last_updated_at = ? WHERE seq = ? AND summary IS NOT NULL",
            (json.dumps(summary.to_rest()), format_timestamp(utcnow()), seq),
        )

    async def cancel_job(self, seq: int) -> bool:
        """Cancel an unfinished job: unstarted documents become Canceled. False if it had finished."""
        async with self._transaction():
            async with self._db.execute("SELECT status FROM jobs WHERE seq = ?", (seq,)) as cursor:
                row = await cursor.fetchone()
            if row is None or JobStatus(row["status"]).is_terminal:
                return False
            await self._db.execute(
                "UPDATE documents SET status = ? WHERE job_seq = ? AND status = ?",
                (JobStatus.CANCELED.value, seq, JobStatus.NOT_STARTED.value),
            )
        await self.finish_job(seq, JobStatus.CANCELED)
        return True

    # -- documents --------------------------------------------------------------------

    async def add_documents(self, seq: int, documents: list[NewDocument]) -> None:
        async with self._transaction():
            await self._db.executemany(
                "INSERT INTO documents (job_seq, ordinal, id, input_name, input_url, input_etag, input_size, "
                "output_name, output_url, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                        JobStatus.NOT_STARTED.value,
                    )
                    for i, d in enumerate(documents)
                ],
            )
            await self._db.execute("UPDATE jobs SET enumerated = 1 WHERE seq = ?", (seq,))

    def _document(self, row: aiosqlite.Row) -> DocumentRecord:
        status = JobStatus(row["status"])
        output = None
        if row["output_etag"]:
            output = DocumentLocation(row["output_url"], row["output_etag"])
        document = Document(
            id=row["id"],
            input=DocumentLocation(row["input_url"], row["input_etag"]),
            status=status,
            output=output,
            error=ServiceError.from_rest(json.loads(row["error"])) if row["error"] else None,
        )
        return DocumentRecord(
            ordinal=row["ordinal"],
            document=document,
            input_name=row["input_name"],
            input_size=row["input_size"],
            output_name=row["output_name"],
            output_url=row["output_url"],
        )

    async def list_documents(self, seq: int, after: int, limit: int) -> list[DocumentRecord]:
        async with self._db.execute(
            "SELECT * FROM documents WHERE job_seq = ? AND ordinal > ? ORDER BY ordinal LIMIT ?",
            (seq, after, limit),
        ) as cursor:
            return [self._document(row) for row in await cursor.fetchall()]

    async def pending_documents(self, seq: int) -> list[DocumentRecord]:
        """Documents still to process: unstarted ones, and ones a stopped emulator left running."""
        async with self._db.execute(
            "SELECT * FROM documents WHERE job_seq = ? AND status IN (?, ?) ORDER BY ordinal",
            (seq, JobStatus.NOT_STARTED.value, JobStatus.RUNNING.value),
        ) as cursor:
            return [self._document(row) for row in await cursor.fetchall()]

    async def start_document(self, seq: int, ordinal: int) -> bool:
        """Claim a document for processing; False when it was canceled meanwhile."""
        cursor = await self._write(
            "UPDATE documents SET status = ? WHERE job_seq = ? AND ordinal = ? AND status IN (?, ?)",
            (JobStatus.RUNNING.value, seq, ordinal, JobStatus.NOT_STARTED.value, JobStatus.RUNNING.value),
        )
        return cursor.rowcount == 1

    async def finish_document(
        self,
        seq: int,
        ordinal: int,
        status: JobStatus,
        *,
        output_etag: str | None = None,
        error: ServiceError | None = None,
    ) -> None:
        await self._write(
            "UPDATE documents SET status = ?, output_etag = ?, error = ? WHERE job_seq = ? AND ordinal = ?",
            (status.value, output_etag, _error_json(error), seq, ordinal),
        )

    async def summary(self, seq: int) -> JobSummary:
        counts = dict.fromkeys(JobStatus, 0)
        processed = 0
        async with self._db.execute(
            "SELECT status, COUNT(*) AS n, SUM(CASE WHEN status = ? THEN input_size ELSE 0 END) AS bytes "
            "FROM documents WHERE job_seq = ? GROUP BY status",
            (JobStatus.SUCCEEDED.value, seq),
        ) as cursor:
            for row in await cursor.fetchall():
                counts[JobStatus(row["status"])] = row["n"]
                processed += row["bytes"] or 0
        return JobSummary(
            successful=counts[JobStatus.SUCCEEDED],
            failed=counts[JobStatus.FAILED],
            canceled=counts[JobStatus.CANCELED],
            total=sum(counts.values()),
            bytes_processed=processed,
        )
