"""Jobs, documents and their specifications, as plain data shared by every layer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit, urlunsplit

# What the service uses when a job does not say (it echoes these in `customizations`).
DEFAULT_REDACTION_FORMAT = "[{type}]"
DEFAULT_SURROGATE_LOCALE = "en-US"  # also the input locale of 2025-07-15-preview


class JobStatus(StrEnum):
    """Lifecycle of a job and of each of its documents (the service's `OperationStatus`)."""

    NOT_STARTED = "NotStarted"
    RUNNING = "Running"
    SUCCEEDED = "Succeeded"
    FAILED = "Failed"
    CANCELED = "Canceled"

    @property
    def is_terminal(self) -> bool:
        return self in TERMINAL_STATUSES

    @property
    def is_active(self) -> bool:
        return not self.is_terminal

    @classmethod
    def parse(cls, value: str) -> JobStatus:
        """Case-insensitive lookup, as the service's enums are case-insensitive."""
        for member in cls:
            if member.value.lower() == str(value).lower():
                return member
        raise ValueError(f"unknown status {value!r}; expected one of {', '.join(m.value for m in cls)}")


TERMINAL_STATUSES = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELED})


class Operation(StrEnum):
    """What a job does to the PHI it finds."""

    TAG = "Tag"
    REDACT = "Redact"
    SURROGATE = "Surrogate"

    @classmethod
    def parse(cls, value: str) -> Operation:
        for member in cls:
            if member.value.lower() == str(value).lower():
                return member
        raise ValueError(f"unknown operation {value!r}; expected one of Tag, Redact, Surrogate")


@dataclass(frozen=True, slots=True)
class ServiceError:
    """An error as the service reports it (`{"code", "message", "target"?}`)."""

    code: str
    message: str
    target: str | None = None

    def to_rest(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.target:
            body["target"] = self.target
        return body

    @classmethod
    def from_rest(cls, data: Mapping[str, Any] | None) -> ServiceError | None:
        if not data:
            return None
        return cls(
            code=str(data.get("code") or "Unknown"),
            message=str(data.get("message") or ""),
            target=data.get("target"),
        )


@dataclass(frozen=True, slots=True)
class JobSpec:
    """Everything an operator chooses when creating a job."""

    source_location: str
    source_prefix: str
    target_prefix: str
    operation: Operation = Operation.SURROGATE
    target_location: str | None = None  # defaults to the source container
    extensions: tuple[str, ...] = ("*",)
    overwrite: bool = False
    redaction_format: str | None = None
    surrogate_locale: str | None = None
    input_locale: str | None = None  # the documents' language; api-version 2025-07-15-preview on

    @property
    def effective_target_location(self) -> str:
        return self.target_location or self.source_location

    def to_rest(self) -> dict[str, Any]:
        """The body of `PUT /jobs/{name}`."""
        body: dict[str, Any] = {
            "operation": self.operation.value,
            "sourceLocation": {
                "location": self.source_location,
                "prefix": self.source_prefix,
                "extensions": list(self.extensions),
            },
            "targetLocation": {
                "location": self.effective_target_location,
                "prefix": self.target_prefix,
                "overwrite": self.overwrite,
            },
        }
        customizations: dict[str, str] = {}
        if self.redaction_format is not None:
            customizations["redactionFormat"] = self.redaction_format
        if self.surrogate_locale is not None:
            customizations["surrogateLocale"] = self.surrogate_locale
        if self.input_locale is not None:
            customizations["inputLocale"] = self.input_locale
        if customizations:
            body["customizations"] = customizations
        return body

    @classmethod
    def from_rest(cls, data: Mapping[str, Any]) -> JobSpec:
        """Parse a REST body; raises `ValueError`/`KeyError`/`TypeError` on a malformed one."""
        source = data["sourceLocation"]
        target = data["targetLocation"]
        customizations = data.get("customizations") or {}
        extensions = source.get("extensions")
        return cls(
            operation=Operation.parse(data.get("operation") or Operation.SURROGATE.value),
            source_location=source["location"],
            source_prefix=source["prefix"],
            extensions=tuple(extensions) if extensions else ("*",),
            target_location=target["location"],
            target_prefix=target["prefix"],
            overwrite=bool(target.get("overwrite") or False),
            redaction_format=customizations.get("redactionFormat"),
            surrogate_locale=customizations.get("surrogateLocale"),
            input_locale=customizations.get("inputLocale"),
        )

    def with_changes(self, **changes: Any) -> JobSpec:
        return replace(self, **changes)

    def normalized(self) -> JobSpec:
        """This spec in the form two specs are compared in ("is the job on the service the one
        we submitted?"): what the service fills in or spells its own way made explicit on both
        sides. The target container is the source one when omitted; locations lose a query (a SAS
        is not part of the job) and a trailing slash, and their scheme and host are lower-cased;
        no extension means every document; a locale is case-insensitive; an empty or missing
        setting is the service's default (which it echoes back); and a setting without effect for
        the operation (a redaction format outside Redact, a surrogate locale outside Surrogate) is
        left out."""
        operation = self.operation
        locale = (self.surrogate_locale or DEFAULT_SURROGATE_LOCALE).lower()
        redaction_format = self.redaction_format or DEFAULT_REDACTION_FORMAT
        return JobSpec(
            source_location=_comparable_location(self.source_location),
            source_prefix=self.source_prefix,
            target_prefix=self.target_prefix,
            operation=operation,
            target_location=_comparable_location(self.effective_target_location),
            extensions=tuple(self.extensions) or ("*",),
            overwrite=bool(self.overwrite),
            redaction_format=redaction_format if operation is Operation.REDACT else None,
            surrogate_locale=locale if operation is Operation.SURROGATE else None,
            input_locale=(self.input_locale or DEFAULT_SURROGATE_LOCALE).lower(),
        )

    def same_job_as(self, other: JobSpec) -> bool:
        """Whether `other` asks for the same job as this spec, once both are normalized."""
        return self.normalized() == other.normalized()


def _comparable_location(url: str) -> str:
    parts = urlsplit(url.strip())
    netloc = parts.netloc.rpartition("@")[2].lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path.rstrip("/"), "", ""))


