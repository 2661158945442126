"""The job queue: thousands of jobs, updated in place by key, rendering only what is visible.

Rows live in a dict keyed by job name, the visible order is a list of keys, and the line table
(`line_table.py`) draws only the lines on screen. A poll tick that changes a few jobs re-renders
just those lines, and only when their text really changed; the order is rebuilt only when a job
is added or removed or a sort field changes. Every job arrives as the cache's current view of it
(`JobView`), and a view never replaces a newer one: the queue shows what the cache holds.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from ...domain.jobs import JobView
from ...engine.fleet import job_key
from ..formatting import progress_bar
from .job_rows import (
    COLUMNS,
    DESCENDING,
    FLEET_SORTS,
    SORTS,
    Column,
    Row,
    fit_columns,
    fleet_columns,
    make_row,
    sort_value,
)
from .line_table import LineTable
from .navigation import row_bindings

if TYPE_CHECKING:  # imported when a filter is set: not part of the first frame
    from ..job_filter import JobFilter


MIN_BAR = 3  # a bar narrower than this says nothing the figures do not


def progress_figures(done: int, total: int, width: int) -> str:
    """` done/total` (or ` —`), or the percentage when the figures would not fit `width`."""
    if not total:
        return " —"
    figures = f" {done}/{total}"
    return figures if len(figures) - 1 <= width else f" {done * 100 // total}%"


def _job_name(view: JobView) -> str:
    return view.name


class JobTable(LineTable):
    """The job queue. `upsert()` and `remove()` apply changes; it is never rebuilt on a tick.

    Rows are keyed by `key_of(view)`: the job's name, or `service/name` in the fleet view; the
    names in its messages, `selection()`, `order` and `job()` are these keys."""

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

    COMPONENT_CLASSES = {"jobtable--marked", "jobtable--bar-done", "jobtable--bar-todo"}

    DEFAULT_CSS = """
    JobTable > .jobtable--marked { color: $warning; text-style: bold; }
    JobTable > .jobtable--bar-done { color: $accent; }
    JobTable > .jobtable--bar-todo { color: $text-disabled; }
    """

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

    def __init__(
        self,
        *,
        services: list[str] | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`services`: the fleet view's services: a SERVICE column, and jobs keyed `service/name`
        (the same name on two services is two rows); otherwise jobs are keyed by name."""
        super().__init__(name=name, id=id, classes=classes)
        self.key_of = job_key if services else _job_name
        self.columns = fleet_columns(services) if services else COLUMNS
        self.sorts = FLEET_SORTS if services else SORTS
        self._rows: dict[str, Row] = {}
        self._order: list[str] = []
        self._position: dict[str, int] = {}
        self._filter: JobFilter | None = None
        self._jobs: dict[str, JobView] = {}
        self.marked: set[str] = set()
        self._column_layouts: dict[int, tuple[int, list[tuple[Column, int]]]] = {}
        self._name_width = 8
        self.sort_key = "created"
        self.sort_reverse = True
        self.show_deleted = False

    # -- data ---------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._order)

    @property
    def total_count(self) -> int:
        return sum(1 for view in self._jobs.values() if self._listed(view))

    @property
    def highlighted(self) -> str | None:
        return self._order[self.cursor] if 0 <= self.cursor < len(self._order) else None

    @property
    def order(self) -> list[str]:
        """The names shown, top to bottom (filter and sort applied)."""
        return list(self._order)

    def job(self, name: str) -> JobView | None:
        """The view the queue holds of a job (deleted ones included), or None."""
        return self._jobs.get(name)

    def views(self) -> list[JobView]:
        """Every view the queue holds, shown or not."""
        return list(self._jobs.values())

    def selection(self) -> list[str]:
        """The marked jobs, or the highlighted one when nothing is marked."""
        if self.marked:
            return [n for n in self._order if n in self.marked] or sorted(self.marked)
        return [self.highlighted] if self.highlighted else []

    def upsert(self, views: Iterable[JobView], *, now: datetime | None = None) -> None:
        """Apply the cache's views of jobs; re-order only when membership or a sort value changed.

        A view older than the one held (a lower cache revision) is ignored: whatever order views
        arrive in, the queue ends at the newest. Rows (the formatted cells) are built only for
        jobs on screen, when first drawn, so loading 10,000 jobs costs a sort, not 10,000 rows.
        """
        reorder = False
        dirty: list[str] = []
        key = self.sort_key
        now = now or datetime.now(UTC)
        for view in views:
            name = self.key_of(view)
            old = self._jobs.get(name)
            if old is not None and view.revision < old.revision:
                continue
            self._jobs[name] = view
            self._name_width = max(self._name_width, min(len(view.name), 36))
            visible = self._passes(view)
            shown = name in self._position
            # The row drawn from the old view is stale whether or not the job is shown now: a job
            # hidden by the filter keeps no row that would be drawn again once it is shown.
            drawn = self._rows.pop(name, None)
            if old is None or visible != shown or sort_value(old, key, now) != sort_value(view, key, now):
                reorder = reorder or visible or shown
            elif shown and drawn is not None:  # on screen: redraw only if the text really changed
                row = make_row(view, now)
                self._rows[name] = row
                if row != drawn:
                    dirty.append(name)
        if reorder:
            self._rebuild_order()
        else:
            for name in dirty:
                self.refresh_index(self._position[name])

    def _row(self, name: str) -> Row:
        row = self._rows.get(name)
        if row is None:
            row = self._rows[name] = make_row(self._jobs[name], datetime.now(UTC))
        return row

    def remove_jobs(self, names: Iterable[str]) -> None:
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

    @property
    def job_filter(self) -> JobFilter | None:
        return self._filter

    def set_sort(self, key: str, *, reverse: bool | None = None) -> None:
        """Sort by `key` (one of SORTS); biggest first for sizes and times unless `reverse` says."""
        self.sort_key = key
        self.sort_reverse = key in DESCENDING if reverse is None else reverse
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
                if new != row:
                    self._rows[name] = new
                    self.refresh_index(index)

    def _listed(self, view: JobView) -> bool:
        return self.show_deleted or not view.deleted

    def _passes(self, view: JobView) -> bool:
        return self._listed(view) and (self._filter is None or self._filter(view))

    def _rebuild_order(self) -> None:
        current = self.highlighted
        key = self.sort_key
        now = datetime.now(UTC)
        jobs = self._jobs
        names = [n for n, view in jobs.items() if self._passes(view)]
        names.sort(key=lambda n: sort_value(jobs[n], key, now), reverse=self.sort_reverse)
        self._order = names
        self._position = {n: i for i, n in enumerate(names)}
        self.marked &= set(names) | {n for n in self.marked if n in jobs and self._listed(jobs[n])}
        self.clamp_cursor(self._position.get(current) if current is not None else None)
        self.rows_changed()
        if self.highlighted != current:
            self.cursor_moved()

    # -- rendering --------------------------------------------------------------------------------

    def _layout(self, width: int) -> list[tuple[Column, int]]:
        """The columns that fit `width` (see `job_rows.COLUMNS` for what gives way first)."""
        known = self._column_layouts.get(width)
        if known is not None and known[0] == self._name_width:
            return known[1]
        result = fit_columns(width, max(8, self._name_width), self.columns)
        self._column_layouts[width] = (self._name_width, result)
        return result

    def _fg(self, name: str) -> Style:
        """A component's colour and text style without its background, to layer over a row's base."""
        style = self.style_of(name)
        return Style(
            color=style.color,
            bold=style.bold,
            italic=style.italic,
            dim=style.dim,
            underline=style.underline,
            reverse=style.reverse,
        )

    @staticmethod
    def _cell(text: str, width: int, align: str) -> str:
        if width <= 0:
            return ""
        if len(text) > width:
            text = text[: max(width - 1, 0)] + "…"
        return text.rjust(width) if align == "right" else text.ljust(width)

    def render_header(self, width: int) -> Strip:
        header = " ".join(self._cell(self._title(c), w, c.align) for c, w in self._layout(width))
        return Strip([Segment(header.ljust(width)[:width], self.style_of("linetable--header"))], width)

    def row_signature(self, index: int) -> Hashable:
        name = self._order[index]
        row = self._row(name)
        return (name, tuple(row.cells.values()), row.done, row.total, name in self.marked)

    def _title(self, column: Column) -> str:
        if column.key == self.sort_key or (column.key == "route" and self.sort_key == "source"):
            return f"{column.title}{'▼' if self.sort_reverse else '▲'}"
        return column.title

    def render_row(self, index: int, width: int, is_cursor: bool) -> Strip:
        name = self._order[index]
        row = self._row(name)
        marked = name in self.marked
        base = self.style_of("linetable--cursor") if is_cursor else self.rich_style
        status_style = self._fg(self.status_component(row.status))
        segments: list[Segment] = []
        for i, (column, w) in enumerate(self._layout(width)):
            if i:
                segments.append(Segment(" ", base))
            if column.key == "mark":
                segments.append(Segment("●" if marked else " ", base + self._fg("jobtable--marked")))
            elif column.key == "progress":
                counts = progress_figures(row.done, row.total, w)
                bar_width = w - len(counts) if w - len(counts) >= MIN_BAR else 0  # short of room: figures only
                counts = counts if bar_width else counts.lstrip()
                bar = progress_bar(row.done, row.total, bar_width)
                filled = bar.count("█")
                segments.append(Segment(bar[:filled], base + self._fg("jobtable--bar-done")))
                segments.append(Segment(bar[filled:], base + self._fg("jobtable--bar-todo")))
                segments.append(Segment(self._cell(counts, w - bar_width, "left"), base))
            elif column.key == "status":
                segments.append(Segment(self._cell(row.cells["status"], w, "left"), base + status_style))
            elif column.key == "failed":
                failed_style = self._fg("linetable--failed") if row.cells["failed"] else Style()
                segments.append(Segment(self._cell(row.cells["failed"], w, "right"), base + failed_style))
            elif column.key in ("created", "route", "time"):
                segments.append(
                    Segment(self._cell(row.cells[column.key], w, column.align), base + self._fg("linetable--dim"))
                )
            else:
                segments.append(Segment(self._cell(row.cells[column.key], w, column.align), base))
        return self.finish_line(segments, width, base)

    # -- interaction --------------------------------------------------------------------------------

    def cursor_moved(self) -> None:
        self.post_message(self.Highlighted(self.highlighted))

    def activate(self) -> None:
        self.action_select()

    def move_to(self, name: str) -> bool:
        """Put the cursor on job `name` if it is shown."""
        index = self._position.get(name)
        if index is None:
            return False
        self.move_cursor(index)
        return True

    def action_toggle_mark(self) -> None:
        name = self.highlighted
        if name is None:
            return
        self.marked.symmetric_difference_update({name})
        self.refresh_index(self.cursor)
        self.post_message(self.MarksChanged(frozenset(self.marked)))
        self.action_cursor(1)

    def action_mark_all(self) -> None:
        self.marked = set() if set(self._order) <= self.marked else set(self._order)
        self.forget_lines()
        self.post_message(self.MarksChanged(frozenset(self.marked)))

    def clear_marks(self) -> None:
        if self.marked:
            self.marked.clear()
            self.forget_lines()
            self.post_message(self.MarksChanged(frozenset()))

    def action_cycle_sort(self) -> None:
        self.set_sort(self.sorts[(self.sorts.index(self.sort_key) + 1) % len(self.sorts)])

    def action_reverse_sort(self) -> None:
        self.set_sort(self.sort_key, reverse=not self.sort_reverse)

    def action_select(self) -> None:
        if self.highlighted:
            self.post_message(self.Opened(self.highlighted))
