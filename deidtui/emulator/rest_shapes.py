"""Jobs and documents as the service writes them, key for key, per api-version."""

from __future__ import annotations

from typing import Any

from .api_versions import ApiVersion
from .state import DocumentRecord, JobRecord


def job_to_rest(record: JobRecord, version: ApiVersion, *, summary_while_running: bool) -> dict[str, Any]:
    """A job in the recordings' key order.

    `summary` appears once the job's documents are listed (NotStarted and Running included, as
    recorded), or only once the job has finished with `summary_while_running=False` (as the
    published specification describes it). A job whose documents were never listed (EmptyJob, a
    storage error) has none, nor a `startedAt` if it never ran.
    """
    body: dict[str, Any] = {"name": record.name, **record.definition.to_rest(version), "status": record.status.value}
    if record.error is not None:
        body["error"] = record.error.to_rest()
    if record.counts is not None and (summary_while_running or record.status.is_terminal):
        body["summary"] = record.counts.to_rest()
    body["createdAt"] = record.created_at
    if record.started_at is not None:
        body["startedAt"] = record.started_at
    body["lastUpdatedAt"] = record.last_updated_at
    return body


def document_to_rest(doc: DocumentRecord) -> dict[str, Any]:
    """A document of a job. The recorded service spells the entity tag `eTag` (the specification
    says `etag`, which is what SDK 1.0.0 reads: against the real service its `etag` is None)."""
    body: dict[str, Any] = {"id": doc.id, "input": {"location": doc.input_url, "eTag": doc.input_etag}}
    if doc.output_etag:
        body["output"] = {"location": doc.output_url, "eTag": doc.output_etag}
    body["status"] = doc.status.value
    if doc.error is not None:
        body["error"] = doc.error.to_rest()
    return body
