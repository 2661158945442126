"""Background processing of jobs: list the source documents, wait in the queue, transform each, write.

A job's life follows the recorded service: its documents are listed first (the summary's `total`
appears, or the job fails as `EmptyJob`), it waits `NotStarted` in the queue, then runs its
documents, several at once, sharing the emulator's document slots fairly with other jobs.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from azure.core.exceptions import (
    AzureError,
    HttpResponseError,
    ServiceRequestError,
    ServiceResponseError,
)
from azure.storage.blob.aio import ContainerClient

from ..domain.models import JobStatus, ServiceError
from ..domain.paths import matches_extensions, output_blob_name, parse_container_url
from ..domain.validation import MAX_DOCUMENTS_PER_JOB
from .document_work import DocumentFailure, transform_one
from .pacing import Pacer
from .state import DocumentRecord, EmulatorState, JobRecord, NewDocument
from .storage import StorageGateway, StorageProblem

log = logging.getLogger("deidtui.emulator")

EMPTY_JOB = ServiceError("EmptyJob", "No files found in the source location with specified prefix.")


class JobRunner:
    """Runs every unfinished job in the background, with bounded document concurrency."""

    def __init__(
        self,
        state: EmulatorState,
        storage: StorageGateway,
        *,
        concurrency: int,
        pacer: Pacer,
        executor: ThreadPoolExecutor,
    ) -> None:
        self._executor = executor
        self._state = state
        self._storage = storage
        self._pacer = pacer
        self._concurrency = concurrency
        self._slots = asyncio.Semaphore(concurrency)
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._canceled: dict[int, asyncio.Event] = {}

    async def resume(self) -> None:
        """Pick up jobs a previous run of the emulator left unfinished."""
        for record in await self._state.active_jobs():
            self.start(record)

    def start(self, record: JobRecord) -> None:
        if record.seq in self._tasks:
            return
        self._canceled[record.seq] = asyncio.Event()
        task = asyncio.create_task(self._run(record), name=f"job:{record.name}")
        self._tasks[record.seq] = task
        task.add_done_callback(functools.partial(self._forgotten, record.seq))

    def _forgotten(self, seq: int, _task: asyncio.Task[None]) -> None:
        self._forget(seq)

    def _forget(self, seq: int) -> None:
        self._tasks.pop(seq, None)
        self._canceled.pop(seq, None)

    def cancel(self, seq: int) -> None:
        """Stop a job: it leaves the queue at once, and no further document starts (those in flight
        finish and are kept)."""
        event = self._canceled.get(seq)
        if event is not None:
            event.set()

    def _is_canceled(self, seq: int) -> bool:
        event = self._canceled.get(seq)
        return event is not None and event.is_set()

    async def _pause(self, seq: int, seconds: float) -> bool:
        """Wait `seconds` unless the job is canceled first; True when it was."""
        event = self._canceled[seq]
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), seconds)
        return event.is_set()

    async def stop(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _run(self, record: JobRecord) -> None:
        seq, name = record.seq, record.name
        try:
            source_address, source = self._storage.container(record.definition.source_location)
            target_address, target = self._storage.container(record.definition.target_location)
            if not record.enumerated:
                if await self._pause(seq, self._pacer.listing_seconds(name)):
                    return
                await self._storage.check_container(source, source_address)
                await self._storage.check_container(target, target_address)
                documents = await self._enumerate(record, source, target_address.url)
                if not documents:
                    await self._state.finish_job(seq, JobStatus.FAILED, EMPTY_JOB)
                    return
                if len(documents) > MAX_DOCUMENTS_PER_JOB:
                    limit = ServiceError(
                        "DocumentLimitExceeded",
                        f"{len(documents)} documents match; a job may hold at most {MAX_DOCUMENTS_PER_JOB}.",
                    )
                    await self._state.finish_job(seq, JobStatus.FAILED, limit)
                    return
                await self._state.add_documents(seq, documents)
            if record.status is JobStatus.NOT_STARTED:
                if await self._pause(seq, self._pacer.queue_seconds(name)):
                    return
                await self._state.mark_running(seq)
            pending = iter(await self._state.pending_documents(seq))
            # A few workers per job, each taking a slot per document: slots are handed out in
            # turn, so a large job does not starve the jobs that start after it.
            workers = [self._work(record, pending, source, target) for _ in range(self._concurrency)]
            await asyncio.gather(*workers)
        except StorageProblem as problem:
            await self._state.finish_job(seq, JobStatus.FAILED, problem.error)
            return
        except (ServiceRequestError, ServiceResponseError) as exc:
            error = ServiceError("StorageNotReachable", f"The storage account could not be reached: {_short(exc)}")
            await self._state.finish_job(seq, JobStatus.FAILED, error)
            return
        except HttpResponseError as exc:
            error = ServiceError("StorageError", f"Storage refused a request: {_short(exc)}")
            await self._state.finish_job(seq, JobStatus.FAILED, error)
            return
        if self._is_canceled(seq):
            return
        current = await self._state.get_job_by_seq(seq)
        if current is None or current.counts is None:
            return  # deleted meanwhile
        counts = current.counts
        if counts.failed:
            error = ServiceError(
                "DocumentsFailed",
                f"{counts.failed} of {counts.total} documents failed; list the job's documents for each error.",
            )
            await self._state.finish_job(seq, JobStatus.FAILED, error)
        else:
            await self._state.finish_job(seq, JobStatus.SUCCEEDED)

    async def _enumerate(self, record: JobRecord, source: ContainerClient, target_url: str) -> list[NewDocument]:
        spec = record.definition
        source_address = parse_container_url(spec.source_location)
        target_address = parse_container_url(target_url)
        documents: list[NewDocument] = []
        async for blob in source.list_blobs(name_starts_with=spec.source_prefix or None):
            if not matches_extensions(blob.name, spec.extensions):
                continue
            output_name = output_blob_name(blob.name, spec.source_prefix, spec.target_prefix)
            if spec.target_location == spec.source_location and output_name == blob.name:
                continue  # never process a document onto itself
            documents.append(
                NewDocument(
                    input_name=blob.name,
                    input_url=source_address.blob_url(blob.name),
                    input_etag=str(blob.etag).strip('"'),
                    input_size=int(blob.size or 0),
                    output_name=output_name,
                    output_url=target_address.blob_url(output_name),
                    listing_key=self._pacer.listing_key(record.name, blob.name),
                )
            )
            if len(documents) > MAX_DOCUMENTS_PER_JOB:
                break
        return documents

    async def _work(
        self, record: JobRecord, pending: Iterator[DocumentRecord], source: ContainerClient, target: ContainerClient
    ) -> None:
        for doc in pending:
            async with self._slots:
                if self._is_canceled(record.seq):
                    return
                await self._process(record, doc, source, target)

    async def _process(
        self, record: JobRecord, doc: DocumentRecord, source: ContainerClient, target: ContainerClient
    ) -> None:
        seq = record.seq
        if not await self._state.start_document(seq, doc.ordinal):
            return
        resumed = doc.status is JobStatus.RUNNING
        try:
            await asyncio.sleep(self._pacer.document_seconds(record.name, doc.ordinal))
            etag = await transform_one(record, doc, source, target, executor=self._executor, resumed=resumed)
        except DocumentFailure as failure:
            await self._state.finish_document(seq, doc, JobStatus.FAILED, error=failure.error)
        except (ServiceRequestError, ServiceResponseError) as exc:
            error = ServiceError("StorageNotReachable", f"Storage could not be reached: {_short(exc)}")
            await self._state.finish_document(seq, doc, JobStatus.FAILED, error=error)
        except AzureError as exc:
            error = ServiceError("StorageError", f"Storage refused a request: {_short(exc)}")
            await self._state.finish_document(seq, doc, JobStatus.FAILED, error=error)
        except Exception:  # one bad document must not stop the job; the log names no content
            log.exception("document %d of job %s failed unexpectedly", doc.ordinal, record.name)
            error = ServiceError("InternalError", "The document could not be processed.")
            await self._state.finish_document(seq, doc, JobStatus.FAILED, error=error)
        else:
            await self._state.finish_document(seq, doc, JobStatus.SUCCEEDED, output_etag=etag)


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:300]
