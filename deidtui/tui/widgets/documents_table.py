"""A job's documents: up to 10,000 rows, updated in place by document id, rendering only what is visible.

The job queue's model (`job_table.py`): a line-API ScrollView, rows kept in a dict keyed by
document id, the listing order as a list, and `render_line` drawing only the lines on screen
with a cache of rendered lines. A poll that changes a few documents repaints just their lines
when they are visible; a row's text is computed lazily, the first time it is drawn. The failed-only
filter is a sorted list of listing positions, so a document that starts or stops failing is
inserted or removed by bisection, never by rebuilding the list.

What a row says (paths relative to the job's prefixes, sanitized) is in `document_rows.py`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Literal

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...domain.models import Document, JobSpec, JobStatus
from ...domain.sanitize import sanitize_line
from .document_rows import STATUS_WIDTH, PathView, document_cells, fit
from .navigation import row_bindings

Which = Literal["compare", "input", "output"]


class DocumentsTable(ScrollView, can_focus=True):
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

    COMPONENT_CLASSES = {
        "documents--header",
        "documents--cursor",
        "documents--dim",
        "documents--empty",
        "documents--error",
        "documents--running",
        "documents--succeeded",
        "documents--failed",
        "documents--canceled",
        "documents--queued",
    }

    DEFAULT_CSS = """
    DocumentsTable { height: 1fr; background: $surface; overflow-x: hidden; scrollbar-size-vertical: 1; }
    DocumentsTable > .documents--header { text-style: bold; color: $text-muted; background: $panel; }
    DocumentsTable > .documents--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
    DocumentsTable:blur > .documents--cursor { background: $block-cursor-blurred-background; text-style: none; }
    DocumentsTable > .documents--dim { color: $text-muted; }
    DocumentsTable > .documents--empty { color: $text-muted; text-style: italic; }
    DocumentsTable > .documents--error { color: $error; }
    DocumentsTable > .documents--running { color: $accent; text-style: bold; }
    DocumentsTable > .documents--succeeded { color: $success; }
    DocumentsTable > .documents--failed { color: $error; text-style: bold; }
    DocumentsTable > .documents--canceled { color: $warning; }
    DocumentsTable > .documents--queued { color: $text-muted; }
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
        self._line_cache: dict[tuple, Strip] = {}
        self._paths = PathView()
        self._counts: dict[JobStatus, int] = {}
        self.cursor = 0
        self.failed_only = False
        self.empty_text = "No documents cached yet."
        self.lines_rendered = 0  # for tests: lines drawn that were not in the line cache

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
        return self._ids[index if self._shown is None else self._shown[index]]

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
        return [self._docs[self.id_at(i)] for i in range(self.row_count)]  # type: ignore[index]

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
        self._line_cache.clear()
        self._counts = {}
        for document in documents:
            self._counts[document.status] = self._counts.get(document.status, 0) + 1
        self._shown = self._failed_positions() if self.failed_only else None
        self.cursor = 0
        self._resize_virtual()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()
        self._highlight_changed()

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
            self._resize_virtual()
            self._keep_cursor_on(cursor_id)
            self.refresh()  # rows shifted or appeared; unchanged lines come from the line cache
        else:
            for document_id in dirty:
                self._refresh_row(document_id)
        if self.highlighted != before:
            self._highlight_changed()
        return len(dirty) + int(moved)

    def set_failed_only(self, on: bool) -> None:
        current = self.highlighted
        self.failed_only = on
        self._shown = self._failed_positions() if on else None
        self._resize_virtual()
        self._keep_cursor_on(current.id if current is not None else None)
        self._line_cache.clear()
        self.refresh()
        self._scroll_to_cursor()
        if self.highlighted != current:
            self._highlight_changed()

    def _failed_positions(self) -> list[int]:
        return [i for i, document_id in enumerate(self._ids) if self._docs[document_id].status is JobStatus.FAILED]

    def _keep_cursor_on(self, document_id: str | None) -> None:
        index = self.index_of(document_id) if document_id is not None else None
        if index is not None:
            self.cursor = index
        else:
            self.cursor = min(self.cursor, max(self.row_count - 1, 0))

    def _resize_virtual(self) -> None:
        self.virtual_size = Size(self._width, self.row_count + 1)

    @property
    def _width(self) -> int:
        """The width rows are drawn at: the pane without its vertical scrollbar (never a horizontal one)."""
        return self.scrollable_content_region.width

    def _refresh_row(self, document_id: str) -> None:
        index = self.index_of(document_id)
        if index is None:
            return
        top = self.scroll_offset.y
        if top <= index < top + max(self.size.height - 1, 0):
            self.refresh_line(index + 1)

    def _highlight_changed(self) -> None:
        self.post_message(self.Highlighted(self.highlighted))
        self.refresh_bindings()

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

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=False)

    def _tint(self, name: str, is_cursor: bool) -> Style:
        """A cell's colour on top of the row; the cursor row is one uniform highlight instead."""
        return Style() if is_cursor else self.get_component_rich_style(name, partial=True)

    def _title(self, column: str) -> str:
        base = {"input": self._paths.source_base, "output": self._paths.target_base}.get(column)
        title = column.upper()
        return f"{title} ({sanitize_line(base)})" if base else title

    def render_line(self, y: int) -> Strip:
        width = self._width
        layout = self._layout(width)
        if y == 0:
            header = " ".join(fit(self._title(name), w) for name, w in layout)
            return Strip([Segment(fit(header, width), self._style("documents--header"))], width)
        index = self.scroll_offset.y + y - 1
        if self.row_count == 0 and y == 1:
            text = "No failed documents." if self.failed_only and self.total_count else self.empty_text
            return Strip([Segment(fit(f" {text}", width), self._style("documents--empty"))], width)
        document_id = self.id_at(index)
        if document_id is None:
            return Strip.blank(width, self.rich_style)
        is_cursor = index == self.cursor
        cells = self.cells(document_id)
        key = (document_id, cells, is_cursor, width, self.has_focus)
        strip = self._line_cache.get(key)
        if strip is None:
            self.lines_rendered += 1
            strip = self._render_row(self._docs[document_id].status, cells, layout, width, is_cursor)
            if len(self._line_cache) > 4096:
                self._line_cache.clear()
            self._line_cache[key] = strip
        return strip

    def _render_row(
        self,
        status: JobStatus,
        cells: tuple[str, str, str, str],
        layout: list[tuple[str, int]],
        width: int,
        is_cursor: bool,
    ) -> Strip:
        base = self._style("documents--cursor") if is_cursor else self.rich_style
        status_class = "queued" if status is JobStatus.NOT_STARTED else status.value.lower()
        values = dict(zip(("status", "input", "output", "error"), cells))
        segments: list[Segment] = []
        for i, (name, w) in enumerate(layout):
            if i:
                segments.append(Segment(" ", base))
            if name == "status":
                segments.append(
                    Segment(fit(values[name], w), base + self._tint(f"documents--{status_class}", is_cursor))
                )
            elif name == "error":
                code, colon, _message = values[name].partition(": ")
                text = fit(values[name], w)
                head = min(len(code) + len(colon), len(text))
                segments.append(Segment(text[:head], base + self._tint("documents--error", is_cursor)))
                segments.append(Segment(text[head:], base))
            elif name == "output":
                segments.append(
                    Segment(fit(values[name], w, keep="end"), base + self._tint("documents--dim", is_cursor))
                )
            else:
                segments.append(Segment(fit(values[name], w, keep="end"), base))
        used = sum(segment.cell_length for segment in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return Strip(segments, width).crop(0, width)

    # -- interaction ------------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._resize_virtual()
        self._line_cache.clear()

    def on_focus(self) -> None:
        self._line_cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._line_cache.clear()
        self.refresh()

    def move_cursor(self, index: int) -> None:
        if not self.row_count:
            return
        index = max(0, min(self.row_count - 1, index))
        if index == self.cursor:
            return
        old, self.cursor = self.cursor, index
        for row in (old, index):
            self.refresh_line(row + 1)
        self._scroll_to_cursor()
        self._highlight_changed()

    def _scroll_to_cursor(self) -> None:
        visible_rows = max(self.size.height - 1, 1)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + visible_rows:
            self.scroll_to(y=self.cursor - visible_rows + 1, animate=False)

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor + direction * max(self.size.height - 2, 1))

    def action_jump(self, where: int) -> None:
        self.move_cursor(0 if where == 0 else self.row_count - 1)

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

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y - 1
        if event.y >= 1 and 0 <= index < self.row_count:
            self.move_cursor(index)
            if event.chain >= 2:
                self.action_view("compare")
