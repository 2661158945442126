"""JobCache: the one object the engine, the dashboard and the CLI use to reach the local cache."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from ..domain.briefs import JobBrief
from ..domain.jobs import DocumentDelta
from ..domain.models import Document, Job, JobSpec, JobStatus, Progress, utcnow
from ..domain.runs import RunFile, RunRecord
from . import documents as document_rows
from . import job_reads, journal
from . import jobs as job_rows
from . import runs as run_rows
from .briefs import brief_reader
from .codec import dt, status_of, ts
from .connection import profile_key, resolve_path
from .records import (
    AuditAction,
    AuditEntry,
    AuditOutcome,
    DocumentChange,
    Intent,
    IntentKind,
    IntentState,
    JobChange,
    JobView,
    LineageKind,
    Transition,
)
from .schema import latest_version
from .sweep_rows import SweepRows


class JobCache(SweepRows):
    """The local SQLite cache of every profile's jobs, documents, history, intents and audit log:
    its queries (the file, its connection and transactions: `CacheFile`; the poller's narrow reads
    and writes: `SweepRows`). Open with `await JobCache.open()`; close with `await cache.close()`
    or use `async with`.
    """

    # -- jobs --------------------------------------------------------------------------------

    async def upsert_jobs(
        self, profile: str, jobs: Sequence[Job], *, seen_at: datetime | None = None
    ) -> list[JobChange]:
        """Store a page of jobs as polled and return only what changed.

        A job whose lastUpdatedAt is older than the stored one is ignored, as is a finished job
        turning active again without a newer lastUpdatedAt; equal timestamps are accepted. A job
        with a newer createdAt is a new job under an old name: "changed" with `recreated=True`,
        a new incarnation, its documents dropped. Changes compare the service's fields, never `last_seen`.
        Seeing a deleted job again restores it, unless it was marked deleted after `seen_at` (when the
        view was asked for): a page fetched before a deletion never undoes it. Status changes are
        added to its timeline.
        """
        seen = ts(seen_at or utcnow())
        async with self._write() as conn:
            return await job_rows.upsert(conn, profile_key(profile), jobs, seen)

    async def mark_deleted(self, profile: str, names: set[str], *, seen_at: datetime | None = None) -> list[JobChange]:
        """Flag these jobs as deleted (the service no longer knows them); history is kept."""
        seen = ts(seen_at or utcnow())
        async with self._write() as conn:
            return await job_rows.mark_deleted(conn, profile_key(profile), set(names), seen)

    async def jobs(
        self,
        profile: str,
        *,
        include_deleted: bool = False,
        limit: int | None = None,
        offset: int = 0,
        query: job_reads.JobQuery | None = None,
    ) -> list[JobView]:
        """Every cached job of a profile, newest createdAt first (one query, no network).

        `limit`/`offset` read one slice, so a screen can show the newest jobs before reading the rest;
        `query` chooses jobs in SQL (status, operation, createdAt), so only those are decoded.
        """
        async with self._read() as conn:
            return await job_reads.read_all(conn, profile_key(profile), include_deleted, limit, offset, query)

    async def job(self, profile: str, name: str) -> JobView | None:
        """One cached job, deleted or not; None if never seen."""
        async with self._read() as conn:
            return (await job_reads.select(conn, profile_key(profile), [name])).get(name)

    async def transitions(self, profile: str, job_name: str, *, all_incarnations: bool = False) -> list[Transition]:
        """The statuses a job was seen in, oldest first; only its current incarnation by default."""
        async with self._read() as conn:
            rows = await job_rows.history(conn, profile_key(profile), job_name, all_incarnations)
        return [Transition(status_of(r[0]), dt(r[1]), dt(r[2]), r[3]) for r in rows]

    async def changed_since(self, profile: str, revision: int, *, limit: int = -1) -> tuple[list[JobView], int]:
        """Jobs written after `revision` by anyone (deleted ones included), and the revision they
        bring the reader to: ask again with it to get exactly what changed since (`limit`: about
        that many at a time, never splitting a batch written with one revision; -1: all)."""
        profile = profile_key(profile)
        async with self._read() as conn:
            return await job_reads.changed_since(job_reads.view_reader(conn, profile), profile, revision, limit)

    async def changed_briefs(self, profile: str, revision: int, *, limit: int = -1) -> tuple[list[JobBrief], int]:
        """`changed_since` in brief (`domain.briefs`): what the feed publishes."""
        profile = profile_key(profile)
        async with self._read() as conn:
            return await job_reads.changed_since(brief_reader(conn, profile), profile, revision, limit)

    async def data_version(self) -> int:
        """SQLite's `data_version`: it changes when another connection (another process) commits."""
        async with self._read() as conn, conn.execute("PRAGMA data_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    # -- documents ---------------------------------------------------------------------------

    async def upsert_documents(self, profile: str, job_name: str, docs: Sequence[Document]) -> list[DocumentChange]:
        """Store a page of a job's documents; return those added or changed.

        A finished document never goes back to an active status (documents carry no timestamp,
        so that can only be a stale page). The job's progress counters follow in the same
        transaction.
        """
        async with self._write() as conn:
            return await document_rows.upsert(conn, profile_key(profile), job_name, docs)

    async def documents(
        self, profile: str, job_name: str, *, status: JobStatus | None = None, limit: int | None = None, offset: int = 0
    ) -> list[Document]:
        """Cached documents of a job in listing order, optionally of one status, paged."""
        async with self._read() as conn:
            return await document_rows.read(conn, profile_key(profile), job_name, status, limit, offset)

    async def document(self, profile: str, job_name: str, doc_id: str) -> Document | None:
        """One cached document of a job, by its id (None if it is not cached)."""
        async with self._read() as conn:
            return await document_rows.one(conn, profile_key(profile), job_name, doc_id)

    async def document_delta(self, profile: str, job_name: str, since: int | None = None) -> DocumentDelta:
        """A job's documents written after revision `since` (every one for None), in listing order,
        with the revision to ask from next time."""
        async with self._read() as conn:
            documents, revision = await document_rows.changed_since(conn, profile_key(profile), job_name, since)
        return DocumentDelta(job_name, tuple(documents), revision)

    async def progress(self, profile: str, job_name: str) -> Progress | None:
        """Progress from cached documents if any, else from the summary, else None."""
        async with self._read() as conn:
            return await document_rows.progress(conn, profile_key(profile), job_name)

    # -- intents and lineage -----------------------------------------------------------------

    async def record_intent(
        self, profile: str, name: str, spec: JobSpec, *, kind: IntentKind, parent: str | None = None
    ) -> Intent:
        """Record a pending submission BEFORE its PUT. DuplicateIntent if that name is pending."""
        async with self._write() as conn:
            return await journal.record_intent(conn, profile_key(profile), name, spec, kind, parent, ts(utcnow()))

    async def resolve_intent(self, intent_id: int, state: IntentState, message: str | None = None) -> Intent:
        """Confirm, fail or abandon a pending intent; confirming a resubmit/retry links its parent."""
        async with self._write() as conn:
            return await journal.resolve_intent(conn, intent_id, state, message, ts(utcnow()))

    async def pending_intents(self, profile: str) -> list[Intent]:
        """Submissions not yet confirmed (e.g. left by a crash), oldest first: reconcile at start."""
        async with self._read() as conn:
            return await journal.pending_intents(conn, profile_key(profile))

    async def set_parent(self, profile: str, name: str, parent: str, *, kind: LineageKind = "resubmit") -> None:
        """Record that job `name` was made from `parent` (replaces an earlier link)."""
        async with self._write() as conn:
            await journal.set_parent(conn, profile_key(profile), name, parent, kind, ts(utcnow()))

    async def lineage(self, profile: str, name: str) -> tuple[str | None, list[str]]:
        """(parent, children) of a job."""
        async with self._read() as conn:
            return await journal.lineage(conn, profile_key(profile), name)

    # -- audit and meta ----------------------------------------------------------------------

    async def audit(
        self,
        profile: str,
        action: AuditAction,
        targets: Sequence[str] | str,
        outcome: AuditOutcome,
        detail: str = "",
        *,
        user: str | None = None,
    ) -> AuditEntry:
        """Append an operator action to the audit log, as the OS user unless `user` is given."""
        names = [targets] if isinstance(targets, str) else list(targets)
        async with self._write() as conn:
            return await journal.audit(
                conn, profile_key(profile), action, names, outcome, detail, user or self.user, ts(utcnow())
            )

    async def audit_log(self, profile: str, *, limit: int = 200, target: str | None = None) -> list[AuditEntry]:
        """The newest audit entries of a profile, optionally only those about job `target`."""
        async with self._read() as conn:
            return await journal.audit_log(conn, profile_key(profile), limit, target)

    async def set_meta(self, profile: str, key: str, value: str) -> None:
        """Store a small per-profile value (e.g. a refresh time)."""
        async with self._write() as conn:
            await journal.set_meta(conn, profile_key(profile), key, value, ts(utcnow()))

    async def get_meta(self, profile: str, key: str) -> str | None:
        """A value stored with set_meta, or None."""
        async with self._read() as conn:
            return await journal.get_meta(conn, profile_key(profile), key)

    async def last_sweep(self, profile: str) -> datetime | None:
        """When the last complete sweep of a profile finished (for "refreshed 12 s ago")."""
        value = await self.get_meta(profile, job_reads.META_LAST_SWEEP)
        return dt(value) if value else None

    # -- runs (`deidtui run`) -----------------------------------------------------------------

    async def save_run(self, run: RunRecord, plan: Sequence[RunFile] = ()) -> None:
        """Record a run (with its plan, in the same transaction: a run recorded is a run planned),
        or its new state and summary."""
        async with self._write() as conn:
            await run_rows.save(conn, run, ts(run.created_at), ts(utcnow()))
            await run_rows.save_plan(conn, profile_key(run.profile), run.name, plan)

    async def runs(self, profile: str, name: str | None = None) -> list[RunRecord]:
        """Every run of a profile (or the one named), newest first, with its jobs."""
        async with self._read() as conn:
            return await run_rows.read(conn, profile_key(profile), name)

    async def link_run_job(self, profile: str, run: str, part: int, job_name: str) -> None:
        """Record that `job_name` is part `part` of `run`."""
        async with self._write() as conn:
            await run_rows.link_job(conn, profile_key(profile), run, part, job_name)

    async def run_plan(self, profile: str, run: str) -> list[RunFile]:
        async with self._read() as conn:
            return await run_rows.plan(conn, profile_key(profile), run)

    async def record_run_downloads(self, profile: str, run: str, downloads: Sequence[tuple[str, str, str]]) -> None:
        """(path, output etag, local SHA-256) of outputs downloaded and verified."""
        async with self._write() as conn:
            await run_rows.record_downloads(conn, profile_key(profile), run, downloads)

    async def profiles(self) -> list[str]:
        """Every profile with cached jobs."""
        async with self._read() as conn, conn.execute("SELECT DISTINCT profile FROM jobs ORDER BY profile") as cursor:
            return [row[0] for row in await cursor.fetchall()]

    # -- a job's documents a window at a time (the detail pane; see cache/documents.py) ----------

    async def document_census(self, profile: str, job_name: str) -> dict[JobStatus, int]:
        """How many documents of a job are cached, by status."""
        async with self._read() as conn:
            return await document_rows.census(conn, profile_key(profile), job_name)

    async def document_page(
        self,
        profile: str,
        job_name: str,
        *,
        status: JobStatus | None = None,
        after: int | None = None,
        before: int | None = None,
        offset: int | None = None,
        limit: int,
    ) -> list[tuple[int, Document]]:
        """(seq, document) pairs of a job in listing order, read a page at a time by seq (see
        `documents.page`)."""
        async with self._read() as conn:
            return await document_rows.page(
                conn, profile_key(profile), job_name, status, after=after, before=before, offset=offset, limit=limit
            )

    async def document_rank(self, profile: str, job_name: str, seq: int, *, status: JobStatus | None = None) -> int:
        """The position a document at `seq` has (or would have) among a job's documents of `status`."""
        async with self._read() as conn:
            return await document_rows.rank(conn, profile_key(profile), job_name, status, seq)


def peek_jobs(path: Path | str | None, profile: str, *, limit: int) -> list[JobView] | None:
    """The newest `limit` jobs of a profile, read at once on a short-lived read-only connection;
    None when that is not cheap and safe (no file yet, a schema to migrate, any SQLite error).

    For the dashboard's first frame: about 2 ms, where opening the cache (a thread, migrations,
    the integrity check) takes ten times that. The caller opens the cache as usual afterwards, or
    when this returns None; that creates, migrates or recovers the file as needed.
    """
    resolved = resolve_path(path)
    if not resolved.is_file():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"{resolved.as_uri()}?mode=ro", uri=True, timeout=0.1)) as db:
            if db.execute("PRAGMA user_version").fetchone()[0] != latest_version():
                return None
            rows = db.execute(*job_reads.read_all_query(profile_key(profile), False, limit)).fetchall()
    except (sqlite3.Error, OSError, ValueError):
        return None
    return job_reads.decode_jobs(profile, rows)
