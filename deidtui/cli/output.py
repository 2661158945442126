"""Output for people (aligned tables, colour only on a terminal and never with NO_COLOR) and for
machines (stable JSON, ISO timestamps). Everything from outside is sanitized for terminals; JSON is
ASCII-escaped, so no raw control character or bidi override is ever written. Both mask credentials
(`mask_secrets`): a table cell through `sanitize_line`, JSON value by value."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TextIO

from ..domain import rules
from ..domain.jobs import JobView
from ..domain.models import Document, format_timestamp
from ..domain.sanitize import sanitize_line
from ..domain.secrets import mask_data

SCHEMA_JOB = "deidtui.job/1"
SCHEMA_DOCUMENT = "deidtui.document/1"
SCHEMA_BLOB = "deidtui.blob/1"

_STATUS_COLOUR = {
    "NotStarted": "2",
    "Running": "36;1",
    "Succeeded": "32",
    "Failed": "31;1",
    "Canceled": "33",
    "partial": "31",
}


def use_colour(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def iso(value: datetime | None) -> str | None:
    return format_timestamp(value) if value is not None else None


def job_json(view: JobView) -> dict[str, Any]:
    """A job as the documented JSON object (schema deidtui.job/1)."""
    job = view.job
    spec = job.spec
    summary = job.summary
    progress = view.progress
    return {
        "schema": SCHEMA_JOB,
        "name": job.name,
        "operation": spec.operation.value,
        "status": job.status.value,
        "partiallyFailed": rules.is_partially_failed(view),
        "createdAt": iso(job.created_at),
        "startedAt": iso(job.started_at),
        "lastUpdatedAt": iso(job.last_updated_at),
        "source": {"location": spec.source_location, "prefix": spec.source_prefix, "extensions": list(spec.extensions)},
        "target": {
            "location": spec.effective_target_location,
            "prefix": spec.target_prefix,
            "overwrite": spec.overwrite,
        },
        "customizations": {
            "redactionFormat": spec.redaction_format,
            "surrogateLocale": spec.surrogate_locale,
            "inputLocale": spec.input_locale,
        },
        "summary": summary.to_rest() if summary else None,
        "progress": None
        if progress is None
        else {
            "total": progress.total,
            "succeeded": progress.succeeded,
            "failed": progress.failed,
            "canceled": progress.canceled,
            "running": progress.running,
        },
        "error": job.error.to_rest() if job.error else None,
        "deleted": view.deleted,
        "parent": view.parent,
    }


def document_json(job_name: str, document: Document) -> dict[str, Any]:
    return {
        "schema": SCHEMA_DOCUMENT,
        "job": job_name,
        "id": document.id,
        "status": document.status.value,
        "input": {"location": document.input.location, "etag": document.input.etag},
        "output": None
        if document.output is None
        else {"location": document.output.location, "etag": document.output.etag},
        "error": document.error.to_rest() if document.error else None,
    }


def dumps(value: Any, *, indent: int | None = 2) -> str:
    return json.dumps(value, indent=indent, ensure_ascii=True, sort_keys=False)


def write_json(items: Any, fmt: str, stream: TextIO = sys.stdout) -> None:
    items = mask_data(items)
    if fmt == "jsonl":
        for item in items if isinstance(items, list) else [items]:
            stream.write(dumps(item, indent=None) + "\n")
    else:
        stream.write(dumps(items) + "\n")


def status_cell(status: str, colour: bool, label: str | None = None) -> str:
    text = label or status
    if not colour:
        return text
    return f"\x1b[{_STATUS_COLOUR.get(status, '0')}m{text}\x1b[0m"


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    stream: TextIO = sys.stdout,
    *,
    coloured: dict[int, Any] | None = None,
) -> None:
    """Aligned columns; cells are sanitized here, then coloured (colour codes come from us only)."""
    clean = [[sanitize_line(str(cell)) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in clean:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    colour = use_colour(stream)
    header = "  ".join(h.ljust(widths[i]) for i, h in enumerate(headers)).rstrip()
    stream.write((f"\x1b[1m{header}\x1b[0m" if colour else header) + "\n")
    for row in clean:
        cells = []
        for i, cell in enumerate(row):
            padded = cell.ljust(widths[i]) if i < len(row) - 1 else cell
            if colour and coloured and i in coloured:
                padded = status_cell(coloured[i](cell), True, padded)
            cells.append(padded)
        stream.write("  ".join(cells).rstrip() + "\n")
