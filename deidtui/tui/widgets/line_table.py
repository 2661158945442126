"""What the job queue and the documents table share: a table drawn line by line (the Toolong model).

A line-API ScrollView: a header line, then one line per row, and `render_line` draws only the
lines on screen. Rendered lines are cached by what they show (the row's signature, the cursor,
the width, the focus), so a poll tick that changes a few rows repaints just those lines, and only
when their text really changed. Subclasses say how many rows there are, what each shows and how it
is drawn; the cursor, scrolling, paging, focus, resize and clicks live here once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...domain.models import JobStatus

# Drawn lines kept, the least recently drawn going first: about ten screens of the tallest
# terminals. Each is a Strip with its own caches (about 1 KB); kept up to 4,096 per table, a
# dashboard watching busy jobs grew by megabytes before they were let go.
LINE_CACHE_LIMIT = 512


class LineTable(ScrollView, can_focus=True):
    """Rows under a header, drawn one line at a time, with a cursor row. A subclass binds the
    movement keys with `row_bindings(its id prefix)`, so each table's keys can be remapped apart."""

    COMPONENT_CLASSES = {
        "linetable--header",
        "linetable--cursor",
        "linetable--dim",
        "linetable--empty",
        "linetable--queued",
        "linetable--running",
        "linetable--succeeded",
        "linetable--failed",
        "linetable--canceled",
    }

    DEFAULT_CSS = """
    LineTable { height: 1fr; background: $surface; overflow-x: hidden; scrollbar-size-vertical: 1; }
    LineTable > .linetable--header { text-style: bold; color: $text-muted; background: $panel; }
    LineTable > .linetable--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    LineTable:blur > .linetable--cursor { background: $block-cursor-blurred-background; text-style: none; }
    LineTable > .linetable--dim { color: $text-muted; }
    LineTable > .linetable--empty { color: $text-muted; text-style: italic; }
    LineTable > .linetable--queued { color: $text-muted; }
    LineTable > .linetable--running { color: $accent; text-style: bold; }
    LineTable > .linetable--succeeded { color: $success; }
    LineTable > .linetable--failed { color: $error; text-style: bold; }
    LineTable > .linetable--canceled { color: $warning; }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.cursor = 0
        self._rendered_lines: dict[Hashable, Strip] = {}
        # Styles by component (and "" for the table's own), read once per redraw rather than per
        # row: Textual computes a widget's own style by walking its ancestors at each call.
        self._styles: dict[str, Style] = {}
        self.lines_rendered = 0  # lines drawn that were not in the cache (for tests and benchmarks)
        self._laid_out: tuple[Size, Size, Size] | None = None  # (size, container size, virtual size)

    # -- what a subclass provides ---------------------------------------------------------------

    @property
    def row_count(self) -> int:
        raise NotImplementedError

    def render_header(self, width: int) -> Strip:
        raise NotImplementedError

    def row_signature(self, index: int) -> Hashable:
        """Everything row `index` shows: equal signatures draw the same line."""
        raise NotImplementedError

    def render_row(self, index: int, width: int, is_cursor: bool) -> Strip:
        raise NotImplementedError

    def render_empty(self, width: int) -> Strip:
        """The first line under the header when there are no rows."""
        return Strip.blank(width, self.base_style)

    def cursor_moved(self) -> None:
        """The cursor now rests on another row (or the rows under it changed)."""

    def activate(self) -> None:
        """Enter, or a double click, on the cursor row."""

    # -- sizes and the cache ----------------------------------------------------------------------

    @property
    def row_width(self) -> int:
        """The width rows are drawn at: the pane without its vertical scrollbar (never a horizontal one)."""
        return self.scrollable_content_region.width

    @property
    def visible_rows(self) -> int:
        return max(self.size.height - 1, 0)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # Textual's ScrollView compares the compositor's virtual size (for a line-API view, the
        # area on screen) with its own (every row), which differ whenever rows are out of sight:
        # every layout of the screen, a toast coming or going, redrew the scrollbars (about 800
        # bytes to the terminal each time). They are redrawn when what they show changed.
        laid_out = (size, container_size, self.virtual_size)
        if laid_out == self._laid_out:
            return False
        self._laid_out = laid_out
        return super()._size_updated(size, virtual_size, container_size, layout)

    def rows_changed(self) -> None:
        """Rows were added, removed or reordered: resize and repaint. Drawn lines are kept: each is
        cached by everything it shows (its signature), not by its place, so a row that moved is
        not drawn again."""
        self.virtual_size = Size(self.row_width, self.row_count + 1)
        self.refresh()

    def forget_lines(self) -> None:
        self._rendered_lines.clear()
        self._styles.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def refresh_index(self, index: int) -> None:
        """Repaint row `index` if it is on screen."""
        top = self.scroll_offset.y
        if top <= index < top + self.visible_rows:
            self.refresh_line(index + 1)

    def style_of(self, component: str) -> Style:
        style = self._styles.get(component)
        if style is None:
            style = self._styles[component] = self.get_component_rich_style(component, partial=False)
        return style

    @property
    def base_style(self) -> Style:
        """The table's own style (its background and colour), what a row is drawn over."""
        style = self._styles.get("")
        if style is None:
            style = self._styles[""] = self.rich_style
        return style

    def cached_style(self, key: str, make: Callable[[], Style]) -> Style:
        """A style derived from the table's (`make()`), kept until its styles may change."""
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = make()
        return style

    @staticmethod
    def status_component(status: JobStatus) -> str:
        """The component class that colours a status (a job's or a document's)."""
        return f"linetable--{'queued' if status is JobStatus.NOT_STARTED else status.value.lower()}"

    # -- drawing ------------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.row_width
        if y == 0:
            return self.render_header(width)
        index = self.scroll_offset.y + y - 1
        if index >= self.row_count:
            if index == 0:
                return self.render_empty(width)
            return Strip.blank(width, self.base_style)
        is_cursor = index == self.cursor
        key = (self.row_signature(index), is_cursor, width, self.has_focus)
        lines = self._rendered_lines
        strip = lines.pop(key, None)
        if strip is None:
            self.lines_rendered += 1
            strip = self.render_row(index, width, is_cursor)
            if len(lines) >= LINE_CACHE_LIMIT:
                del lines[next(iter(lines))]  # the least recently drawn
        lines[key] = strip  # the most recently drawn last
        return strip

    @staticmethod
    def finish_line(segments: list[Segment], width: int, base: Style) -> Strip:
        """Pad a row's segments with its base style to the full width, and cut what overflows."""
        used = sum(segment.cell_length for segment in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return Strip(segments, width).crop(0, width)

    # -- the cursor -------------------------------------------------------------------------------------

    def move_cursor(self, index: int) -> None:
        if not self.row_count:
            return
        index = max(0, min(self.row_count - 1, index))
        if index == self.cursor:
            return
        old, self.cursor = self.cursor, index
        for row in (old, index):
            self.refresh_line(row + 1)
        self.scroll_to_cursor()
        self.cursor_moved()

    def clamp_cursor(self, index: int | None) -> None:
        """Put the cursor on row `index`, or keep it in range when that row is gone (None)."""
        if index is not None:
            self.cursor = index
        else:
            self.cursor = min(self.cursor, max(self.row_count - 1, 0))

    def scroll_to_cursor(self) -> None:
        visible = max(self.visible_rows, 1)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False)

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor + direction * max(self.size.height - 2, 1))

    def action_jump(self, where: int) -> None:
        self.move_cursor(0 if where == 0 else self.row_count - 1)

    # -- events ------------------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.row_width, self.row_count + 1)
        self._rendered_lines.clear()
        self._styles.clear()

    def on_focus(self) -> None:
        self.forget_lines()

    def on_blur(self) -> None:
        self.forget_lines()

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y - 1
        if event.y >= 1 and 0 <= index < self.row_count:
            self.move_cursor(index)
            if event.chain >= 2:
                self.activate()
