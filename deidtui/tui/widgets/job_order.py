"""The job queue's order: the jobs shown, kept sorted as jobs change, one job at a time.

A poll tick that moves a few jobs (a status sort while jobs finish, a `status:` filter that they
leave) moves just those: each is taken out at the value it was filed under and put in at its new
one, found by bisection (O(log n) each), instead of re-filtering and re-sorting every job on the
event loop. Ties keep the order in which jobs were first added (their slots in `JobColumns`),
whichever way the sort runs, as a stable sort of the whole queue would.

The order is an array of slots, sorted by what each job sorts by, read from the columns when
compared: it keeps no sort value of its own (at 50,000 jobs an entry per job, a tuple and its
tie-break, was 6.7 MB). It keeps the value a job was filed under only where the columns no longer
say it: while a job's new state is being written (`hold`), and under the time sort for unfinished
jobs, whose time moves with the clock (`volatile`).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ...collector import collector_paused
from .job_rows import SortValue

SlotValue = Callable[[int], SortValue]


def never(slot: int) -> bool:
    return False


class JobOrder:
    """The shown slots in display order: `place()` moves one, `rebuild()` sorts them all."""

    def __init__(self) -> None:
        self._sorted = array("i")  # ascending by (value, tie); shown reversed when `reverse`
        self._shown = bytearray()  # by slot: 1 when shown
        self._value: SlotValue = float  # what a slot sorts by now (set by `rebuild`)
        self._volatile: Callable[[int], bool] = never  # slots whose value moves by itself
        self._filed: dict[int, SortValue] = {}  # values the columns no longer say (see the module)
        self.reverse = False

    def __len__(self) -> int:
        return len(self._sorted)

    def __iter__(self) -> Iterator[int]:
        return reversed(self._sorted) if self.reverse else iter(self._sorted)

    def shown(self, slot: int) -> bool:
        return slot < len(self._shown) and self._shown[slot] == 1

    def slot_at(self, index: int) -> int:
        """The slot shown at row `index` (0 <= index < len)."""
        return self._sorted[len(self._sorted) - 1 - index if self.reverse else index]

    def filed_value(self, slot: int) -> SortValue:
        filed = self._filed.get(slot)
        return self._value(slot) if filed is None else filed

    def _entry(self, slot: int) -> tuple[Any, int]:
        return self.filed_value(slot), -slot if self.reverse else slot

    def _position(self, slot: int) -> int:
        return bisect_left(self._sorted, self._entry(slot), key=self._entry)

    def index_of(self, slot: int) -> int | None:
        """The row `slot` is shown at, or None when it is not shown."""
        if not self.shown(slot):
            return None
        index = self._position(slot)
        return len(self._sorted) - 1 - index if self.reverse else index

    def value_of(self, slot: int) -> SortValue | None:
        """The sort value `slot` is shown with, or None when it is not shown."""
        return self.filed_value(slot) if self.shown(slot) else None

    def volatile_slots(self) -> list[int]:
        """The shown slots whose value moves by itself (the time sort's unfinished jobs), each filed
        under the value it was placed at."""
        return [slot for slot in self._filed if self._volatile(slot)]

    def hold(self, slot: int) -> None:
        """The columns are about to change what `slot` sorts by: it stays filed under its value now
        until `place` or `release`."""
        if self.shown(slot) and slot not in self._filed:
            self._filed[slot] = self._value(slot)

    def release(self, slot: int) -> None:
        """`slot` stays where it is: its value is again what the columns say (unless volatile)."""
        if not self._volatile(slot):
            self._filed.pop(slot, None)

    def place(self, slot: int, value: SortValue | None) -> None:
        """Show `slot` at sort value `value` (what the columns now say, or the clock for a volatile
        slot), or hide it (None)."""
        if self.shown(slot):
            del self._sorted[self._position(slot)]
            self._shown[slot] = 0
        self._filed.pop(slot, None)
        if value is None:
            return
        if self._volatile(slot):
            self._filed[slot] = value
        if slot >= len(self._shown):
            self._shown.extend(bytes(slot + 1 - len(self._shown)))
        self._shown[slot] = 1
        self._sorted.insert(self._position(slot), slot)

    def rebuild(
        self,
        shown: Iterable[int],
        value: SlotValue,
        *,
        reverse: bool,
        size: int,
        volatile: Callable[[int], bool] = never,
    ) -> None:
        """Show the slots `shown` (in the order first added), sorted by `value`; `size`: the slots
        given. `volatile`: the slots whose value moves without a change (filed as they are now)."""
        self.reverse = reverse
        self._value = value
        self._volatile = volatile
        ordered = list(shown)
        if reverse:
            # Shown reversed, ties must still run in the order added: a stable sort of the slots
            # from the last added keeps them so.
            ordered.reverse()
        with collector_paused():  # the values are made and dropped at once: no cycle among them
            ordered.sort(key=value)
        self._sorted = array("i", ordered)
        self._shown = bytearray(size)
        for slot in ordered:
            self._shown[slot] = 1
        self._filed = {slot: value(slot) for slot in ordered if volatile(slot)}