@dataclass(frozen=True, slots=True)
class JobSummary:
    """Document counts of a finished job (the service only reports it once the job is terminal)."""

    successful: int
    failed: int
    canceled: int
    total: int
    bytes_processed: int

    def to_rest(self) -> dict[str, int]:
        return {
            "successful": self.successful,
            "failed": self.failed,
            "canceled": self.canceled,
            "total": self.total,
            "bytesProcessed": self.bytes_processed,
        }

    @classmethod
    def from_rest(cls, data: Mapping[str, Any] | None) -> JobSummary | None:
        if not data:
            return None
        return cls(
            successful=int(data.get("successful", 0)),
            failed=int(data.get("failed", 0)),
            canceled=int(data.get("canceled", 0)),
            total=int(data.get("total", 0)),
            bytes_processed=int(data.get("bytesProcessed", 0)),
        )


@dataclass(frozen=True, slots=True)
class Job:
    """A de-identification job as last seen on the service."""

    name: str
    spec: JobSpec
    status: JobStatus
    created_at: datetime
    last_updated_at: datetime
    started_at: datetime | None = None
    summary: JobSummary | None = None
    error: ServiceError | None = None

    @property
    def status_since(self) -> datetime:
        """When the job entered its status, as the service dates it: running, its startedAt (its
        lastUpdatedAt moves with every document it finishes); otherwise its lastUpdatedAt. A
        startedAt after lastUpdatedAt is not believed. (The cache's history follows the same rule
        on its stored rows: `cache.jobs.entered_at`.)"""
        started = self.started_at
        if self.status is JobStatus.RUNNING and started is not None and started < self.last_updated_at:
            return started
        return self.last_updated_at

    def to_rest(self) -> dict[str, Any]:
        body = {"name": self.name, **self.spec.to_rest(), "status": self.status.value}
        body["createdAt"] = format_timestamp(self.created_at)
        body["lastUpdatedAt"] = format_timestamp(self.last_updated_at)
        if self.started_at is not None:
            body["startedAt"] = format_timestamp(self.started_at)
        if self.summary is not None:
            body["summary"] = self.summary.to_rest()
        if self.error is not None:
            body["error"] = self.error.to_rest()
        return body

    @classmethod
    def from_rest(cls, data: Mapping[str, Any]) -> Job:
        return cls(
            name=data["name"],
            spec=JobSpec.from_rest(data),
            status=JobStatus.parse(data["status"]),
            created_at=parse_timestamp(data["createdAt"]),
            last_updated_at=parse_timestamp(data.get("lastUpdatedAt") or data["createdAt"]),
            started_at=parse_timestamp(data["startedAt"]) if data.get("startedAt") else None,
            summary=JobSummary.from_rest(data.get("summary")),
            error=ServiceError.from_rest(data.get("error")),
        )


