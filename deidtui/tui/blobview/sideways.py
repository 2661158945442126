"""Scrolling sideways through long lines, the same in the viewer and the compare view.

`left`/`right` move a few columns, `shift+left`/`shift+right` a view's width, `0` back to column 1
and `$` to the end of the longest line on screen. Rows cut at the edge are marked (`render.edge_marked`).
"""

from __future__ import annotations

from textual.binding import Binding

SIDEWAYS_STEP = 8  # columns per left/right

SIDEWAYS_BINDINGS = [
    Binding("left", "columns(-1)", "Left", show=False, id="blobview.left", tooltip="Scroll a few columns left"),
    Binding("right", "columns(1)", "Right", show=False, id="blobview.right", tooltip="Scroll a few columns right"),
    Binding(
        "shift+left",
        "column_pages(-1)",
        "Screen left",
        show=False,
        id="blobview.screen_left",
        tooltip="Scroll left by the width of the view",
    ),
    Binding(
        "shift+right",
        "column_pages(1)",
        "Screen right",
        show=False,
        id="blobview.screen_right",
        tooltip="Scroll right by the width of the view",
    ),
    Binding("0", "line_start", "Line start", show=False, id="blobview.line_start", tooltip="Back to column 1"),
    Binding(
        "dollar_sign",
        "line_end",
        "Line end",
        show=False,
        id="blobview.line_end",
        tooltip="Scroll to the end of the longest line on screen",
    ),
]


class Sideways:
    """The actions of SIDEWAYS_BINDINGS, for a ScrollView that has `wrap` and says how wide its
    text area is and how wide the widest row on screen is."""

    wrap: bool
    scroll_x: float

    def text_width(self) -> int:
        """Columns of text in view."""
        raise NotImplementedError

    def widest_on_screen(self) -> int:
        """Cells of the widest row on screen."""
        raise NotImplementedError

    def action_columns(self, steps: int) -> None:
        if not self.wrap:
            self.scroll_to(  # type: ignore[attr-defined]
                x=max(self.scroll_x + steps * SIDEWAYS_STEP, 0), animate=False
            )

    def action_column_pages(self, pages: int) -> None:
        if not self.wrap:
            self.scroll_to(  # type: ignore[attr-defined]
                x=max(self.scroll_x + pages * max(self.text_width() - 2, 1), 0), animate=False
            )

    def action_line_start(self) -> None:
        self.scroll_to(  # type: ignore[attr-defined]
            x=0, animate=False
        )

    def action_line_end(self) -> None:
        """The end of the longest line on screen, its last cells at the right edge."""
        if not self.wrap:
            self.scroll_to(  # type: ignore[attr-defined]
                x=max(self.widest_on_screen() - self.text_width(), 0), animate=False
            )

    def columns_in_view(self) -> str | None:
        """`col 81–160 of 262,179` when rows go on past the view or it is scrolled sideways (for the
        status line), else None; None when wrapping."""
        if self.wrap:
            return None
        x, width, widest = round(self.scroll_x), self.text_width(), self.widest_on_screen()
        if widest <= width and x == 0:
            return None
        return f"col {x + 1:,}–{min(x + width, max(widest, x + 1)):,} of {widest:,}"
