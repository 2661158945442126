"""What a run is asked to do (`RunRequest`), how it reports progress (`RunProgress`), and how it
ended (`RunSummary`, whose JSON is the documented `deidtui.run/1`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from ...domain import rules
from ...domain.errors import DeidError
from ...domain.jobs import JobView
from ...domain.models import Operation
from ...domain.validation import MAX_DOCUMENTS_PER_JOB
from .plan import Skipped

SCHEMA_RUN = "deidtui.run/1"
Phase = Literal["upload", "process", "download"]


class RunRefused(DeidError):
    """The run cannot go ahead as asked (nothing was sent); `detail` says why and what to do."""

    default_title = "Run refused"


@dataclass(frozen=True, slots=True)
class RunRequest:
    """The arguments of `deidtui run`. Everything but the behaviour switches (`strict`, `clean_*`,
    `interval`, `timeout`, `concurrency`) makes the run what it is: the same arguments find the
    same run again (`fingerprint`)."""

    source_dir: Path
    out_dir: Path
    operation: Operation
    container_url: str
    prefix: str | None = None
    extensions: tuple[str, ...] = ("*.txt",)
    locale: str | None = None
    redaction_format: str | None = None
    documents_per_job: int = MAX_DOCUMENTS_PER_JOB
    name: str | None = None
    strict: bool = False
    clean_inputs: bool = False
    clean_outputs: bool = False
    interval: float = 3.0
    timeout: float | None = None
    concurrency: int = 16

    def settings(self) -> dict[str, Any]:
        return {
            "operation": self.operation.value,
            "extensions": sorted(self.extensions),
            "locale": self.locale,
            "redactionFormat": self.redaction_format,
            "documentsPerJob": self.documents_per_job,
        }

    def fingerprint(self) -> str:
        return json.dumps(
            [str(self.source_dir), str(self.out_dir), self.container_url, self.prefix, self.settings()], sort_keys=True
        )


class RunProgress(Protocol):
    """Where a run reports how far it got; the CLI draws it (a bar on a terminal, lines otherwise)."""

    def update(self, phase: Phase, done: int, total: int, nbytes: int = 0) -> None:
        """`done` of `total` files (upload, download) or documents (process), `nbytes` moved so far."""

    def say(self, text: str) -> None:
        """One line worth telling the operator (never a document's text)."""


@dataclass(frozen=True, slots=True)
class DocumentFailure:
    path: str
    code: str
    message: str


@dataclass
class RunSummary:
    name: str
    out_dir: Path
    jobs: list[JobView] = field(default_factory=list)
    skipped: tuple[Skipped, ...] = ()
    uploaded: int = 0
    uploaded_bytes: int = 0
    already_uploaded: int = 0
    downloaded: int = 0
    downloaded_bytes: int = 0
    already_downloaded: int = 0
    failures: list[DocumentFailure] = field(default_factory=list)
    download_failures: list[DocumentFailure] = field(default_factory=list)
    cleaned_inputs: int = 0
    cleaned_outputs: int = 0
    elapsed: float = 0.0
    timed_out: bool = False

    @property
    def counts(self) -> rules.Counts:
        each = [rules.counts(view) for view in self.jobs]
        return rules.Counts(
            total=sum(c.total for c in each),
            succeeded=sum(c.succeeded for c in each),
            failed=sum(c.failed for c in each),
            canceled=sum(c.canceled for c in each),
        )

    @property
    def finished(self) -> bool:
        return bool(self.jobs) and all(rules.is_finished(view) for view in self.jobs)

    def as_json(self) -> dict[str, Any]:
        """The documented summary (schema deidtui.run/1)."""
        counts = self.counts
        moved = self.uploaded_bytes + self.downloaded_bytes
        return {
            "schema": SCHEMA_RUN,
            "name": self.name,
            "outDir": str(self.out_dir),
            "jobs": [{"name": v.name, "status": v.status.value, "outcome": rules.outcome(v).value} for v in self.jobs],
            "documents": {
                "total": counts.total,
                "succeeded": counts.succeeded,
                "failed": counts.failed,
                "canceled": counts.canceled,
            },
            "failures": [{"path": f.path, "code": f.code, "message": f.message} for f in self.failures],
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "uploads": {"files": self.uploaded, "bytes": self.uploaded_bytes, "alreadyThere": self.already_uploaded},
            "downloads": {
                "files": self.downloaded,
                "bytes": self.downloaded_bytes,
                "alreadyVerified": self.already_downloaded,
                "failed": [{"path": f.path, "code": f.code, "message": f.message} for f in self.download_failures],
            },
            "cleaned": {"inputs": self.cleaned_inputs, "outputs": self.cleaned_outputs},
            "seconds": round(self.elapsed, 3),
            "documentsPerSecond": round(counts.settled / self.elapsed, 2) if self.elapsed else None,
            "bytesPerSecond": round(moved / self.elapsed) if self.elapsed else None,
            "timedOut": self.timed_out,
        }
