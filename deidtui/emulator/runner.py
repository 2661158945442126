"""Background processing of jobs: enumerate the source documents, transform each, write the outputs."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from azure.core.exceptions import (
    AzureError,
    HttpResponseError,
    ResourceExistsError,
    ResourceModifiedError,
    ResourceNotFoundError,
    ServiceRequestError,
    ServiceResponseError,
)
from azure.storage.blob import ContentSettings
from azure.storage.blob.aio import ContainerClient

from ..domain.models import JobStatus, ServiceError
from ..domain.paths import matches_extensions, output_blob_name, parse_container_url
from ..domain.validation import MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_JOB
from .state import DocumentRecord, EmulatorState, JobRecord, NewDocument
from .storage import StorageGateway, StorageProblem
from .transform import apply_operation

log = logging.getLogger("deidtui.emulator")

# Set on every output, so that a document interrupted by a restart can safely rewrite its own
# output even when the job does not allow overwriting.
WRITER_METADATA_KEY = "deidjob"


class DocumentFailure(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.error = ServiceError(code, message)


class JobRunner:
    """Runs every unfinished job in the background, with bounded document concurrency."""

    def __init__(
        self,
        state: EmulatorState,
        storage: StorageGateway,
        *,
        concurrency: int,
        doc_delay_ms: int,
        executor: ThreadPoolExecutor,
    ) -> None:
        self._executor = executor
        self._state = state
        self._storage = storage
        self._slots = asyncio.Semaphore(concurrency)
        self._doc_delay = doc_delay_ms / 1000
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._canceled: set[int] = set()

    def set_doc_delay(self, doc_delay_ms: int) -> None:
        """Change the pause before each document (the demo speeds through set-up, then slows down)."""
        self._doc_delay = doc_delay_ms / 1000

    async def resume(self) -> None:
        """Pick up jobs a previous run of the emulator left unfinished."""
        for record in await self._state.active_jobs():
            self.start(record)

    def start(self, record: JobRecord) -> None:
        if record.seq in self._tasks:
            return
        task = asyncio.create_task(self._run(record), name=f"job:{record.job.name}")
        self._tasks[record.seq] = task
        task.add_done_callback(lambda _t, seq=record.seq: self._tasks.pop(seq, None))

    def cancel(self, seq: int) -> None:
        """Stop dispatching documents of a job (those in flight finish and are kept)."""
        self._canceled.add(seq)

    async def stop(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _run(self, record: JobRecord) -> None:
        seq, job = record.seq, record.job
        try:
            source_address, source = self._storage.container(job.spec.source_location)
            target_address, target = self._storage.container(job.spec.effective_target_location)
            if not record.enumerated:
                await self._storage.check_container(source, source_address)
                await self._storage.check_container(target, target_address)
                documents = await self._enumerate(record, source, target_address.url)
                if not documents:
                    await self._state.finish_job(
                        seq,
                        JobStatus.FAILED,
                        ServiceError("EmptyJob", "No files found in source container with given parameters."),
                    )
                    return
                if len(documents) > MAX_DOCUMENTS_PER_JOB:
                    await self._state.finish_job(
                        seq,
                        JobStatus.FAILED,
                        ServiceError(
                            "DocumentLimitExceeded",
                            f"{len(documents)} documents match; a job may hold at most {MAX_DOCUMENTS_PER_JOB}.",
                        ),
                    )
                    return
                await self._state.add_documents(seq, documents)
            await self._state.mark_running(seq)
            pending = await self._state.pending_documents(seq)
            await asyncio.gather(*(self._process(record, doc, source, target) for doc in pending))
        except StorageProblem as problem:
            await self._state.finish_job(seq, JobStatus.FAILED, problem.error)
            return
        except (ServiceRequestError, ServiceResponseError) as exc:
            await self._state.finish_job(
                seq,
                JobStatus.FAILED,
                ServiceError("StorageNotReachable", f"The storage account could not be reached: {_short(exc)}"),
            )
            return
        except HttpResponseError as exc:
            await self._state.finish_job(
                seq, JobStatus.FAILED, ServiceError("StorageError", f"Storage refused a request: {_short(exc)}")
            )
            return
        if seq in self._canceled:
            # In-flight documents finished after the cancel; count them in the summary.
            await self._state.refresh_summary(seq)
            self._canceled.discard(seq)
            return
        summary = await self._state.summary(seq)
        if summary.failed:
            error = ServiceError(
                "DocumentsFailed",
                f"{summary.failed} of {summary.total} documents failed; list the job's documents for each error.",
            )
            await self._state.finish_job(seq, JobStatus.FAILED, error)
        else:
            await self._state.finish_job(seq, JobStatus.SUCCEEDED)

    async def _enumerate(self, record: JobRecord, source: ContainerClient, target_url: str) -> list[NewDocument]:
        spec = record.job.spec
        source_address = parse_container_url(spec.source_location)
        documents: list[NewDocument] = []
        async for blob in source.list_blobs(name_starts_with=spec.source_prefix or None):
            if not matches_extensions(blob.name, spec.extensions):
                continue
            output_name = output_blob_name(blob.name, spec.source_prefix, spec.target_prefix)
            if spec.effective_target_location == spec.source_location and output_name == blob.name:
                continue  # never process a document onto itself
            documents.append(
                NewDocument(
                    input_name=blob.name,
                    input_url=source_address.blob_url(blob.name),
                    input_etag=str(blob.etag).strip('"'),
                    input_size=int(blob.size or 0),
                    output_name=output_name,
                    output_url=parse_container_url(target_url).blob_url(output_name),
                )
            )
            if len(documents) > MAX_DOCUMENTS_PER_JOB:
                break
        return documents

    async def _process(
        self, record: JobRecord, doc: DocumentRecord, source: ContainerClient, target: ContainerClient
    ) -> None:
        seq = record.seq
        async with self._slots:
            if seq in self._canceled or not await self._state.start_document(seq, doc.ordinal):
                return
            resumed = doc.document.status is JobStatus.RUNNING
            try:
                if self._doc_delay:
                    await asyncio.sleep(self._doc_delay)
                etag = await self._transform_one(record, doc, source, target, resumed=resumed)
            except DocumentFailure as failure:
                await self._state.finish_document(seq, doc.ordinal, JobStatus.FAILED, error=failure.error)
            except (ServiceRequestError, ServiceResponseError) as exc:
                await self._state.finish_document(
                    seq,
                    doc.ordinal,
                    JobStatus.FAILED,
                    error=ServiceError("StorageNotReachable", f"Storage could not be reached: {_short(exc)}"),
                )
            except AzureError as exc:
                await self._state.finish_document(
                    seq,
                    doc.ordinal,
                    JobStatus.FAILED,
                    error=ServiceError("StorageError", f"Storage refused a request: {_short(exc)}"),
                )
            except Exception:  # one bad document must not stop the job; the log names no content
                log.exception("document %d of job %s failed unexpectedly", doc.ordinal, record.job.name)
                await self._state.finish_document(
                    seq,
                    doc.ordinal,
                    JobStatus.FAILED,
                    error=ServiceError("InternalError", "The document could not be processed."),
                )
            else:
                await self._state.finish_document(seq, doc.ordinal, JobStatus.SUCCEEDED, output_etag=etag)
            await self._state.touch(seq)

    async def _transform_one(
        self,
        record: JobRecord,
        doc: DocumentRecord,
        source: ContainerClient,
        target: ContainerClient,
        *,
        resumed: bool,
    ) -> str:
        spec = record.job.spec
        if doc.input_size > MAX_DOCUMENT_BYTES:
            raise DocumentFailure(
                "DocumentTooLarge",
                f"The document is {doc.input_size:,} bytes; documents may be at most {MAX_DOCUMENT_BYTES:,} bytes.",
            )
        try:
            downloader = await source.download_blob(doc.input_name)
            body = await downloader.readall()
        except ResourceNotFoundError:
            raise DocumentFailure("DocumentNotFound", "The document was deleted before it could be read.") from None
        if len(body) > MAX_DOCUMENT_BYTES:
            raise DocumentFailure(
                "DocumentTooLarge",
                f"The document is {len(body):,} bytes; documents may be at most {MAX_DOCUMENT_BYTES:,} bytes.",
            )
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DocumentFailure(
                "InvalidDocumentEncoding",
                f"The document is not valid UTF-8 (byte {exc.start} is not part of a UTF-8 character).",
            ) from None
        if text.startswith("\ufeff"):
            text = text[1:]
        loop = asyncio.get_running_loop()
        output, content_type = await loop.run_in_executor(
            self._executor,
            lambda: apply_operation(
                text,
                spec.operation,
                seed=record.job.name,
                redaction_format=spec.redaction_format,
                surrogate_locale=spec.surrogate_locale,
            ),
        )
        return await self._write_output(record, doc, target, output.encode("utf-8"), content_type, resumed=resumed)

    async def _write_output(
        self,
        record: JobRecord,
        doc: DocumentRecord,
        target: ContainerClient,
        data: bytes,
        content_type: str,
        *,
        resumed: bool,
    ) -> str:
        blob = target.get_blob_client(doc.output_name)
        metadata = {WRITER_METADATA_KEY: record.job.name}
        settings = ContentSettings(content_type=content_type)
        overwrite = record.job.spec.overwrite
        if not overwrite and resumed:
            # This document was interrupted by a restart: its output may be our own earlier write.
            try:
                props = await blob.get_blob_properties()
                overwrite = props.metadata.get(WRITER_METADATA_KEY) == record.job.name
            except ResourceNotFoundError:
                pass
        try:
            if overwrite:
                result = await blob.upload_blob(data, overwrite=True, metadata=metadata, content_settings=settings)
            else:
                # overwrite=False sends If-None-Match: *, so "output already exists" is atomic with the write.
                result = await blob.upload_blob(data, overwrite=False, metadata=metadata, content_settings=settings)
        except (ResourceExistsError, ResourceModifiedError):
            raise DocumentFailure(
                "OutputAlreadyExists",
                f"Output {doc.output_name!r} already exists and the job does not allow overwriting; it was left untouched.",
            ) from None
        return str(result.get("etag", "")).strip('"')


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:300]
