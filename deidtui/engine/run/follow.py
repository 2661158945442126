"""Following a run's jobs document by document, and downloading each output as soon as the
service has written it, so downloading overlaps processing.

Each job is read through the engine (`sync_job`: the job and its documents, within the request
budget, at the priority of the job an operator looks at); the documents that changed since the
last read (`document_delta`) feed the downloads. An output already on disk is not fetched again
when the cache's record of it (etag and SHA-256) still matches the file, or, without a record,
when the file's MD5 matches the blob's Content-MD5.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from dataclasses import dataclass
from pathlib import Path

from ...domain import rules
from ...domain.errors import DeidError
from ...domain.jobs import JobView
from ...domain.models import Document, JobStatus
from ...domain.paths import split_blob_url
from ...domain.runs import RunFile
from ..budget import Priority
from ..engine import Engine
from .model import DocumentFailure, RunProgress, RunRequest, RunSummary
from .plan import local_output, path_of_input, target_prefix
from .store import RunStore
from .transfer import DownloadMismatch, Transfers, file_digests

MAX_CONSECUTIVE_FAILURES = 8  # failed reads of one job in a row before the run gives up (as `jobs watch`)
MAX_BACKOFF = 30.0
DOWNLOAD_ATTEMPTS = 3
RECORD_BATCH = 200  # downloads recorded in the cache per transaction
# A listing reads every document of the job (a request per 1,000, and as many rows to parse here
# and to serialise on the service), so a running job's documents are listed when a twentieth of
# them (at least LIST_AFTER_DOCUMENTS) settled since the last listing, or LIST_EVERY seconds have
# passed with some settled: about twenty listings a job, whatever its size.
LIST_AFTER_DOCUMENTS = 50
LIST_EVERY = 15.0


@dataclass
class _Job:
    name: str
    view: JobView | None = None
    since: int | None = None  # the document revision read up to
    failures: int = 0
    next_read: float = 0.0
    listed_at: float = 0.0  # when its documents were last listed (monotonic)
    listed_settled: int = 0  # documents settled then
    final: bool = False  # finished, and its final documents read

    @property
    def finished(self) -> bool:
        return self.view is not None and rules.is_finished(self.view)


class Follower:
    def __init__(
        self,
        engine: Engine,
        store: RunStore,
        transfers: Transfers,
        request: RunRequest,
        name: str,
        prefix: str,
        files: list[RunFile],
        progress: RunProgress,
        summary: RunSummary,
    ) -> None:
        self._engine = engine
        self._store = store
        self._transfers = transfers
        self._request = request
        self._name = name
        self._prefix = prefix
        self._target = target_prefix(prefix)
        self._plan = {f.path: f for f in files}
        self._progress = progress
        self._summary = summary
        self._queue: asyncio.Queue[tuple[str, str, str]] = asyncio.Queue()
        self._handled: set[str] = set()  # document ids seen in a final state
        self._to_record: list[tuple[str, str, str]] = []
        self._remote: dict[str, tuple[bytes | None, str, int]] | None = None
        self._remote_lock = asyncio.Lock()
        self._wanted = 0  # outputs to download (or already verified)
        self.downloaded_blobs: set[str] = set()

    async def follow(self, names: list[str], *, deadline: float | None) -> None:
        """Until every job has finished and every output is on disk (or `deadline`, monotonic)."""
        jobs = [_Job(name) for name in names]
        workers = [asyncio.create_task(self._worker()) for _ in range(self._request.concurrency)]
        try:
            while True:
                for job in jobs:
                    if not job.final and job.next_read <= time.monotonic():
                        await self._read(job)
                self._summary.jobs = [job.view for job in jobs if job.view is not None]
                counts = self._summary.counts
                self._progress.update("process", counts.settled, counts.total)
                await self._flush(RECORD_BATCH)
                if all(job.final for job in jobs):
                    break
                if deadline is not None and time.monotonic() > deadline:
                    self._summary.timed_out = True
                    break
                upcoming = min(job.next_read for job in jobs if not job.final)
                await asyncio.sleep(min(max(upcoming - time.monotonic(), 0.05), self._request.interval))
            if not self._summary.timed_out:
                await self._queue.join()
        finally:
            for worker in workers:
                worker.cancel()
            for worker in workers:
                with contextlib.suppress(asyncio.CancelledError):
                    await worker
            await self._flush(1)

    async def _read(self, job: _Job) -> None:
        """Read one job, and its documents when enough of them have settled since they were last
        listed (or a while has passed, or the job has finished): a listing costs a request per
        1,000 documents, and the job's own answer already counts them while it runs. A transient
        failure delays only this job."""
        try:
            job.view = await self._engine.sync_job(job.name, documents=False, priority=Priority.SELECTED, attempts=1)
            if job.finished or self._documents_due(job):
                await self._engine.sync_documents(job.name)
                job.listed_at, job.listed_settled = time.monotonic(), rules.counts(job.view).settled
        except DeidError as error:
            if not error.transient:
                raise
            job.failures += 1
            if job.failures >= MAX_CONSECUTIVE_FAILURES:
                raise
            ceiling = min(self._request.interval * 2 ** (job.failures - 1), MAX_BACKOFF)
            job.next_read = time.monotonic() + random.uniform(ceiling / 2, ceiling)
            return
        job.failures = 0
        job.next_read = time.monotonic() + self._request.interval
        delta = await self._engine.document_delta(job.name, job.since)
        job.since = delta.revision
        for document in delta.documents:
            self._document(document)
        job.final = job.finished

    @staticmethod
    def _documents_due(job: _Job) -> bool:
        assert job.view is not None
        if job.view.job.summary is None:  # a service that counts nothing while it runs: list now and then
            return time.monotonic() - job.listed_at >= LIST_EVERY
        counts = rules.counts(job.view)
        fresh = counts.settled - job.listed_settled
        return fresh >= max(LIST_AFTER_DOCUMENTS, counts.total // 20) or (
            fresh > 0 and time.monotonic() - job.listed_at >= LIST_EVERY
        )

    def _document(self, document: Document) -> None:
        if document.id in self._handled or not document.status.is_terminal:
            return
        self._handled.add(document.id)
        path = self._path(document)
        if document.status is JobStatus.SUCCEEDED and document.output is not None and path is not None:
            _container, blob = split_blob_url(document.output.location)
            self._wanted += 1
            self._queue.put_nowait((path, blob, (document.output.etag or "").strip('"')))
        elif document.status is JobStatus.FAILED:
            error = document.error
            self._summary.failures.append(
                DocumentFailure(
                    path or document.input.location, error.code if error else "Failed", error.message if error else ""
                )
            )

    def _path(self, document: Document) -> str | None:
        """The document's path under the source folder: where its output went, or (a failed
        document has none) where its input is, `P in/<part>/<path>`."""
        if document.output is None:
            return path_of_input(self._prefix, split_blob_url(document.input.location)[1])
        _container, blob = split_blob_url(document.output.location)
        return blob[len(self._target) :] if blob.startswith(self._target) else None

    async def _worker(self) -> None:
        while True:
            path, blob, etag = await self._queue.get()
            try:
                await self._download(path, blob, etag)
            except (OSError, ValueError) as exc:  # the disk, or a blob name that leaves the folder
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                self._summary.download_failures.append(DocumentFailure(path, type(exc).__name__, reason))
                self._report_downloads()
            finally:
                self._queue.task_done()

    async def _download(self, path: str, blob: str, etag: str) -> None:
        summary, out_dir = self._summary, self._request.out_dir
        dest = local_output(out_dir, path, self._request.operation)
        self.downloaded_blobs.add(blob)
        if await self._already_verified(path, blob, etag, dest):
            summary.already_downloaded += 1
            self._report_downloads()
            return
        for attempt in range(1, DOWNLOAD_ATTEMPTS + 1):
            try:
                got_etag, sha, size = await self._transfers.download(blob, dest, out_dir)
            except DeidError as error:
                if attempt < DOWNLOAD_ATTEMPTS and (error.transient or isinstance(error, DownloadMismatch)):
                    continue
                summary.download_failures.append(DocumentFailure(path, error.code or error.title, error.detail))
                return
            break
        summary.downloaded += 1
        summary.downloaded_bytes += size
        self._to_record.append((path, got_etag, sha))
        self._report_downloads()

    def _report_downloads(self) -> None:
        summary = self._summary
        done = summary.downloaded + summary.already_downloaded + len(summary.download_failures)
        self._progress.update("download", done, self._wanted, summary.downloaded_bytes)

    async def _already_verified(self, path: str, blob: str, etag: str, dest: Path) -> bool:
        digests = await asyncio.to_thread(file_digests, dest)
        if digests is None:
            return False
        md5, sha, size = digests
        planned = self._plan.get(path)
        if planned is not None and planned.output_sha256 == sha and (planned.output_etag or "") == etag:
            return True
        # On disk, but the record of it was lost (killed before it was written): storage's
        # Content-MD5 tells whether the file is that output, without downloading it again.
        remote = await self._remote_checksums()
        expected = remote.get(blob)
        if expected is None or expected[0] is None or expected[0] != md5 or expected[2] != size:
            return False
        self._to_record.append((path, expected[1], sha))
        return True

    async def _remote_checksums(self) -> dict[str, tuple[bytes | None, str, int]]:
        async with self._remote_lock:
            if self._remote is None:
                self._remote = await self._transfers.checksums(self._target)
            return self._remote

    async def _flush(self, at_least: int) -> None:
        if len(self._to_record) >= at_least:
            batch, self._to_record = self._to_record, []
            await self._store.record_downloads(self._name, batch)
