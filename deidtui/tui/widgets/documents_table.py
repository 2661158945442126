"""A job's documents, read from the cache a window at a time: only the rows on screen plus a margin are held.

A line table (`line_table.py`, shared with the job queue) whose rows live in the cache: the table
holds the counts by status (one GROUP BY) and a window of consecutive rows around what is on
screen, each with its `seq` (the listing order). Scrolling reads the rows that come into the
window after (or before) the window's last (or first) seq, a keyset page; G reads the last page
and only a jump far away (a scrollbar drag) reads by position (see `document_window.py`). The
failed-only filter is a `status = 'Failed'` in the same queries. While the shown job runs, `refresh_rows()` reads the
counts and the held rows again: a changed row repaints its line, and the cursor stays on its
document. Rows not read yet draw as a dim placeholder for the moment their page takes.

What a row says (paths relative to the job's prefixes, sanitized) is in `document_rows.py`.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from types import MappingProxyType
from typing import Literal

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from ...domain.models import Document, JobSpec, JobStatus
from ...domain.sanitize import sanitize_line
from ..workers import run_guarded
from .document_rows import STATUS_WIDTH, PathView, document_cells, fit
from .document_window import MARGIN, DocumentSource, read_rows, wanted
from .line_table import LineTable
from .navigation import row_bindings

Which = Literal["compare", "input", "output"]
READS_PER_WAKE = 8  # reads one wake-up may make before it lets the screen catch up


class DocumentsTable(LineTable):
    """The documents of the shown job: `load()` on a new job, `refresh_rows()` when the cache changed."""

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

    class Counted(Message):
        """The counts by status were read again (the caption says them)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._source: DocumentSource | None = None
        self._job: str | None = None
        self._generation = 0  # raised by every load: a read for an older job is dropped
        self._counts: dict[JobStatus, int] = {}
        self._start = 0  # the row index of the first held row
        self._seqs: list[int] = []  # the held rows' seqs, consecutive rows from `_start`
        self._rows: list[Document] = []
        self._held: dict[str, int] = {}  # document id -> offset in `_rows`
        self._cells: dict[str, tuple[str, str, str, str]] = {}
        self._cursor_doc: tuple[int, Document] | None = None  # the cursor's document once it left the window
        self._stale = False  # the counts and held rows must be read again
        self._anchor: int | None = None  # a seq the cursor goes to after the next reread
        self._reading = False
        self._paths = PathView()
        self.failed_only = False
        self.empty_text = "No documents cached yet."
        self.reads = 0  # pages read from the cache (for tests)

    # -- data ---------------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return self.count(JobStatus.FAILED) if self.failed_only else self.total_count

    @property
    def total_count(self) -> int:
        return sum(self._counts.values())

    def count(self, status: JobStatus) -> int:
        return self._counts.get(status, 0)

    @property
    def counts(self) -> Mapping[JobStatus, int]:
        """The documents by status, as last read (read-only)."""
        return MappingProxyType(self._counts)

    def held(self) -> list[Document]:
        """The documents held now: consecutive rows around the screen (filter applied)."""
        return list(self._rows)

    @property
    def window(self) -> tuple[int, int]:
        """The rows held, as [first, end) row indexes."""
        return self._start, self._start + len(self._rows)

    def document(self, document_id: str) -> Document | None:
        """The document `document_id` if it is held."""
        offset = self._held.get(document_id)
        return self._rows[offset] if offset is not None else None

    def _at(self, index: int) -> Document | None:
        offset = index - self._start
        return self._rows[offset] if 0 <= offset < len(self._rows) else None

    def index_of(self, document_id: str) -> int | None:
        offset = self._held.get(document_id)
        return self._start + offset if offset is not None else None

    @property
    def highlighted(self) -> Document | None:
        if not 0 <= self.cursor < self.row_count:
            return None
        document = self._at(self.cursor)
        if document is None and self._cursor_doc is not None and self._cursor_doc[0] == self.cursor:
            return self._cursor_doc[1]  # scrolled away from the cursor with the mouse
        return document

    def cells(self, document_id: str) -> tuple[str, str, str, str]:
        cells = self._cells.get(document_id)
        if cells is None:
            document = self.document(document_id)
            if document is None:
                raise KeyError(document_id)
            cells = self._cells[document_id] = document_cells(document, self._paths)
        return cells

    def load(
        self,
        source: DocumentSource | None,
        name: str | None,
        spec: JobSpec | None,
        counts: dict[JobStatus, int],
        first: list[tuple[int, Document]],
    ) -> None:
        """Show another job: its counts and `first_page` rows (read by the caller with the job,
        failed only if `failed_only`); the table reads the rest as it scrolls. The only operation
        that replaces every row."""
        self._generation += 1
        self._source, self._job = source, name
        self._paths = PathView.of(spec)
        self._counts = dict(counts)
        self._stale, self._anchor = False, None
        self.cursor = 0
        self._cells.clear()
        self._set_window(0, first)
        self._cursor_doc = None
        self.rows_changed()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor_moved()
        self._wake()

    @property
    def first_page(self) -> int:
        """How many rows to read for `load`: a screen and a margin."""
        return max(self.visible_rows, 24) + MARGIN

    def clear(self) -> None:
        """No job shown."""
        self.load(None, None, None, {}, [])

    def refresh_rows(self) -> None:
        """The cache holds news of the shown job: read the counts and the held rows again."""
        self._stale = True
        self._wake()

    def set_failed_only(self, on: bool) -> None:
        """Show only the failed documents (or all again); the cursor stays on its document when it
        is shown, else goes to the next one shown."""
        current = self.highlighted
        self.failed_only = on
        self._anchor = self._seqs[self._held[current.id]] if current is not None and current.id in self._held else None
        self._set_window(0, [])
        self.cursor = 0 if self._anchor is None else self.cursor
        self.rows_changed()
        self.refresh_rows()

    # -- reading the window ---------------------------------------------------------------------------

    def _set_window(self, start: int, pairs: list[tuple[int, Document]]) -> None:
        """Hold these rows, from row index `start`; a row's text is kept while its document is the same."""
        cursor = self._at(self.cursor)
        if cursor is not None:
            self._cursor_doc = (self.cursor, cursor)
        old = {document.id: document for document in self._rows}
        self._start = start
        self._seqs = [seq for seq, _ in pairs]
        self._rows = [document for _, document in pairs]
        self._held = {document.id: i for i, document in enumerate(self._rows)}
        for document_id in [d for d in self._cells if old.get(d) != self.document(d)]:
            del self._cells[document_id]
        if len(self._rendered_lines) > 4 * (len(self._rows) + 2 * MARGIN):
            self._rendered_lines.clear()  # drawn lines of rows long scrolled away: not kept either

    def _wake(self) -> None:
        """Start reading if the held rows do not cover the screen (or must be read again)."""
        if self._source is None or self._reading or not self.is_attached:
            return
        if not self._stale and self._wanted() is None:
            return
        self._reading = True
        run_guarded(self, self._read_loop(), group="documents-window", doing="reading the job's documents")

    def _wanted(self) -> tuple[int, int] | None:
        """The rows to hold when the held ones no longer cover the screen with some margin."""
        return wanted(self.row_count, self.scroll_offset.y, max(self.visible_rows, 1), self.cursor, self.window)

    async def _read_loop(self) -> None:
        try:
            for _ in range(READS_PER_WAKE):
                if self._stale:
                    self._stale = False
                    await self._reread()
                    continue
                wanted = self._wanted()
                if wanted is None or not await self._read(*wanted):
                    return
        finally:
            self._reading = False
        self.call_later(self._wake)  # more to read: after the screen had a turn

    @property
    def _status(self) -> JobStatus | None:
        return JobStatus.FAILED if self.failed_only else None

    async def _read(self, low: int, high: int) -> bool:
        """Hold rows [low, high): extend the window by keyset pages when it meets them, else jump.
        False when nothing new could be read (the counts were ahead of the rows)."""
        source, name, generation = self._source, self._job, self._generation
        assert source is not None and name is not None
        window = self.window
        self.reads += 1
        held = list(zip(self._seqs, self._rows, strict=True))
        start, pairs, grew = await read_rows(source, name, self._status, window[0], held, low, high, self.row_count)
        if generation != self._generation or window != self.window:
            return True  # another load or reread meanwhile: look again
        before = self.highlighted
        self._set_window(start, pairs)
        self.refresh()
        if self.highlighted != before:
            self.cursor_moved()
        return grew

    async def _reread(self) -> None:
        """Read the counts and the held rows again (from the first held seq, or the anchor)."""
        source, name, generation = self._source, self._job, self._generation
        assert source is not None and name is not None
        status = self._status
        counts = await source.document_census(name)
        base = self._anchor if self._anchor is not None else (self._seqs[0] if self._seqs else None)
        start, pairs = 0, []
        if base is not None:
            self.reads += 1
            start = await source.document_rank(name, base, status=status)
            length = len(self._rows) if self._rows and self._anchor is None else self.first_page
            pairs = await source.document_page(name, status=status, after=base - 1, limit=length)
        if generation != self._generation:
            return
        before, anchored = self.highlighted, self._anchor is not None
        self._anchor = None
        same_rows = (start, [d.id for _, d in pairs]) == (self._start, [d.id for d in self._rows])
        changed = [start + i for i, (_, d) in enumerate(pairs) if same_rows and self._rows[i] != d]
        resized = counts != self._counts
        self._counts = counts
        self._set_window(start, pairs)
        if anchored:
            self.clamp_cursor(min(start, max(self.row_count - 1, 0)))
        elif before is not None and before.id in self._held:
            self.clamp_cursor(self.index_of(before.id))
        else:
            self.clamp_cursor(None)
        if not same_rows or resized or anchored:
            self.rows_changed()
            self.scroll_to_cursor()
        else:
            for index in changed:
                self.refresh_index(index)
        if self.highlighted != before:
            self.cursor_moved()
        self.post_message(self.Counted())

    def cursor_moved(self) -> None:
        self.post_message(self.Highlighted(self.highlighted))
        self.refresh_bindings()
        self._wake()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._wake()

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

    def row_signature(self, index: int) -> Hashable:
        document = self._at(index)
        if document is None:
            if not self._reading:
                self.call_later(self._wake)
            return None  # not read yet: every such row draws the same placeholder
        return (document.id, self.cells(document.id))

    def render_row(self, index: int, width: int, is_cursor: bool) -> Strip:
        document = self._at(index)
        if document is None:
            base = self.style_of("linetable--cursor") if is_cursor else self.rich_style
            return self.finish_line([Segment(" …", base + self._tint("linetable--dim", is_cursor))], width, base)
        return self._render_row(document.status, self.cells(document.id), self._layout(width), width, is_cursor)

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