@dataclass(frozen=True, slots=True)
class DocumentLocation:
    location: str
    etag: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One document of a job: where it was read from, where it went, how it fared."""

    id: str
    input: DocumentLocation
    status: JobStatus
    output: DocumentLocation | None = None
    error: ServiceError | None = None

    def to_rest(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": self.id,
            "input": {"location": self.input.location, "eTag": self.input.etag or ""},
            "status": self.status.value,
        }
        if self.output is not None:
            body["output"] = {"location": self.output.location, "eTag": self.output.etag or ""}
        if self.error is not None:
            body["error"] = self.error.to_rest()
        return body

    @classmethod
    def from_rest(cls, data: Mapping[str, Any]) -> Document:
        out = data.get("output")
        return cls(
            id=data["id"],
            input=DocumentLocation(data["input"]["location"], _etag(data["input"])),
            status=JobStatus.parse(data["status"]),
            output=DocumentLocation(out["location"], _etag(out)) if out else None,
            error=ServiceError.from_rest(data.get("error")),
        )


def _etag(location: Mapping[str, Any]) -> str | None:
    """A document location's ETag: the service sends `eTag`, the published model reads `etag`
    (so SDK 1.0.0 sees None); either, or neither: nothing in deidtui depends on it."""
    value = location.get("eTag", location.get("etag"))
    return str(value) if value else None


@dataclass(slots=True)
class Progress:
    """Live progress of a job computed from its documents (the summary only exists at the end)."""

    total: int = 0
    succeeded: int = 0
    failed: int = 0
    canceled: int = 0
    running: int = 0
    by_status: dict[JobStatus, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.succeeded + self.failed + self.canceled

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    @classmethod
    def of(cls, statuses: list[JobStatus] | tuple[JobStatus, ...]) -> Progress:
        progress = cls(total=len(statuses))
        for status in statuses:
            progress.by_status[status] = progress.by_status.get(status, 0) + 1
        progress.succeeded = progress.by_status.get(JobStatus.SUCCEEDED, 0)
        progress.failed = progress.by_status.get(JobStatus.FAILED, 0)
        progress.canceled = progress.by_status.get(JobStatus.CANCELED, 0)
        progress.running = progress.by_status.get(JobStatus.RUNNING, 0)
        return progress

    @classmethod
    def of_summary(cls, summary: JobSummary) -> Progress:
        return cls(
            total=summary.total,
            succeeded=summary.successful,
            failed=summary.failed,
            canceled=summary.canceled,
        )


def utcnow() -> datetime:
    return datetime.now(UTC)


def format_timestamp(value: datetime) -> str:
    """RFC 3339 with a `Z`, as the service writes timestamps."""
    value = value.astimezone(UTC)
    return value.isoformat(timespec="microseconds").replace("+00:00", "Z")


def parse_timestamp(value: str | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    # The service may send 7 fractional digits; Python accepts at most 6.
    if "." in text:
        head, _, tail = text.partition(".")
        digits = "".join(ch for ch in tail if ch.isdigit())
        zone = tail[len(digits) :]
        text = f"{head}.{digits[:6].ljust(6, '0')}{zone}"
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
