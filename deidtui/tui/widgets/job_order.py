"""The job queue's order: the names shown, kept sorted as jobs change, one job at a time.

A poll tick that moves a few jobs (a status sort while jobs finish, a `status:` filter that they
leave) moves just those: each is taken out at its old sort value and put in at its new one, in a
sorted list (O(log n) each), instead of re-filtering and re-sorting every job on the event loop.
Ties keep the order in which jobs were first added, whichever way the sort runs, as a stable sort
of the whole queue would.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator
from typing import Any, cast

from sortedcontainers import SortedList

from ...collector import collector_paused
from .job_rows import SortValue

# (sort value, tie-break, name), a tuple value spread out in front: (status, name, tie-break, name).
# The tie-break is unique, so names are never compared. Spread out, an entry compares item by item
# in one tuple comparison; a nested tuple took a second, generic comparison for every pair the sort
# looked at (half the cost of `s` by status or source at 50,000 jobs).
Entry = tuple[Any, ...]


def _entry(value: SortValue, tie: int, name: str) -> Entry:
    return (*value, tie, name) if isinstance(value, tuple) else (value, tie, name)


def _value(entry: Entry) -> SortValue:
    return entry[0] if len(entry) == 3 else entry[:-2]


class JobOrder:
    """The shown names in display order: `place()` moves one, `rebuild()` sorts them all."""

    def __init__(self) -> None:
        self._sorted: SortedList[Entry] = SortedList()
        # Every name placed, shown or not, in one dict (at 50,000 jobs a second dict and its ints
        # were 4 MB): a shown name's entry, or, for a hidden one, when it was first added.
        self._placed: dict[str, Entry | int] = {}
        self._counter = itertools.count()
        self.reverse = False

    def __len__(self) -> int:
        return len(self._sorted)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._shown(name) is not None

    def __iter__(self) -> Iterator[str]:
        entries = reversed(self._sorted) if self.reverse else iter(self._sorted)
        return (entry[-1] for entry in entries)

    def names(self) -> list[str]:
        """The names shown, top to bottom."""
        return list(self)

    def name_at(self, index: int) -> str:
        """The name shown at row `index` (0 <= index < len)."""
        return self._sorted[len(self._sorted) - 1 - index if self.reverse else index][-1]

    def _shown(self, name: str) -> Entry | None:
        placed = self._placed.get(name)
        return placed if isinstance(placed, tuple) else None

    def index_of(self, name: str) -> int | None:
        """The row `name` is shown at, or None when it is not shown."""
        entry = self._shown(name)
        if entry is None:
            return None
        index = self._sorted.index(entry)
        return len(self._sorted) - 1 - index if self.reverse else index

    def value_of(self, name: str) -> SortValue | None:
        """The sort value `name` is shown with, or None when it is not shown."""
        entry = self._shown(name)
        return None if entry is None else _value(entry)

    def place(self, name: str, value: SortValue | None) -> None:
        """Show `name` at sort value `value`, or hide it (None); a new name ranks after those added before it."""
        placed = self._placed.get(name)
        if placed is None:
            added = next(self._counter)
        elif isinstance(placed, tuple):
            self._sorted.remove(placed)
            added = abs(placed[-2])  # the tie-break is `added`, negated when reversed
        else:
            added = placed
        if value is None:
            self._placed[name] = added
        else:
            # Reversed for display, ties must still run in the order added: they sort by -added.
            entry = self._placed[name] = _entry(value, -added if self.reverse else added, name)
            self._sorted.add(entry)

    def forget(self, name: str) -> None:
        """`name` is gone from the queue: hidden, and added anew if it comes back."""
        placed = self._placed.pop(name, None)
        if isinstance(placed, tuple):
            self._sorted.remove(placed)

    def rebuild(self, names: list[str], values: list[SortValue | None], *, reverse: bool) -> None:
        """Every name of the queue in the order first added, each with its sort value (None: hidden)."""
        self.reverse = reverse
        count = len(names)
        # The tie-break is the order added, negated when reversed (see `place`).
        ties = range(0, -count, -1) if reverse else range(count)
        with collector_paused():
            if None not in values:  # every job shown: entries built at C speed (half the cost of `s`)
                if values and isinstance(values[0], tuple):  # a sort's values are all tuples or none
                    shown = list(map(operator.add, cast(list[Entry], values), zip(ties, names, strict=True)))
                else:
                    shown = list(zip(cast(list[SortValue], values), ties, names, strict=True))
                placed: dict[str, Entry | int] = dict(zip(names, shown, strict=True))
            else:
                placed = {}
                shown = []
                for tie, name, value in zip(range(count), names, values, strict=True):
                    if value is None:
                        placed[name] = tie
                    else:
                        entry = placed[name] = _entry(value, -tie if reverse else tie, name)
                        shown.append(entry)
            self._sorted = SortedList(shown)  # one C-level sort of the whole queue
        self._placed = placed
        self._counter = itertools.count(count)
