"""The job queue: thousands of jobs, updated in place by key, rendering only what is visible.

A line-API ScrollView (the Toolong model) rather than a DataTable: rows live in a dict keyed by job
name, the visible order is a list of keys, and `render_line` draws only the lines on screen. A poll
tick that changes a few jobs re-renders just those lines, and only when their text really changed;
the order is rebuilt only when a job is added or removed or a sort field changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...cache import CachedJob
from ...domain.models import JobStatus
from ..formatting import progress_bar
from .job_rows import COLUMNS, SORTS, Column, Row, make_row, sort_value
from .navigation import row_bindings

if TYPE_CHECKING:  # imported when a filter is set: not part of the first frame
    from ..job_filter import JobFilter


class JobTable(ScrollView, can_focus=True):
    """The job queue. Use `upsert()` and `remove()` from poll results; never rebuilt on a tick."""

    BINDINGS = [
        *row_bindings("jobs"),
        Binding("space", "toggle_mark", "Mark", id="jobs.mark", tooltip="Mark the job for a bulk action"),
        Binding(
            "ctrl+a",
            "mark_all",
            "Mark all",
            show=False,
            id="jobs.mark_all",
            tooltip="Mark every job shown (the filter applies)",
        ),
        Binding("s", "cycle_sort", "Sort", id="jobs.sort", tooltip="Sort by the next column"),
        Binding("S", "reverse_sort", "Reverse", show=False, id="jobs.reverse_sort", tooltip="Reverse the sort order"),
        Binding("enter", "select", "Open", id="jobs.open", tooltip="Show the job's documents and details"),
    ]

    COMPONENT_CLASSES = {
        "jobtable--header",
        "jobtable--cursor",
        "jobtable--marked",
        "jobtable--dim",
        "jobtable--running",
        "jobtable--succeeded",
        "jobtable--failed",
        "jobtable--canceled",
        "jobtable--queued",
        "jobtable--bar-done",
        "jobtable--bar-todo",
    }

    DEFAULT_CSS = """
    JobTable { height: 1fr; background: $surface; overflow-x: hidden; scrollbar-size-vertical: 1; }
    JobTable > .jobtable--header { text-style: bold; color: $text-muted; background: $panel; }
    JobTable > .jobtable--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
    JobTable:blur > .jobtable--cursor { background: $block-cursor-blurred-background; text-style: none; }
    JobTable > .jobtable--marked { color: $warning; text-style: bold; }
    JobTable > .jobtable--dim { color: $text-muted; }
    JobTable > .jobtable--running { color: $accent; text-style: bold; }
    JobTable > .jobtable--succeeded { color: $success; }
    JobTable > .jobtable--failed { color: $error; text-style: bold; }
    JobTable > .jobtable--canceled { color: $warning; }
    JobTable > .jobtable--queued { color: $text-muted; }
    JobTable > .jobtable--bar-done { color: $accent; }
    JobTable > .jobtable--bar-todo { color: $text-disabled; }
    """

    cursor = reactive(0, repaint=False)
    sort_key = reactive("created", repaint=False)
    sort_reverse = reactive(True, repaint=False)

    class Highlighted(Message):
        """The cursor moved onto a job (or onto nothing)."""

        def __init__(self, name: str | None) -> None:
            super().__init__()
            self.name = name

    class Opened(Message):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    class MarksChanged(Message):
        def __init__(self, marked: frozenset[str]) -> None:
            super().__init__()
            self.marked = marked

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._rows: dict[str, Row] = {}
        self._order: list[str] = []
        self._position: dict[str, int] = {}
        self._filter: JobFilter | None = None
        self._jobs: dict[str, CachedJob] = {}
        self.marked: set[str] = set()
        self._line_cache: dict[tuple, Strip] = {}
        self._layout_cache: dict[int, tuple[int, list[tuple[Column, int]]]] = {}
        self._name_width = 8
        self._render_width = 0
        self.lines_rendered = 0  # for tests and the UI cost benchmark

    # -- data ---------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._order)

    @property
    def total_count(self) -> int:
        return len(self._jobs)

    @property
    def highlighted(self) -> str | None:
        return self._order[self.cursor] if 0 <= self.cursor < len(self._order) else None

    def job(self, name: str) -> CachedJob | None:
        return self._jobs.get(name)

    def selection(self) -> list[str]:
        """The marked jobs, or the highlighted one when nothing is marked."""
        if self.marked:
            return [n for n in self._order if n in self.marked] or sorted(self.marked)
        return [self.highlighted] if self.highlighted else []

    def upsert(self, jobs: Iterable[CachedJob], *, now: datetime | None = None) -> None:
        """Apply changed jobs; re-order only when membership or a sort value changed.

        Rows (the formatted cells) are built only for jobs on screen, when first drawn, so loading
        10,000 cached jobs costs a sort, not 10,000 rows.
        """
        reorder = False
        dirty: list[str] = []
        key = self.sort_key
        for cached in jobs:
            name = cached.name
            old = self._jobs.get(name)
            self._jobs[name] = cached
            self._name_width = max(self._name_width, min(len(name), 36))
            visible = self._passes(cached)
            shown = name in self._position
            if old is None or visible != shown or sort_value(old, key) != sort_value(cached, key):
                reorder = reorder or visible or shown
                self._rows.pop(name, None)
            elif shown:
                drawn = self._rows.pop(name, None)
                if drawn is not None:  # on screen: redraw only if the text really changed
                    row = make_row(cached, now or datetime.now(UTC))
                    self._rows[name] = row
                    if row.cells != drawn.cells:
                        dirty.append(name)
        if reorder:
            self._rebuild_order()
        else:
            for name in dirty:
                self._refresh_row(name)

    def _row(self, name: str) -> Row:
        row = self._rows.get(name)
        if row is None:
            row = self._rows[name] = make_row(self._jobs[name], datetime.now(UTC))
        return row

    def remove(self, names: Iterable[str]) -> None:
        changed = False
        for name in names:
            self._rows.pop(name, None)
            changed |= self._jobs.pop(name, None) is not None
            self.marked.discard(name)
        if changed:
            self._rebuild_order()

    def set_filter(self, job_filter: JobFilter | None) -> None:
        self._filter = job_filter
        self._rebuild_order()

    def tick(self, now: datetime | None = None) -> None:
        """Recompute time-dependent cells (durations, ETAs) of visible active jobs."""
        now = now or datetime.now(UTC)
        top = self.scroll_offset.y
        for index in range(top, min(top + self.size.height, len(self._order))):
            name = self._order[index]
            row = self._rows.get(name)
            if row is not None and row.status.is_active:
                new = make_row(self._jobs[name], now)
                if new.cells != row.cells:
                    self._rows[name] = new
                    self._refresh_row(name)

    def _passes(self, cached: CachedJob) -> bool:
        return self._filter is None or self._filter(cached.job)

    def _rebuild_order(self) -> None:
        current = self.highlighted
        key = self.sort_key
        jobs = self._jobs
        names = [n for n, job in jobs.items() if self._passes(job)]
        names.sort(key=lambda n: sort_value(jobs[n], key), reverse=self.sort_reverse)
        self._order = names
        self._position = {n: i for i, n in enumerate(names)}
        self.virtual_size = Size(0, len(names) + 1)  # no sideways scrolling: columns fit the width
        if current in self._position:
            self.cursor = self._position[current]
        else:
            self.cursor = min(self.cursor, max(len(names) - 1, 0))
            self.post_message(self.Highlighted(self.highlighted))
        self._line_cache.clear()
        self.refresh()

    def _refresh_row(self, name: str) -> None:
        index = self._position.get(name)
        if index is None:
            return
        top = self.scroll_offset.y
        if top <= index < top + self.size.height:
            self.refresh_line(index + 1)

    # -- rendering --------------------------------------------------------------------------------

    def _layout(self, width: int) -> list[tuple[Column, int]]:
        """Columns that fit, widest-priority dropped first; the route column takes what is left."""
        cached = self._layout_cache.get(width)
        if cached is not None and cached[0] == self._name_width:
            return cached[1]
        columns = list(COLUMNS)
        name_width = max(8, self._name_width)

        def widths(cols: list[Column]) -> list[int]:
            return [name_width if c.key == "name" else c.width for c in cols]

        while True:
            fixed = sum(widths(columns)) + len(columns) - 1
            route = next((c for c in columns if c.width == 0), None)
            if fixed + (12 if route else 0) <= width or len(columns) <= 4:
                break
            drop = max(columns, key=lambda c: c.priority)
            columns.remove(drop)
        result = []
        for column, w in zip(columns, widths(columns)):
            if column.width == 0:
                w = max(0, width - (sum(widths(columns)) + len(columns) - 1))
            result.append((column, w))
        self._layout_cache[width] = (self._name_width, result)
        return result

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=False)

    def _fg(self, name: str) -> Style:
        """A component's colour and text style without its background, to layer over a row's base."""
        style = self.get_component_rich_style(name, partial=False)
        return Style(
            color=style.color,
            bold=style.bold,
            italic=style.italic,
            dim=style.dim,
            underline=style.underline,
            reverse=style.reverse,
        )

    def _cell(self, text: str, width: int, align: str) -> str:
        if width <= 0:
            return ""
        if len(text) > width:
            text = text[: max(width - 1, 0)] + "…"
        return text.rjust(width) if align == "right" else text.ljust(width)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        layout = self._layout(width)
        if y == 0:
            header = " ".join(self._cell(self._title(c), w, c.align) for c, w in layout)
            return Strip([Segment(header.ljust(width)[:width], self._style("jobtable--header"))], width)
        index = self.scroll_offset.y + y - 1
        if index >= len(self._order):
            return Strip.blank(width, self.rich_style)
        name = self._order[index]
        row = self._row(name)
        is_cursor = index == self.cursor
        key = (
            name,
            row.cells.get("status"),
            tuple(sorted(row.cells.items(), key=lambda kv: kv[0])).__hash__(),
            is_cursor,
            name in self.marked,
            width,
            self.has_focus,
        )
        cached = self._line_cache.get(key)
        if cached is not None:
            return cached
        self.lines_rendered += 1
        strip = self._render_row(row, layout, width, is_cursor, name in self.marked)
        if len(self._line_cache) > 4096:
            self._line_cache.clear()
        self._line_cache[key] = strip
        return strip

    def _title(self, column: Column) -> str:
        if column.key == self.sort_key:
            return f"{column.title}{'▼' if self.sort_reverse else '▲'}"
        return column.title

    def _render_row(
        self, row: Row, layout: list[tuple[Column, int]], width: int, is_cursor: bool, marked: bool
    ) -> Strip:
        base = self._style("jobtable--cursor") if is_cursor else self.rich_style
        status_style = self._fg(
            f"jobtable--{'queued' if row.status is JobStatus.NOT_STARTED else row.status.value.lower()}"
        )
        segments: list[Segment] = []
        for i, (column, w) in enumerate(layout):
            if i:
                segments.append(Segment(" ", base))
            if column.key == "mark":
                segments.append(Segment("●" if marked else " ", base + self._fg("jobtable--marked")))
            elif column.key == "progress":
                done, total = row.cells["progress"]  # type: ignore[misc]
                counts = f" {done}/{total}" if total else " —"
                bar_width = max(w - len(counts), 0)
                bar = progress_bar(done, total, bar_width)
                filled = bar.count("█")
                segments.append(Segment(bar[:filled], base + self._fg("jobtable--bar-done")))
                segments.append(Segment(bar[filled:], base + self._fg("jobtable--bar-todo")))
                segments.append(Segment(self._cell(counts, w - bar_width, "left"), base))
            elif column.key == "status":
                segments.append(Segment(self._cell(row.cells["status"], w, "left"), base + status_style))
            elif column.key == "failed":
                failed_style = self._fg("jobtable--failed") if row.cells["failed"] else Style()
                segments.append(Segment(self._cell(row.cells["failed"], w, "right"), base + failed_style))
            elif column.key in ("created", "route", "time"):
                segments.append(
                    Segment(self._cell(row.cells[column.key], w, column.align), base + self._fg("jobtable--dim"))
                )
            else:
                segments.append(Segment(self._cell(row.cells[column.key], w, column.align), base))
        used = sum(s.cell_length for s in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return Strip(segments, width).crop(0, width)

    # -- interaction --------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(0, len(self._order) + 1)
        self._line_cache.clear()

    def on_focus(self) -> None:
        self._line_cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._line_cache.clear()
        self.refresh()

    def watch_cursor(self, old: int, new: int) -> None:
        for index in (old, new):
            if 0 <= index < len(self._order):
                self.refresh_line(index + 1)
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self.highlighted))

    def _scroll_to_cursor(self) -> None:
        visible_rows = max(self.size.height - 1, 1)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + visible_rows:
            self.scroll_to(y=self.cursor - visible_rows + 1, animate=False)

    def action_cursor(self, delta: int) -> None:
        if self._order:
            self.cursor = max(0, min(len(self._order) - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(self.size.height - 2, 1))

    def action_jump(self, where: int) -> None:
        if self._order:
            self.cursor = 0 if where == 0 else len(self._order) - 1

    def action_toggle_mark(self) -> None:
        name = self.highlighted
        if name is None:
            return
        self.marked.symmetric_difference_update({name})
        self.refresh_line(self.cursor + 1)
        self.post_message(self.MarksChanged(frozenset(self.marked)))
        self.action_cursor(1)

    def action_mark_all(self) -> None:
        self.marked = set() if set(self._order) <= self.marked else set(self._order)
        self._line_cache.clear()
        self.refresh()
        self.post_message(self.MarksChanged(frozenset(self.marked)))

    def clear_marks(self) -> None:
        if self.marked:
            self.marked.clear()
            self._line_cache.clear()
            self.refresh()
            self.post_message(self.MarksChanged(frozenset()))

    def action_cycle_sort(self) -> None:
        self.sort_key = SORTS[(SORTS.index(self.sort_key) + 1) % len(SORTS)]
        self.sort_reverse = self.sort_key in ("created", "progress", "failed")
        self._rebuild_order()

    def action_reverse_sort(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self._rebuild_order()

    def action_select(self) -> None:
        if self.highlighted:
            self.post_message(self.Opened(self.highlighted))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y - 1
        if event.y >= 1 and 0 <= index < len(self._order):
            self.cursor = index
            if event.chain >= 2:
                self.action_select()
