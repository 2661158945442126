"""Steering `BlobLines`: what it shows and where, as the viewer and the scrolling keys ask.

The viewer sets the store, hex or text, wrap, markers and search marks, and asks for moves: to a
byte, a row, or a match brought into view. A mixin of `BlobLines`, which holds the state and lays
the screen out (`relayout`); a plain class at run time, since Textual takes a widget's default CSS
along its first widget base only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .chunks import ChunkStore, NeedChunks
from .decode import HEX_WIDTH
from .layout import HexLayout, Layout, Row, TextLayout
from .rendered import RenderedLines, column_of
from .search import Match, Query

if TYPE_CHECKING:
    from textual.scroll_view import ScrollView

    _Lines = ScrollView
else:
    _Lines = object


class LinesSteering(_Lines):
    store: ChunkStore | None
    model: Layout | None
    hex: bool
    wrap: bool
    markers: bool
    search_query: Query | None
    current: Match | None
    rendered: RenderedLines
    _rows: list[Row]
    _gutter_width: int
    _widest: int

    if TYPE_CHECKING:  # `BlobLines` has them

        def relayout(self) -> None: ...
        def _rows_of(self, start: int) -> int: ...

    # -- configuration (called by the viewer) ------------------------------------------------------

    def show(self, store: ChunkStore, *, hex: bool, keep_position: bool = True) -> None:
        """Show `store` as text or hex, staying near the current byte offset when switching."""
        offset = self.model.top if (keep_position and self.model and store is self.store) else 0
        self.store, self.hex = store, hex
        self.model = HexLayout(store) if hex else TextLayout(store, self._rows_of if self.wrap else None)
        if offset:
            self.model.jump_byte(offset)
        self._changed()

    def set_wrap(self, wrap: bool) -> None:
        self.wrap = wrap
        if self.store is not None and not self.hex:
            self.show(self.store, hex=False)
        self.scroll_to(x=0, animate=False)

    def set_markers(self, markers: bool) -> None:
        self.markers = markers
        self._changed()

    def set_search(self, query: Query | None, current: Match | None = None) -> None:
        self.search_query, self.current = query, current
        self._changed()

    def go_to_byte(self, offset: int) -> None:
        if self.model is not None:
            self.model.jump_byte(offset)
            self.relayout()

    def go_to_row(self, row: int) -> None:
        if self.model is not None:
            self.model.jump_row(row)
            self.relayout()

    def reveal(self, offset: int) -> None:
        """Bring byte `offset` on screen (a search match): jump only if it is not visible already,
        then scroll sideways (or down the wrapped rows) to its column."""
        if self.model is None or self.store is None:
            return
        if self.hex:
            if not any(row.start <= offset < row.start + HEX_WIDTH for row in self._rows):
                self.go_to_byte(offset)
            return
        store = self.store
        try:
            column = column_of(store, offset)
            visible = bool(self._rows) and self._rows[0].start <= offset < store.next_start(self._rows[-1].start)
        except NeedChunks:
            column, visible = 0, False
        if self.wrap:
            width = max(self.scrollable_content_region.width - self._gutter_width, 1)
            self.model.jump_byte(offset)
            self.model.scroll_by(column // width)
            self.relayout()
            return
        if not visible:
            self.model.jump_byte(offset)
            self.relayout()
        body = max(self.scrollable_content_region.width - self._gutter_width, 1)
        if not self.scroll_x <= column < self.scroll_x + body - 1:
            self.scroll_to(x=max(column - body // 3, 0), animate=False)

    def refetch(self) -> None:
        """Forget failed reads and try again."""
        if self.store is not None:
            self.store.retry()
            self.relayout()

    @property
    def renders(self) -> int:
        """Lines rendered (cache misses): lets tests prove scrolling reuses rendered lines."""
        return self.rendered.renders

    def _changed(self) -> None:
        self.rendered.invalidate()
        self._widest = 0
        self.relayout()

    # -- actions -----------------------------------------------------------------------------------

    def action_rows(self, delta: int) -> None:
        if self.model is not None:
            self.model.scroll_by(delta)
            self.relayout()

    def action_pages(self, pages: int) -> None:
        self.action_rows(pages * max(self.scrollable_content_region.height, 1))

    def action_home(self) -> None:
        self.go_to_row(0)
        self.scroll_to(x=0, animate=False)

    def action_end(self) -> None:
        if self.model is not None:
            self.model.jump_end()
            self.relayout()
