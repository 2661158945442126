"""What one row of the documents table says: status, paths relative to the job's prefixes, error.

Paths are cut at the last "/" of the prefix, so `in/a.txt` under prefix `in/` reads `a.txt` while
a prefix such as `deidsample` (not a folder) leaves the name whole. Every path and error passes
`sanitize_line`; nothing here imports textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len, set_cell_size

from ...domain.models import Document, JobSpec
from ...domain.paths import parse_container_url, split_blob_url
from ...domain.sanitize import sanitize_line
from ..formatting import STATUS_LABEL, STATUS_SYMBOL

STATUS_WIDTH = 11  # "✔ succeeded"


def prefix_base(prefix: str) -> str:
    """The folder part of a prefix: `in/` stays, `notes/batch` gives `notes/`, `deidsample` gives ``."""
    return prefix if prefix.endswith("/") else prefix[: prefix.rfind("/") + 1]


def _container(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return parse_container_url(url).url
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class PathView:
    """How to show a job's blob locations: relative to its source and target prefixes."""

    source_container: str | None = None
    source_base: str = ""
    target_container: str | None = None
    target_base: str = ""

    @classmethod
    def of(cls, spec: JobSpec | None) -> PathView:
        if spec is None:
            return cls()
        return cls(
            _container(spec.source_location),
            prefix_base(spec.source_prefix),
            _container(spec.effective_target_location),
            prefix_base(spec.target_prefix),
        )

    def input(self, location: str) -> str:
        return relative(location, self.source_container, self.source_base)

    def output(self, location: str) -> str:
        return relative(location, self.target_container, self.target_base)


def relative(location: str, container: str | None, base: str) -> str:
    try:
        address, name = split_blob_url(location)
    except ValueError:
        return sanitize_line(location)
    if container is not None and address.url != container:
        return sanitize_line(f"{address.container}/{name}")  # another container: say which
    if base and name.startswith(base) and len(name) > len(base):
        name = name[len(base) :]
    return sanitize_line(name)


def blob_name(location: str) -> str:
    """A document location as the blob's full name (sanitized); the location itself if it is no blob URL."""
    return relative(location, None, "")


def document_cells(document: Document, paths: PathView) -> tuple[str, str, str, str]:
    """(status, input, output, error) as shown; every piece of outside text sanitized."""
    status = f"{STATUS_SYMBOL[document.status]} {STATUS_LABEL[document.status]}"
    output = paths.output(document.output.location) if document.output is not None else ""
    error = ""
    if document.error is not None:
        message = sanitize_line(document.error.message)
        error = sanitize_line(document.error.code) + (f": {message}" if message else "")
    return status, paths.input(document.input.location), output, error


def fit(text: str, width: int, *, keep: Literal["start", "end"] = "start") -> str:
    """Exactly `width` cells: padded, or cut with an ellipsis (paths keep their end, the file name)."""
    if width <= 0:
        return ""
    length = cell_len(text)
    if length <= width:
        return text + " " * (width - length)
    if keep == "start":
        return set_cell_size(text, width - 1) + "…"
    room, used = width - 1, 0
    tail: list[str] = []
    for char in reversed(text):
        char_width = cell_len(char)
        if used + char_width > room:
            break
        tail.append(char)
        used += char_width
    return "…" + "".join(reversed(tail)) + " " * (room - used)
