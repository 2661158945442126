"""`BlobLines`: the Line API widget that draws only the visible rows of a (possibly huge) blob.

Each relayout asks the layout for the screen's rows, renders them (from an LRU of rendered
lines, so scrolling does not re-render what was already drawn) and keeps them; `render_line`
only crops the kept strips for horizontal scrolling. Missing bytes raise NeedChunks: the
rows known so far are shown with a "reading…" notice, a worker fetches the chunks and posts
`ChunksLoaded`, and the relayout runs again. What is shown and where is set through
`LinesSteering` (`lines_steering.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from deidtui.domain.sanitize import sanitize_line

from ..workers import run_guarded
from .chunks import ChunkStore, NeedChunks
from .layout import Layout, Position, Row
from .lines_steering import LinesSteering
from .render import LineDecorator, LineStyles, edge_marked, gutter, message_strip
from .rendered import RenderedLines, notice_for, padded_row
from .search import Match, Query
from .sideways import SIDEWAYS_BINDINGS, Sideways


class BlobLines(LinesSteering, Sideways, ScrollView, can_focus=True, inherit_bindings=False):
    """The rows of a blob on screen: text lines (optionally wrapped) or hex rows."""

    COMPONENT_CLASSES = {
        "blob-lines--gutter",
        "blob-lines--match",
        "blob-lines--current",
        "blob-lines--clip",
        "blob-lines--notice",
        "blob-lines--error",
        "blob-lines--tag-marker",
    }
    DEFAULT_CSS = """
    BlobLines { background: $surface; color: $foreground; }
    BlobLines:focus { background-tint: $foreground 2%; }
    BlobLines > .blob-lines--gutter { color: $text-muted; }
    BlobLines > .blob-lines--match { background: $warning 35%; text-style: underline; }
    BlobLines > .blob-lines--current { background: $warning; color: $background; text-style: bold underline; }
    BlobLines > .blob-lines--clip { color: $text-warning; text-style: italic; }
    BlobLines > .blob-lines--notice { color: $text-muted; text-style: italic; }
    BlobLines > .blob-lines--error { color: $text-error; text-style: bold; }
    BlobLines > .blob-lines--tag-marker { text-style: bold; }
    """
    BINDINGS = [
        *SIDEWAYS_BINDINGS,
        Binding("up", "rows(-1)", "Up", show=False, id="blobview.up", tooltip="Scroll up one row"),
        Binding("down", "rows(1)", "Down", show=False, id="blobview.down", tooltip="Scroll down one row"),
        Binding("pageup", "pages(-1)", "Page up", show=False, id="blobview.page_up", tooltip="Scroll up one screen"),
        Binding(
            "pagedown,space",
            "pages(1)",
            "Page down",
            show=False,
            id="blobview.page_down",
            tooltip="Scroll down one screen",
        ),
        Binding("home", "home", "Top", show=False, id="blobview.home", tooltip="Go to the start of the blob"),
        Binding(
            "end",
            "end",
            "End",
            show=False,
            id="blobview.end",
            tooltip="Go to the end of the blob (reads only its last chunk)",
        ),
    ]

    class ChunksLoaded(Message):
        """Chunks arrived; collapses so a burst of arrivals costs one relayout."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, BlobLines.ChunksLoaded)

    class Moved(Message):
        """The view moved or its content changed; the viewer refreshes its status line."""

        def __init__(self, lines: BlobLines) -> None:
            super().__init__()
            self.lines = lines

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, BlobLines.Moved)

    class ReadFailed(Message):
        """A read failed; `text` is already sanitized."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *, decorator: LineDecorator | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.decorator = decorator
        self.store: ChunkStore | None = None
        self.model: Layout | None = None
        self.hex = False
        self.wrap = False
        self.markers = False
        self.search_query: Query | None = None
        self.current: Match | None = None
        self.notice = "Opening…"
        self._rows: list[Row] = []
        self._cells: list[tuple[Strip, Strip]] = []
        self.rendered = RenderedLines()
        self._syncing = False
        self._base: Style | None = None
        self._styles: LineStyles | None = None
        self._height = 0
        self.waiting = True
        """True while rows on screen wait for bytes."""
        self._gutter_width = 0
        self._widest = 0
        self.expected_height: Callable[[], int] | None = None
        """The height the lines will have once laid out, if the owner knows (see `relayout`)."""

    # -- scrolling driven by Textual (mouse wheel, scrollbar) ----------------------------------------

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._syncing or self.model is None:
            return
        delta = round(new_value) - round(old_value)
        if not delta:
            return
        height = max(self.scrollable_content_region.height, 1)
        if abs(delta) <= 3 * height:
            self.model.scroll_by(delta)  # a gesture: move line by line, exactly
        elif round(new_value) >= self.max_scroll_y:
            self.model.jump_end()
        else:
            self.model.jump_row(round(new_value))  # a drag: jump by estimate
        self.relayout()

    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_x(old_value, new_value)
        if round(old_value) != round(new_value):
            self.post_message(self.Moved(self))  # the status line shows the columns in view

    def watch_show_horizontal_scrollbar(self) -> None:
        self.call_after_refresh(self.relayout)  # the scrollbar takes a row from the screen

    def watch_show_vertical_scrollbar(self) -> None:
        self.call_after_refresh(self.relayout)  # ... or a column from wrapped lines

    def on_resize(self) -> None:
        self._widest = 0
        self.relayout()

    def on_blob_lines_chunks_loaded(self, _: ChunksLoaded) -> None:
        self.relayout()

    # -- the screen --------------------------------------------------------------------------------

    @property
    def position(self) -> Position | None:
        if self.model is None or self.store is None:
            return None
        height = max(self.scrollable_content_region.height, 1)
        line_no = self.store.line_no(self.model.top) if not self.hex else None
        exact = self.hex or (not self.wrap and self.store.total_rows() is not None)
        return Position(
            self.model.top, self.model.row, self.model.total_rows(height, self._rows), line_no, exact, self.model.at_end
        )

    @property
    def rows(self) -> list[Row]:
        return list(self._rows)

    @property
    def body_width(self) -> int:
        """Columns of text on screen (the width less the line-number gutter)."""
        return max(self.scrollable_content_region.width - self._gutter_width, 1)

    def text_width(self) -> int:
        return self.body_width

    def widest_on_screen(self) -> int:
        return max((body.cell_length for _, body in self._cells), default=0)

    def columns_in_view(self) -> str | None:
        return None if self.hex or not self._cells else super().columns_in_view()

    def relayout(self) -> None:
        """Recompute the visible rows; fetch what is missing."""
        if self.model is None or self.store is None or not self.is_mounted:
            self.refresh()
            return
        height = self.scrollable_content_region.height
        if height <= 0 and self.expected_height is not None:
            # Not laid out yet: rows for the expected height, so the first frame already shows
            # them; the resize that follows layout corrects the height (lines are cached).
            height = self.expected_height()
        if height <= 0:
            return
        if height != self._height and self.model.at_end and self.model.top:
            self.model.jump_end()  # a scrollbar came or went, or a resize: stay at the end
        self.rendered.fit_screen(height)
        self._height = height
        # Computing styles is not free: once per relayout (`_line_styles`), not per line.
        self._base, self._styles = self.rich_style, None
        need: set[int] = set()
        try:
            rows = self.model.settle(height)
            self.store.settled()
        except NeedChunks as missing:
            need |= missing.chunks
            rows = self.model.partial_rows(height)
        self._gutter_width = 0 if self.hex else max(len(f"{self.store.estimated_rows():,}") + 1, 5)
        cells: list[tuple[Strip, Strip]] = []
        for row in rows:
            try:
                cells.append(self._cells_for(row))
            except NeedChunks as missing:
                need |= missing.chunks
                break
        self._rows = rows[: len(cells)]
        self._widest = max([self._widest, *(body.cell_length for _, body in cells)])
        self.waiting = bool(need)
        if need:
            del cells[max(height - 1, 0) :]  # the notice must be on screen, even below a full page
            cells.append(
                (
                    Strip.blank(self._gutter_width),
                    notice_for(self.store, need, self._style("notice"), self._style("error")),
                )
            )
            self._request(need)
        elif not rows:
            text = "(empty blob)" if self.store.size == 0 else ""
            cells.append((Strip.blank(self._gutter_width), message_strip(text, self._style("notice"))))
        else:
            self._sync_scroll(height)
        self._cells = cells
        self.refresh()
        self.post_message(self.Moved(self))

    def _sync_scroll(self, height: int) -> None:
        """Make Textual's scroll position and size agree with the layout, without moving it again."""
        assert self.model is not None
        total = self.model.total_rows(height, self._rows)
        width = self._gutter_width + (0 if self.wrap else self._widest)
        self._syncing = True
        try:
            if self.virtual_size != Size(width, total):
                self.virtual_size = Size(width, total)
            if round(self.scroll_y) != self.model.row:
                self.scroll_to(y=self.model.row, animate=False)
        finally:
            self._syncing = False

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base or self.rich_style
        if y >= len(self._cells):
            if y == 0 and self.model is None:
                return message_strip(self.notice, self._style("notice")).crop_extend(0, width, base)
            return Strip.blank(width, base)
        left, body = self._cells[y]
        body_width = max(width - left.cell_length, 0)
        if body.cell_length <= body_width and (self.wrap or round(self.scroll_x) == 0):
            return padded_row(left, body, width, base)  # the common row: whole, nothing to mark
        if self.wrap:
            return Strip.join([left, body.crop_extend(0, body_width, base)])
        return Strip.join([left, edge_marked(body, round(self.scroll_x), body_width, base, self._style("clip"))])

    # -- rendering rows ----------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"blob-lines--{name}", partial=True)

    @property
    def _line_styles(self) -> LineStyles:
        """The component styles of this relayout, computed on first use."""
        if self._styles is None:
            base = self._base or self.rich_style
            self._styles = LineStyles(
                base,
                self._style("match"),
                self._style("current"),
                self._style("clip"),
                self._style("tag-marker"),
                self._style("gutter"),
            )
        return self._styles

    def _request(self, chunks: Iterable[int]) -> None:
        assert self.store is not None
        store = self.store
        todo = [i for i in chunks if i not in store.errors and not store.is_loading(i) and store.peek(i) is None]
        if todo:
            store.needed(todo)
            run_guarded(self, self._load(store, todo), group="blob-chunks")

    async def _load(self, store: ChunkStore, todo: list[int]) -> None:
        try:
            await store.load_many(todo)
        except Exception as error:  # noqa: BLE001 - a read fails as its transport does: shown, never a crash
            self.post_message(self.ReadFailed(sanitize_line(f"Could not read the blob: {error}")))
        self.post_message(self.ChunksLoaded())

    def _cells_for(self, row: Row) -> tuple[Strip, Strip]:
        assert self.store is not None
        if self.hex:
            return Strip([]), self.rendered.hex(self.store, row.start, styles=self._line_styles, current=self.current)
        strips = self._line_strips(row.start)
        body = strips[min(row.sub, len(strips) - 1)]
        number = None if row.continued else row.line_no
        left = gutter(number, self._gutter_width, self._line_styles.gutter, continuation=row.continued)
        return left, body

    def _rows_of(self, start: int) -> int:
        return len(self._line_strips(start))

    def _line_strips(self, start: int) -> list[Strip]:
        assert self.store is not None
        return self.rendered.text(
            self.store,
            start,
            width=max(self.scrollable_content_region.width - self._gutter_width, 1) if self.wrap else 0,
            styles=self._line_styles,
            decorator=self.decorator,
            query=self.search_query,
            current=self.current,
            markers=self.markers,
        )
