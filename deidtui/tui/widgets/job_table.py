"""The job queue: thousands of jobs, updated in place by key, rendering only what is visible.

Jobs live in columns, a slot each (`job_columns.py`), the visible order is a sorted array of slots
(`job_order.py`), rows (formatted cells) are made for the lines drawn (`job_lines.py`), and the
line table (`line_table.py`) draws only the lines on screen. A poll tick that changes a few
jobs re-renders just those lines, and only when their text really changed; a job that is added,
removed, or whose sort value or filter match changed moves alone in the order (a new sort or
filter sorts them all). Every job arrives as the cache's current state of it, in brief
(`domain.briefs`), and a state never replaces a newer one: the queue shows what the cache holds;
`full_job()` reads the whole job when needed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.message import Message

from ...domain.briefs import JobBrief, brief_of
from ...domain.jobs import JobView
from ...engine.fleet import job_key
from .job_columns import FieldsAt, JobColumns
from .job_lines import JobLines
from .job_order import JobOrder, never
from .job_rows import (
    COLUMNS,
    DESCENDING,
    FLEET_SORTS,
    SORTS,
    Column,
    Row,
    SortValue,
    fleet_columns,
    make_row,
    sort_function,
)
from .line_table import LineTable
from .navigation import row_bindings

if TYPE_CHECKING:  # imported when a filter is set: not part of the first frame
    from ..job_filter import JobFilter


def _job_name(view: JobView | JobBrief) -> str:
    return view.name


class JobTable(JobLines, LineTable):
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
        self._jobs = JobColumns(keyed_by_name=not services)
        self._fields = FieldsAt(self._jobs)  # the filter's view of a job held
        self._order = JobOrder()
        self._filter: JobFilter | None = None
        # How the whole of a job is read (the screen sets it: from the job's own engine's cache).
        self.read_job: Callable[[JobBrief], Awaitable[JobView | None]] | None = None
        self._deleted = 0  # deleted jobs held: `total_count` in O(1), asked at every update
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
        return len(self._jobs) - (0 if self.show_deleted else self._deleted)

    @property
    def highlighted(self) -> str | None:
        return self._key_at(self.cursor) if 0 <= self.cursor < len(self._order) else None

    @property
    def order(self) -> list[str]:
        """The names shown, top to bottom (filter and sort applied)."""
        keys = self._jobs.keys
        return [keys[slot] for slot in self._order]

    def _key_at(self, index: int) -> str:
        return self._jobs.keys[self._order.slot_at(index)]

    def index_of(self, name: str) -> int | None:
        """The row job `name` is shown at, or None when it is not shown."""
        slot = self._jobs.slot_of(name)
        return None if slot is None else self._order.index_of(slot)

    def job(self, name: str) -> JobBrief | None:
        """What the queue keeps of a job (deleted ones included): enough to show, sort, filter it
        and to say which actions it allows; `full_job()` reads the whole of it. None: not held."""
        slot = self._jobs.slot_of(name)
        return None if slot is None else self._jobs.brief(slot)

    async def full_job(self, name: str) -> JobView | None:
        """The whole, current view of a job the queue holds, read from its engine's cache."""
        job = self.job(name)
        if job is None or self.read_job is None:
            return None
        return await self.read_job(job)

    def finished_by(self, job: JobBrief) -> bool:
        """Whether `job`, a new state of a job held unfinished (and not deleted), says it finished."""
        columns = self._jobs
        slot = columns.slot_of(self.key_of(job))
        return (
            slot is not None
            and columns.is_active(slot)
            and not columns.is_deleted(slot)
            and job.revision >= columns.revision[slot]
            and not job.status.is_active
            and not job.deleted
        )

    def jobs(self) -> list[JobBrief]:
        """What the queue keeps of every job, shown or not (each brief made anew)."""
        return [self._jobs.brief(slot) for slot in self._jobs.slots()]

    def keys_of(self, profile: str) -> list[str]:
        """The jobs held of service `profile`, shown or not."""
        columns = self._jobs
        code = columns.profiles.code(profile)
        return [columns.keys[slot] for slot in columns.slots() if columns.profile[slot] == code]

    def selection(self) -> list[str]:
        """The marked jobs, or the highlighted one when nothing is marked."""
        if self.marked:
            return [n for n in self.order if n in self.marked] or sorted(self.marked)
        return [self.highlighted] if self.highlighted else []

    def upsert(self, jobs: Iterable[JobBrief | JobView], *, now: datetime | None = None) -> None:
        """Apply the cache's states of jobs (briefs, as the feed publishes them, or whole views, kept
        in brief); move in the order only the jobs whose filter match or sort value changed.

        A state older than the one held (a lower cache revision) is ignored: whatever order they
        arrive in, the queue ends at the newest. Rows (the formatted cells) are built only for
        jobs on screen, when first drawn, so loading 10,000 jobs costs a sort, not 10,000 rows.
        """
        moves: list[tuple[int, SortValue | None]] = []
        dirty: list[tuple[int, Row, Row]] = []  # (slot, as drawn, as it is now)
        now = now or datetime.now(UTC)
        columns, order = self._jobs, self._order
        value_of = sort_function(columns, self.sort_key, now)
        for job in jobs:
            name = self.key_of(job)
            slot = columns.slot_of(name)
            if slot is not None:
                if job.revision < columns.revision[slot]:
                    continue
                self._deleted -= columns.is_deleted(slot)
                order.hold(slot)  # filed under its value until it is placed again
            view = job if isinstance(job, JobBrief) else brief_of(job)  # a whole view is not kept
            added = slot is None
            slot = columns.put(name, view)
            self._deleted += view.deleted
            if name in self.marked and not self._listed(slot):  # deleted: shown or hidden, unmarked
                self.marked.discard(name)
            self._name_width = max(self._name_width, min(len(view.name), 36))
            value = value_of(slot) if self._passes(slot) else None
            # The row drawn from the old state is stale whether or not the job is shown now: a job
            # hidden by the filter keeps no row that would be drawn again once it is shown.
            drawn = self._rows.pop(name, None)
            if added or value != order.value_of(slot):  # None: not shown
                moves.append((slot, value))
                continue
            order.release(slot)
            if value is not None and drawn is not None:  # on screen: redraw only if the text really changed
                row = make_row(view, now)
                self._rows[name] = row
                if row != drawn:
                    dirty.append((slot, drawn, row))
        if self.sort_key == "time":
            moves += self._timed_moves(moves, value_of)
        if moves:
            self._move(moves, now)
        else:
            for slot, drawn, row in dirty:
                index = order.index_of(slot)
                if index is not None:
                    self._refresh_cells(index, drawn, row)

    def _timed_moves(
        self, moves: list[tuple[int, SortValue | None]], value_of: Callable[[int], SortValue]
    ) -> list[tuple[int, SortValue | None]]:
        """Under the time sort, the unfinished jobs whose elapsed time moved them without a change
        (a finished job's time is fixed): only they are placed again, not every job re-sorted."""
        moved = {slot for slot, _value in moves}
        order = self._order
        found: list[tuple[int, SortValue | None]] = []
        for slot in order.volatile_slots():
            if slot in moved:
                continue
            value = value_of(slot)
            if value != order.value_of(slot):
                found.append((slot, value))
        return found

    def _move(self, moves: list[tuple[int, SortValue | None]], now: datetime) -> None:
        """Put each moved job at its new place (None: hidden), or sort them all when that is cheaper."""
        current = self.highlighted
        if len(moves) * 8 > len(self._jobs):
            self._sort_all(now)
            self._reordered(current)
            return
        changed = False
        order = self._order
        for slot, value in moves:
            changed |= value is not None or order.shown(slot)
            order.place(slot, value)
        if changed:
            self._reordered(current)

    def remove_jobs(self, names: Iterable[str]) -> None:
        current = self.highlighted
        changed = False
        columns, order = self._jobs, self._order
        for name in names:
            self._rows.pop(name, None)
            self.marked.discard(name)
            slot = columns.slot_of(name)
            if slot is None:
                continue
            self._deleted -= columns.is_deleted(slot)
            changed |= order.shown(slot)
            order.place(slot, None)  # while the columns still say what it is filed under
            columns.forget(name)
        if columns.size - len(columns) > max(len(columns), 1000):  # mostly empty slots
            columns.compact()
            self._sort_all()
        elif not changed:
            return
        self._reordered(current)

    def set_filter(self, job_filter: JobFilter | None) -> None:
        self._filter = job_filter
        self._rebuild_order()

    @property
    def job_filter(self) -> JobFilter | None:
        return self._filter

    def set_sort(self, key: str, *, reverse: bool | None = None, now: datetime | None = None) -> None:
        """Sort by `key` (one of SORTS); biggest first for sizes and times unless `reverse` says.
        `now`: the time the time sort measures running jobs at (the clock's by default)."""
        self.sort_key = key
        self.sort_reverse = key in DESCENDING if reverse is None else reverse
        self._rebuild_order(now)

    def _listed(self, slot: int) -> bool:
        return self.show_deleted or not self._jobs.is_deleted(slot)

    def _passes(self, slot: int) -> bool:
        if not self._listed(slot):
            return False
        if self._filter is None:
            return True
        self._fields.slot = slot
        return self._filter.matches(self._fields)

    def _rebuild_order(self, now: datetime | None = None) -> None:
        """Filter and sort every job: a new filter or sort."""
        current = self.highlighted
        self._sort_all(now)
        self._reordered(current)

    def _sort_all(self, now: datetime | None = None) -> None:
        columns = self._jobs
        shown = columns.slots()
        if self._filter is not None or (self._deleted and not self.show_deleted):
            shown = filter(self._passes, shown)
        self._order.rebuild(
            shown,
            sort_function(columns, self.sort_key, now or datetime.now(UTC)),
            reverse=self.sort_reverse,
            size=columns.size,
            volatile=columns.is_active if self.sort_key == "time" else never,
        )
        self.marked = {n for n in self.marked if (slot := columns.slot_of(n)) is not None and self._listed(slot)}

    def _reordered(self, current: str | None) -> None:
        """The order changed: keep the cursor on the job it was on (`current`), redraw."""
        self.clamp_cursor(self.index_of(current) if current is not None else None)
        self.rows_changed()
        if self.highlighted != current:
            self.cursor_moved()

    # -- interaction --------------------------------------------------------------------------------

    def cursor_moved(self) -> None:
        self.post_message(self.Highlighted(self.highlighted))

    def activate(self) -> None:
        self.action_select()

    def move_to(self, name: str) -> bool:
        """Put the cursor on job `name` if it is shown."""
        index = self.index_of(name)
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
        shown = set(self.order)
        self.marked = set() if shown <= self.marked else shown
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
