"""Domain objects to SQLite rows and back, with secrets stripped on the way in.

Rows are plain tuples in a fixed column order (JOB_FIELDS, DOCUMENT_FIELDS) so that comparing a
stored row with a new one is a tuple comparison, and decoding 10,000 rows stays cheap.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..domain.models import (
    Document,
    DocumentLocation,
    Job,
    JobSpec,
    JobStatus,
    Operation,
    ServiceError,
    format_timestamp,
    parse_timestamp,
)
from ..domain.secrets import mask_secrets

# The service's view of a job, in column order. Everything here counts as a "meaningful" change.
JOB_FIELDS: tuple[str, ...] = (
    "status",
    "operation",
    "source_location",
    "source_prefix",
    "extensions",
    "target_location",
    "target_prefix",
    "overwrite",
    "redaction_format",
    "surrogate_locale",
    "input_locale",
    "created_at",
    "started_at",
    "last_updated_at",
    "summary_successful",
    "summary_failed",
    "summary_canceled",
    "summary_total",
    "summary_bytes",
    "error_code",
    "error_message",
    "error_target",
)
J_STATUS = JOB_FIELDS.index("status")
J_CREATED = JOB_FIELDS.index("created_at")
J_STARTED = JOB_FIELDS.index("started_at")
J_UPDATED = JOB_FIELDS.index("last_updated_at")
J_SUMMARY_TOTAL = JOB_FIELDS.index("summary_total")  # not None: the job has a summary
assert J_STARTED == J_CREATED + 1 and J_UPDATED == J_STARTED + 1  # job_row relies on it

DOCUMENT_FIELDS: tuple[str, ...] = (
    "status",
    "input_location",
    "input_etag",
    "output_location",
    "output_etag",
    "error_code",
    "error_message",
    "error_target",
)
D_STATUS = DOCUMENT_FIELDS.index("status")

# Per-status document counters stored on the job row, in Progress order.
PROGRESS_FIELDS: tuple[str, ...] = (
    "docs_total",
    "docs_not_started",
    "docs_running",
    "docs_succeeded",
    "docs_failed",
    "docs_canceled",
)

STATUS_BY_VALUE = {status.value: status for status in JobStatus}


def ts(value: datetime) -> str:
    """Fixed-width UTC text, so that SQLite and Python can compare timestamps as strings."""
    if value.tzinfo is UTC:  # what parse_timestamp returns: skip the conversions
        return value.isoformat(timespec="microseconds")[:-6] + "Z"
    return format_timestamp(parse_timestamp(value))


def dt(value: str) -> datetime:
    """Stored text back to an aware datetime."""
    return datetime.fromisoformat(value)


def dt_or_none(value: str | None) -> datetime | None:
    """`dt` that passes None through."""
    return datetime.fromisoformat(value) if value is not None else None


def status_of(value: str) -> JobStatus:
    """A stored status; a dict lookup first, since it runs once per row."""
    return STATUS_BY_VALUE.get(value) or JobStatus.parse(value)


# -- secrets -----------------------------------------------------------------------------------

_URL_QUERY = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://[^\s?#]*)[?#][^\s\"'<>]*")


def strip_query(url: str) -> str:
    """A URL without its query, fragment or userinfo: where a SAS token or password would hide."""
    if "?" not in url and "#" not in url and "@" not in url:
        return url
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))


def redact_text(text: str) -> str:
    """Free text (audit details, intent messages) with URL queries removed and credentials masked."""
    return mask_secrets(_URL_QUERY.sub(r"\1", text))


# -- jobs --------------------------------------------------------------------------------------


def job_values(job: Job) -> tuple[Any, ...]:
    """The JOB_FIELDS of a job as compared: as stored, except timestamps are aware datetimes.

    Formatting a timestamp costs ten times parsing one, so a poll tick compares in datetime
    space and formats only the rows it writes (`job_row`).
    """
    spec, summary, error = job.spec, job.summary, job.error
    return (
        job.status.value,
        spec.operation.value,
        strip_query(spec.source_location),
        spec.source_prefix,
        extensions_json(tuple(spec.extensions)),
        strip_query(spec.target_location) if spec.target_location is not None else None,
        spec.target_prefix,
        int(bool(spec.overwrite)),
        spec.redaction_format,
        spec.surrogate_locale,
        spec.input_locale,
        _aware(job.created_at),
        _aware(job.started_at) if job.started_at is not None else None,
        _aware(job.last_updated_at),
        *(
            (summary.successful, summary.failed, summary.canceled, summary.total, summary.bytes_processed)
            if summary is not None
            else (None, None, None, None, None)
        ),
        *((error.code, error.message, error.target) if error is not None else (None, None, None)),
    )


def job_row(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """`job_values` with the timestamps formatted for storage."""
    started = values[J_STARTED]
    return (
        *values[:J_CREATED],
        ts(values[J_CREATED]),
        ts(started) if started is not None else None,
        ts(values[J_UPDATED]),
        *values[J_UPDATED + 1 :],
    )


def job_values_from_row(row: Sequence[Any]) -> tuple[Any, ...]:
    """Stored JOB_FIELDS back into `job_values` form, to compare with a polled job."""
    started = row[J_STARTED]
    return (
        *row[:J_CREATED],
        datetime.fromisoformat(row[J_CREATED]),
        datetime.fromisoformat(started) if started is not None else None,
        datetime.fromisoformat(row[J_UPDATED]),
        *row[J_UPDATED + 1 :],
    )


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@lru_cache(maxsize=256)
def extensions_json(extensions: tuple[str, ...]) -> str:
    """The stored JSON list of extensions (few distinct values, job after job: cached)."""
    return json.dumps(list(extensions))


@lru_cache(maxsize=256)
def extensions_tuple(text: str) -> tuple[str, ...]:
    """The stored JSON list of extensions as the tuple JobSpec holds (few distinct values: cached)."""
    return tuple(json.loads(text))


def spec_json(spec: JobSpec) -> str:
    """A spec as JSON for intents, with location queries stripped."""
    return json.dumps(
        {
            "operation": spec.operation.value,
            "source_location": strip_query(spec.source_location),
            "source_prefix": spec.source_prefix,
            "extensions": list(spec.extensions),
            "target_location": strip_query(spec.target_location) if spec.target_location is not None else None,
            "target_prefix": spec.target_prefix,
            "overwrite": bool(spec.overwrite),
            "redaction_format": spec.redaction_format,
            "surrogate_locale": spec.surrogate_locale,
            "input_locale": spec.input_locale,
        }
    )


def spec_from_json(text: str) -> JobSpec:
    """Inverse of `spec_json`."""
    data = json.loads(text)
    return JobSpec(
        source_location=data["source_location"],
        source_prefix=data["source_prefix"],
        target_prefix=data["target_prefix"],
        operation=Operation(data["operation"]),
        target_location=data["target_location"],
        extensions=tuple(data["extensions"]),
        overwrite=bool(data["overwrite"]),
        redaction_format=data["redaction_format"],
        surrogate_locale=data["surrogate_locale"],
        input_locale=data.get("input_locale"),  # absent from intents recorded before it existed
    )


# -- documents ---------------------------------------------------------------------------------


def document_values(doc: Document) -> tuple[Any, ...]:
    """The DOCUMENT_FIELDS of a document, as stored."""
    out, error = doc.output, doc.error
    return (
        doc.status.value,
        strip_query(doc.input.location),
        doc.input.etag,
        strip_query(out.location) if out is not None else None,
        out.etag if out is not None else None,
        *((error.code, error.message, error.target) if error is not None else (None, None, None)),
    )


def document_from_values(doc_id: str, v: tuple[Any, ...] | list[Any]) -> Document:
    """Inverse of `document_values`."""
    return Document(
        id=doc_id,
        status=status_of(v[0]),
        input=DocumentLocation(v[1], v[2]),
        output=DocumentLocation(v[3], v[4]) if v[3] is not None else None,
        error=ServiceError(v[5], v[6] or "", v[7]) if v[5] is not None else None,
    )
