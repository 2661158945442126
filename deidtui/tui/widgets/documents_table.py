"""A job's documents: up to 10,000 rows, updated in place by document id, rendering only what is visible.

A line table (`line_table.py`, shared with the job queue): rows kept in a dict keyed by document
id, the listing order as a list, only the lines on screen drawn. A poll that changes a few
documents repaints just their lines when they are visible; a row's text is computed lazily, the
first time it is drawn. The failed-only filter is a sorted list of listing positions, so a
document that starts or stops failing is inserted or removed by bisection, never by rebuilding
the list.

What a row says (paths relative to the job's prefixes, sanitized) is in `document_rows.py`.
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Iterable, Sequence
from typing import Literal

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from ...domain.models import Document, JobSpec, JobStatus
from ...domain.sanitize import sanitize_line
from .document_rows import STATUS_WIDTH, PathView, document_cells, fit
from .line_table import LineTable
from .navigation import row_bindings

Which = Literal["compare", "input", "output"]


class DocumentsTable(LineTable):
    """The documents of the shown job. `load()` on a new job, `apply()` for changed documents."""

    BINDINGS = [
        *row_bindings("detail"),
        Binding(
            "enter",
            "view('compare')",
            "Compare",
            id="detail.view",
            tooltip="Open the document's input beside its output",
        ),
        Binding("i", "view('input')", "Input", id="detail.view_input", tooltip="Open the document's input blob"),
        Binding(
            "o",
            "view('output')",
            "Output",
            id="detail.view_output",
            tooltip="Open the document's output blob (once the job has written it)",
        ),
    ]

    COMPONENT_CLASSES = {"documents--error"}

    DEFAULT_CSS = """
    DocumentsTable > .documents--error { color: $error; }
    """

    class Highlighted(Message):
        """The cursor moved onto a document (or onto nothing)."""

        def __init__(self, document: Document | None) -> None:
            super().__init__()
            self.document = document

    class Chosen(Message):
        """The operator asked to open a document (`which`: compare, input or output)."""

        def __init__(self, document: Document, which: Which) -> None:
            super().__init__()
            self.document = document
            self.which = which

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._ids: list[str] = []  # listing order
        self._ordinal: dict[str, int] = {}
        self._docs: dict[str, Document] = {}
        self._shown: list[int] | None = None  # listing positions shown when filtered; None: all
        self._cells: dict[str, tuple[str, str, str, str]] = {}
        self._paths = PathView()
        self._counts: dict[JobStatus, int] = {}
        self.failed_only = False
        self.empty_text = "No documents cached yet."

    # -- data ---------------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._ids) if self._shown is None else len(self._shown)

    @property
    def total_count(self) -> int:
        return len(self._ids)

    def count(self, status: JobStatus) -> int:
        return self._counts.get(status, 0)

    def document(self, document_id: str) -> Document | None:
        return self._docs.get(document_id)

    def id_at(self, index: int) -> str | None:
        if not 0 <= index < self.row_count:
            return None
        return self._row_id(index)

    def index_of(self, document_id: str) -> int | None:
        ordinal = self._ordinal.get(document_id)
        if ordinal is None or self._shown is None:
            return ordinal
        at = bisect.bisect_left(self._shown, ordinal)
        return at if at < len(self._shown) and self._shown[at] == ordinal else None

    @property
    def highlighted(self) -> Document | None:
        document_id = self.id_at(self.cursor)
        return self._docs[document_id] if document_id is not None else None

    def shown(self) -> list[Document]:
        """The documents in display order (filter applied)."""
        return [self._docs[self._row_id(i)] for i in range(self.row_count)]

    def cells(self, document_id: str) -> tuple[str, str, str, str]:
        cells = self._cells.get(document_id)
        if cells is None:
            cells = self._cells[document_id] = document_cells(self._docs[document_id], self._paths)
        return cells

    def load(self, documents: Sequence[Document], spec: JobSpec | None) -> None:
        """Show another job's documents (listing order); the only operation that replaces every row."""
        self._paths = PathView.of(spec)
        self._ids = [d.id for d in documents]
        self._ordinal = {document_id: i for i, document_id in enumerate(self._ids)}
        self._docs = {d.id: d for d in documents}
        self._cells.clear()
        self._counts = {}
        for document in documents:
            self._counts[document.status] = self._counts.get(document.status, 0) + 1
        self._shown = self._failed_positions() if self.failed_only else None
        self.cursor = 0
        self.rows_changed()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor_moved()

    def apply(self, changed: Iterable[Document]) -> int:
        """Changed or new documents, updated in place by id; returns how many rows changed."""
        before = self.highlighted
        cursor_id = before.id if before is not None else None
        dirty: list[str] = []
        moved = False
        for document in changed:
            old = self._docs.get(document.id)
            if old is not None and (old == document or (old.status.is_terminal and document.status.is_active)):
                continue  # unchanged, or a stale page: a finished document never becomes active again
            self._docs[document.id] = document
            self._cells.pop(document.id, None)
            self._counts[document.status] = self._counts.get(document.status, 0) + 1
            if old is None:
                self._ordinal[document.id] = len(self._ids)
                self._ids.append(document.id)
                if self._shown is not None and document.status is JobStatus.FAILED:
                    self._shown.append(self._ordinal[document.id])  # the largest position: still sorted
                moved = True
                continue
            self._counts[old.status] -= 1
            was_failed, is_failed = old.status is JobStatus.FAILED, document.status is JobStatus.FAILED
            if self._shown is not None and was_failed != is_failed:
                ordinal = self._ordinal[document.id]
                if is_failed:
                    bisect.insort(self._shown, ordinal)
                else:
                    self._shown.pop(bisect.bisect_left(self._shown, ordinal))
                moved = True
            else:
                dirty.append(document.id)
        if moved:
            self._keep_cursor_on(cursor_id)
            self.rows_changed()  # rows shifted or appeared
        else:
            for document_id in dirty:
                index = self.index_of(document_id)
                if index is not None:
                    self.refresh_index(index)
        if self.highlighted != before:
            self.cursor_moved()
        return len(dirty) + int(moved)

    def set_failed_only(self, on: bool) -> None:
        current = self.highlighted
        self.failed_only = on
        self._shown = self._failed_positions() if on else None
        self._keep_cursor_on(current.id if current is not None else None)
        self.rows_changed()
        self.scroll_to_cursor()
        if self.highlighted != current:
            self.cursor_moved()

    def _failed_positions(self) -> list[int]:
        return [i for i, document_id in enumerate(self._ids) if self._docs[document_id].status is JobStatus.FAILED]

    def _keep_cursor_on(self, document_id: str | None) -> None:
        self.clamp_cursor(self.index_of(document_id) if document_id is not None else None)

    def cursor_moved(self) -> None:
        self.post_message(self.Highlighted(self.highlighted))
        self.refresh_bindings()

    def activate(self) -> None:
        self.action_view("compare")

    # -- rendering ------------------------------------------------------------------------------------

    def _layout(self, width: int) -> list[tuple[str, int]]:
        """Status, input, output and error columns; the output column goes first on narrow panes."""
        rest = max(width - STATUS_WIDTH - 1, 0)
        if width >= 100:
            input_width = rest * 36 // 100
            output_width = rest * 28 // 100
            return [
                ("status", STATUS_WIDTH),
                ("input", input_width),
                ("output", output_width),
                ("error", max(rest - input_width - output_width - 2, 0)),
            ]
        input_width = rest * 45 // 100
        return [("status", STATUS_WIDTH), ("input", input_width), ("error", max(rest - input_width - 1, 0))]

    def _tint(self, name: str, is_cursor: bool) -> Style:
        """A cell's colour on top of the row; the cursor row is one uniform highlight instead."""
        return Style() if is_cursor else self.get_component_rich_style(name, partial=True)

    def _title(self, column: str) -> str:
        base = {"input": self._paths.source_base, "output": self._paths.target_base}.get(column)
        title = column.upper()
        return f"{title} ({sanitize_line(base)})" if base else title

    def render_header(self, width: int) -> Strip:
        header = " ".join(fit(self._title(name), w) for name, w in self._layout(width))
        return Strip([Segment(fit(header, width), self.style_of("linetable--header"))], width)

    def render_empty(self, width: int) -> Strip:
        text = "No failed documents." if self.failed_only and self.total_count else self.empty_text
        return Strip([Segment(fit(f" {text}", width), self.style_of("linetable--empty"))], width)

    def _row_id(self, index: int) -> str:
        """The id of row `index` (0 <= index < row_count)."""
        return self._ids[index if self._shown is None else self._shown[index]]

    def row_signature(self, index: int) -> Hashable:
        document_id = self._row_id(index)
        return (document_id, self.cells(document_id))

    def render_row(self, index: int, width: int, is_cursor: bool) -> Strip:
        document_id = self._row_id(index)
        return self._render_row(
            self._docs[document_id].status, self.cells(document_id), self._layout(width), width, is_cursor
        )

    def _render_row(
        self,
        status: JobStatus,
        cells: tuple[str, str, str, str],
        layout: list[tuple[str, int]],
        width: int,
        is_cursor: bool,
    ) -> Strip:
        base = self.style_of("linetable--cursor") if is_cursor else self.rich_style
        values = dict(zip(("status", "input", "output", "error"), cells, strict=True))
        segments: list[Segment] = []
        for i, (name, w) in enumerate(layout):
            if i:
                segments.append(Segment(" ", base))
            if name == "status":
                segments.append(
                    Segment(fit(values[name], w), base + self._tint(self.status_component(status), is_cursor))
                )
            elif name == "error":
                code, colon, _message = values[name].partition(": ")
                text = fit(values[name], w)
                head = min(len(code) + len(colon), len(text))
                segments.append(Segment(text[:head], base + self._tint("documents--error", is_cursor)))
                segments.append(Segment(text[head:], base))
            elif name == "output":
                segments.append(
                    Segment(fit(values[name], w, keep="end"), base + self._tint("linetable--dim", is_cursor))
                )
            else:
                segments.append(Segment(fit(values[name], w, keep="end"), base))
        return self.finish_line(segments, width, base)

    # -- interaction ------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "view":
            return True
        document = self.highlighted
        if document is None:
            return False
        if parameters and parameters[0] == "output" and document.output is None:
            return None  # shown greyed out: this document has no output (yet)
        return True

    def action_view(self, which: Which) -> None:
        document = self.highlighted
        if document is not None and (which != "output" or document.output is not None):
            self.post_message(self.Chosen(document, which))
