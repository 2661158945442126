"""Side by side: a Redact/Surrogate job's input beside its output, with the replacements marked.

The two documents are loaded whole (the service caps documents at 2 MB; the screen refuses
above a limit), paired line by line, and scrolled as one: each row draws line i of both.
Intra-line differences are computed only for rows on screen, and cached. A changed line is
also marked "≠" in the gutter, and changed spans are bold and underlined, so the view does
not depend on colour.
"""

from __future__ import annotations

from bisect import bisect_right

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, Static

from deidtui.domain.sanitize import sanitize_line

from .decode import MAX_LINE_CHARS, display_text
from .diff import changed_spans
from .render import Highlight, clip_marker, edge_marked, fold, in_pieces, styled_segments
from .sideways import SIDEWAYS_BINDINGS, Sideways


def _hidden_bytes(text: str) -> int:
    """Bytes of a line beyond its first MAX_LINE_CHARS characters."""
    encode = lambda part: len(part.encode("utf-8", "surrogateescape"))  # noqa: E731
    return encode(text) - encode(text[:MAX_LINE_CHARS])


class SideBySide(Sideways, ScrollView, can_focus=True, inherit_bindings=False):
    """Rows of `before[i] │ after[i]`, with changed spans highlighted on both sides."""

    COMPONENT_CLASSES = {
        "side-by-side--gutter",
        "side-by-side--changed",
        "side-by-side--removed",
        "side-by-side--added",
        "side-by-side--separator",
        "side-by-side--clip",
    }
    DEFAULT_CSS = """
    SideBySide { background: $surface; }
    SideBySide > .side-by-side--gutter { color: $text-muted; }
    SideBySide > .side-by-side--changed { color: $text-warning; text-style: bold; }
    SideBySide > .side-by-side--removed { background: $error 30%; text-style: bold underline; }
    SideBySide > .side-by-side--added { background: $success 30%; text-style: bold underline; }
    SideBySide > .side-by-side--separator { color: $primary; }
    SideBySide > .side-by-side--clip { color: $text-warning; text-style: italic; }
    """
    BINDINGS = [
        Binding("up", "scroll_up", "Up", show=False, id="blobview.up", tooltip="Scroll up one row"),
        Binding("down", "scroll_down", "Down", show=False, id="blobview.down", tooltip="Scroll down one row"),
        *SIDEWAYS_BINDINGS,
        Binding("pageup", "page_up", "Page up", show=False, id="blobview.page_up", tooltip="Scroll up one screen"),
        Binding(
            "pagedown,space",
            "page_down",
            "Page down",
            show=False,
            id="blobview.page_down",
            tooltip="Scroll down one screen",
        ),
        Binding("home", "scroll_home", "Top", show=False, id="blobview.home", tooltip="Go to the first lines"),
        Binding("end", "scroll_end", "End", show=False, id="blobview.end", tooltip="Go to the last lines"),
        Binding(
            "right_square_bracket",
            "change(1)",
            "Next change",
            id="blobview.next_change",
            tooltip="Scroll to the next line that differs",
        ),
        Binding(
            "left_square_bracket",
            "change(-1)",
            "Prev change",
            id="blobview.previous_change",
            tooltip="Scroll to the previous line that differs",
        ),
    ]

    def __init__(self, before: list[str], after: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.before, self.after = before, after
        self.count = max(len(before), len(after))
        self.changes = [i for i in range(self.count) if self._line(0, i) != self._line(1, i)]
        self._changed = frozenset(self.changes)
        self.wrap = False
        self._starts: list[int] = []  # wrap mode: first row of each line, plus the total
        self._strips: LRUCache[tuple, list[Strip]] = LRUCache(1000)
        self._diffs: LRUCache[int, tuple] = LRUCache(1000)
        self._widest = max((self._cells(side, i) for side in (0, 1) for i in range(self.count)), default=0)
        self.renders = 0

    class Scrolled(Message):
        """The view moved sideways: the status line shows the columns in view."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, SideBySide.Scrolled)

    def text_width(self) -> int:
        return self._pane_width()

    def widest_on_screen(self) -> int:
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height
        first, _ = self.line_at_row(top)
        last, _ = self.line_at_row(top + max(height - 1, 0))
        return max(
            (self._cells(side, i) for side in (0, 1) for i in range(first, min(last + 1, self.count))), default=0
        )

    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_x(old_value, new_value)
        self.post_message(self.Scrolled())

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.post_message(self.Scrolled())

    def _line(self, side: int, i: int) -> str | None:
        lines = self.before if side == 0 else self.after
        return lines[i] if i < len(lines) else None

    def _cells(self, side: int, i: int) -> int:
        text = self._line(side, i) or ""
        shown = cell_len(display_text(text[:MAX_LINE_CHARS])[0])
        if len(text) > MAX_LINE_CHARS:
            shown += 1 + cell_len(clip_marker(_hidden_bytes(text)))
        return shown

    # -- geometry ----------------------------------------------------------------------------------

    def _gutter_width(self) -> int:
        return len(f"{self.count:,}") + 3

    def _pane_width(self) -> int:
        return max((self.scrollable_content_region.width - self._gutter_width() - 1) // 2, 1)

    def set_wrap(self, wrap: bool) -> None:
        self.wrap = wrap
        self._strips.clear()
        self._update_geometry()
        self.scroll_to(x=0, animate=False)
        self.refresh()

    def on_mount(self) -> None:
        self._update_geometry()  # the row count is known now; a key pressed before layout can scroll

    def on_resize(self) -> None:
        self._strips.clear()
        self._update_geometry()

    def _update_geometry(self) -> None:
        width = self.scrollable_content_region.width
        if self.wrap:
            pane = self._pane_width()
            starts, row = [], 0
            for i in range(self.count):
                starts.append(row)
                row += max(1, -(-max(self._cells(0, i), self._cells(1, i)) // pane))
            starts.append(row)
            self._starts = starts
            self.virtual_size = Size(width, row)
        else:
            self.virtual_size = Size(width + max(self._widest - self._pane_width(), 0), self.count)

    def row_of_line(self, i: int) -> int:
        return self._starts[i] if self.wrap and self._starts else i

    def line_at_row(self, row: int) -> tuple[int, int]:
        if self.wrap and self._starts:
            i = bisect_right(self._starts, row) - 1
            return i, row - self._starts[i]
        return row, 0

    # -- navigation --------------------------------------------------------------------------------

    def go_to_line(self, i: int) -> None:
        self.scroll_to(y=self.row_of_line(min(max(i, 0), max(self.count - 1, 0))), animate=False)

    def action_change(self, direction: int) -> None:
        top, _ = self.line_at_row(round(self.scroll_y))
        if direction > 0:
            later = self.changes[bisect_right(self.changes, top) :]
            target = later[0] if later else None
        else:
            earlier = bisect_right(self.changes, top - 1)
            target = self.changes[earlier - 1] if earlier else None
        if target is None:
            self.notify("No more differences in that direction", markup=False)
        else:
            self.go_to_line(target)

    # -- drawing -----------------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"side-by-side--{name}", partial=True)

    def _spans(self, i: int) -> tuple:
        cached = self._diffs.get(i)
        if cached is None:
            cached = changed_spans(self._line(0, i) or "", self._line(1, i) or "")
            self._diffs.set(i, cached)
        return cached

    def _side_strips(self, side: int, i: int) -> list[Strip]:
        pane = self._pane_width() if self.wrap else 0
        key = (side, i, pane)
        cached = self._strips.get(key)
        if cached is not None:
            return cached
        text = self._line(side, i)
        segments: list[Segment] = []
        if text is not None:
            style = self._style("removed" if side == 0 else "added")
            highlights = [Highlight(a, b, style) for a, b in self._spans(i)[side]]
            segments = styled_segments(text[:MAX_LINE_CHARS], highlights, self.rich_style)
            if len(text) > MAX_LINE_CHARS:
                marker = clip_marker(_hidden_bytes(text))
                segments.append(Segment(" " + sanitize_line(marker), self._style("clip")))
        strip = Strip(segments)
        strips = fold(strip, pane) if self.wrap else [in_pieces(strip)]
        self._strips.set(key, strips)
        self.renders += 1
        return strips

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        i, sub = self.line_at_row(round(self.scroll_y) + y)
        if i >= self.count:
            return Strip.blank(width, base)
        gutter_width, pane = self._gutter_width(), self._pane_width()
        changed = i in self._changed
        number = f"{i + 1:,}" if sub == 0 else ""
        gutter = Strip(
            [
                Segment(number.rjust(gutter_width - 3) + " ", self._style("gutter")),
                Segment("≠ " if changed and sub == 0 else "  ", self._style("changed")),
            ]
        )
        x = round(self.scroll_x)
        panes = []
        for side in (0, 1):
            strips = self._side_strips(side, i)
            strip = strips[sub] if sub < len(strips) else Strip([])
            if self.wrap:
                panes.append(strip.crop_extend(0, pane, base))
            else:  # a line cut at the pane's edge says so: ‹ and ›
                panes.append(edge_marked(strip, x, pane, base, self._style("clip")))
        separator = Strip([Segment("│", self._style("separator"))])
        return Strip.join([gutter, panes[0], separator, panes[1]]).crop_extend(0, width, base)


class CompareViewer(Vertical):
    """`SideBySide` with column headings, a status line and a go-to-line prompt."""

    DEFAULT_CSS = """
    CompareViewer { height: 1fr; }
    CompareViewer > #compare-heading { height: 1; background: $panel; text-style: bold; padding: 0 1; }
    CompareViewer > SideBySide { height: 1fr; }
    CompareViewer > #compare-status { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    CompareViewer > #compare-prompt { display: none; }
    CompareViewer > #compare-prompt.-open { display: block; }
    """
    BINDINGS = [
        Binding("colon,g", "goto", "Go to", id="blobview.goto", tooltip="Go to a line number"),
        Binding("w", "toggle_wrap", "Wrap", id="blobview.wrap", tooltip="Wrap long lines or scroll sideways"),
        Binding("escape", "cancel", "Cancel", show=False, id="blobview.cancel", tooltip="Close the prompt"),
    ]

    def __init__(
        self, before: list[str], after: list[str], *, before_name: str, after_name: str, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._before, self._after = before, after
        self._names = (before_name, after_name)

    def compose(self) -> ComposeResult:
        before, after = (sanitize_line(name) for name in self._names)
        yield Static(Content(f"input: {before}   →   output: {after}"), id="compare-heading", markup=False)
        yield SideBySide(self._before, self._after, id="compare-lines")
        yield Static(id="compare-status", markup=False)
        yield Input(id="compare-prompt", compact=True, placeholder="Go to line number (escape: close)")

    @property
    def lines(self) -> SideBySide:
        return self.query_one(SideBySide)

    def on_mount(self) -> None:
        self.lines.focus()
        self._update_status()

    def on_resize(self) -> None:
        self.call_after_refresh(self._update_status)

    @on(SideBySide.Scrolled)
    def _update_status(self) -> None:
        self.query_one("#compare-status", Static).update(Content(self.status_text()))

    def status_text(self) -> str:
        """Counts of lines and changed lines, and a warning when the line structure differs."""
        view = self.lines
        text = f"{len(view.changes):,} of {view.count:,} lines differ (]/[: next/previous difference)"
        if len(self._before) != len(self._after):
            text += (
                f" · line counts differ: input {len(self._before):,}, output {len(self._after):,}"
                " (paired by line number)"
            )
        columns = view.columns_in_view()
        if columns is not None:  # lines go on past the panes' edges (marked ›), or scrolled sideways
            text += f" · {columns}"
        return text

    def action_toggle_wrap(self) -> None:
        self.lines.set_wrap(not self.lines.wrap)
        self._update_status()

    def action_goto(self) -> None:
        prompt = self.query_one("#compare-prompt", Input)
        prompt.value = ""
        prompt.add_class("-open")
        prompt.focus()

    def action_cancel(self) -> None:
        prompt = self.query_one("#compare-prompt", Input)
        if not prompt.has_class("-open"):
            raise SkipAction()
        prompt.remove_class("-open")
        self.lines.focus()

    @on(Input.Submitted, "#compare-prompt")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_cancel()
        value = event.value.strip()
        if not value.isdigit() or int(value) < 1:
            self.notify(sanitize_line(f"Not a line number: {value}"), severity="warning", markup=False)
        elif int(value) > self.lines.count:
            self.notify(
                f"Line {int(value):,} is beyond the end: {self.lines.count:,} lines", severity="warning", markup=False
            )
        else:
            self.lines.go_to_line(int(value) - 1)
