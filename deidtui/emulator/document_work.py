"""One document of a job: read it, apply the job's operation, write the output where it belongs."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from azure.core.exceptions import ResourceExistsError, ResourceModifiedError, ResourceNotFoundError
from azure.storage.blob import ContentSettings
from azure.storage.blob.aio import ContainerClient

from ..domain.models import ServiceError
from ..domain.validation import MAX_DOCUMENT_BYTES
from .state import DocumentRecord, JobRecord
from .transform import apply_operation

# Set on every output, so that a document interrupted by a restart can safely rewrite its own
# output even when the job does not allow overwriting.
WRITER_METADATA_KEY = "deidjob"


class DocumentFailure(Exception):
    """This document fails (the job goes on); `error` is what its listing shows."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.error = ServiceError(code, message)


def _too_large(size: int) -> DocumentFailure:
    return DocumentFailure(
        "DocumentTooLarge", f"The document is {size:,} bytes; documents may be at most {MAX_DOCUMENT_BYTES:,} bytes."
    )


async def transform_one(
    record: JobRecord,
    doc: DocumentRecord,
    source: ContainerClient,
    target: ContainerClient,
    *,
    executor: ThreadPoolExecutor,
    resumed: bool,
) -> str:
    """Process one document; returns the output's entity tag, raises DocumentFailure."""
    spec = record.definition
    if doc.input_size > MAX_DOCUMENT_BYTES:
        raise _too_large(doc.input_size)
    try:
        downloader = await source.download_blob(doc.input_name)
        body = await downloader.readall()
    except ResourceNotFoundError:
        raise DocumentFailure("DocumentNotFound", "The document was deleted before it could be read.") from None
    if len(body) > MAX_DOCUMENT_BYTES:
        raise _too_large(len(body))
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
        executor,
        lambda: apply_operation(
            text,
            spec.operation,
            seed=record.name,
            redaction_format=spec.redaction_format,
            surrogate_locale=spec.surrogate_locale,
            input_locale=spec.input_locale,
        ),
    )
    return await _write_output(record, doc, target, output.encode("utf-8"), content_type, resumed=resumed)


async def _write_output(
    record: JobRecord,
    doc: DocumentRecord,
    target: ContainerClient,
    data: bytes,
    content_type: str,
    *,
    resumed: bool,
) -> str:
    blob = target.get_blob_client(doc.output_name)
    metadata = {WRITER_METADATA_KEY: record.name}
    settings = ContentSettings(content_type=content_type)
    overwrite = record.definition.overwrite
    if not overwrite and resumed:
        # This document was interrupted by a restart: its output may be our own earlier write.
        try:
            props = await blob.get_blob_properties()
            overwrite = props.metadata.get(WRITER_METADATA_KEY) == record.name
        except ResourceNotFoundError:
            pass
    try:
        # overwrite=False sends If-None-Match: *, so "output already exists" is atomic with the write.
        result = await blob.upload_blob(data, overwrite=overwrite, metadata=metadata, content_settings=settings)
    except (ResourceExistsError, ResourceModifiedError):
        raise DocumentFailure(
            "OutputAlreadyExists",
            f"Output {doc.output_name!r} already exists and the job does not allow overwriting; it was left untouched.",
        ) from None
    return str(result.get("etag", "")).strip('"')
