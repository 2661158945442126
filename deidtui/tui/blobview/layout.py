"""Which bytes are on screen: the position model behind the viewer's scrolling.

A text view's truth is its *top*: the byte offset of the first visible line (and, when
wrapping, the row within that line). Rows on screen are the lines that follow it, so a
screen is always consecutive lines even where line numbers are unknown.

The scrollbar needs a row number. Over the scanned prefix it is the exact line number;
beyond it, it is an estimate from the average line length, and the total is "this row plus
the estimated rows after it", so the scrollbar is consistent wherever the reader is and is
refined as more of the blob is indexed. Small scroll gestures move the top line by line
(exact, never skipping); large ones (a scrollbar drag, `end`) jump by estimate.

Operations are requested as intents (`scroll_by`, `jump_row`, `jump_end`, `jump_byte`) and
applied by `settle`, which raises NeedChunks until the bytes it needs are cached; the intent
survives, so calling `settle` again after the fetch finishes the job.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from .chunks import ChunkStore, NeedChunks
from .decode import HEX_WIDTH


@dataclass(frozen=True, slots=True)
class Position:
    """Where the view is, for the status line."""

    top: int
    row: int
    total_rows: int
    line_no: int | None
    exact: bool
    at_end: bool


@dataclass(frozen=True, slots=True)
class Row:
    """One screen row: the line (or hex row) starting at byte `start`, wrapped row `sub` of it."""

    start: int
    sub: int = 0
    line_no: int | None = None
    continued: bool = False
    """True on rows that carry on a line begun above (wrapped rows, segments of a very long line)."""


class Layout:
    """Common interface of the text and hex position models."""

    row: int = 0
    at_end: bool = False

    @property
    def top(self) -> int:
        raise NotImplementedError

    def scroll_by(self, delta: int) -> None:
        raise NotImplementedError

    def jump_row(self, row: int) -> None:
        raise NotImplementedError

    def jump_end(self) -> None:
        raise NotImplementedError

    def jump_byte(self, offset: int) -> None:
        raise NotImplementedError

    def settle(self, height: int) -> list[Row]:
        """Apply pending intents and return the rows of the screen (may raise NeedChunks)."""
        raise NotImplementedError

    def partial_rows(self, height: int) -> list[Row]:
        """The rows that can be known right now from the current top (used while fetching)."""
        raise NotImplementedError

    def total_rows(self, height: int, rows: list[Row]) -> int:
        """The scrollable height: exact where known, otherwise this row plus the estimated remainder."""
        raise NotImplementedError


class TextLayout(Layout):
    """Lines of text. `rows_of(start)` gives the wrapped row count of a line, or is None (no wrapping)."""

    def __init__(self, store: ChunkStore, rows_of: Callable[[int], int] | None = None) -> None:
        self.store = store
        self.rows_of = rows_of
        self._top = 0
        self.sub = 0
        self.row = 0
        self.at_end = False
        self._delta = 0
        self._jump: tuple | None = None
        self._wrapped_rows = 0
        self._wrapped_lines = 0

    @property
    def top(self) -> int:
        return self._top

    # -- intents -------------------------------------------------------------------------

    def scroll_by(self, delta: int) -> None:
        self._delta += delta

    def jump_row(self, row: int) -> None:
        self._jump, self._delta = ("row", row), 0

    def jump_end(self) -> None:
        self._jump, self._delta = ("end",), 0

    def jump_byte(self, offset: int) -> None:
        self._jump, self._delta = ("byte", offset), 0

    # -- applying them ---------------------------------------------------------------------

    def settle(self, height: int) -> list[Row]:
        height = max(height, 1)
        if self._jump is not None:
            self._apply_jump(self._jump, height)
            self._jump = None
        while self._delta > 0:
            if not self._step_down():
                self._delta = 0
                break
            self._delta -= 1
            self.row += 1
        while self._delta < 0:
            if not self._step_up():
                self._delta = 0
                break
            self._delta += 1
            self.row -= 1
        rows = self._collect(height)
        if len(rows) < height and (self._top or self.sub):
            # Past the end: pull the view back so the last screen is full.
            for _ in range(height - len(rows)):
                if not self._step_up():
                    break
                self.row -= 1
            rows = self._collect(height)
        self._correct_row()
        return rows

    def partial_rows(self, height: int) -> list[Row]:
        rows: list[Row] = []
        # Reads happen elsewhere; here a missing (or failed, hence missing) chunk is NeedChunks.
        with contextlib.suppress(NeedChunks):
            self._collect(height, into=rows)
        return rows

    def _line_rows(self, start: int) -> int:
        if self.rows_of is None:
            return 1
        count = self.rows_of(start)
        self._wrapped_rows += count
        self._wrapped_lines += 1
        return count

    def _collect(self, height: int, into: list[Row] | None = None) -> list[Row]:
        rows = [] if into is None else into
        size = self.store.size
        start, sub = self._top, self.sub
        store = self.store
        line_no = store.line_no(start)
        segment = bool(store.is_continuation(start))
        self.at_end = False
        while start < size:
            count = self._line_rows(start)
            while sub < count:
                if len(rows) == height:
                    return rows
                rows.append(Row(start, sub, line_no, segment or sub > 0))
                sub += 1
            start, sub = store.next_start(start), 0
            continued = store.is_continuation(start)
            segment = bool(continued)
            if line_no is not None:
                line_no = None if continued is None else line_no + (0 if continued else 1)
        self.at_end = True
        return rows

    def _step_down(self) -> bool:
        if self.sub + 1 < self._line_rows(self._top):
            self.sub += 1
            return True
        following = self.store.next_start(self._top)
        if following >= self.store.size:
            return False
        self._top, self.sub = following, 0
        return True

    def _step_up(self) -> bool:
        if self.sub > 0:
            self.sub -= 1
            return True
        if self._top <= 0:
            return False
        previous = self.store.start_of(self._top - 1)
        self.sub = self._line_rows(previous) - 1  # may raise NeedChunks: nothing has moved yet
        self._top = previous
        return True

    def _rows_per_line(self) -> float:
        if self.rows_of is None or not self._wrapped_lines:
            return 1.0
        return self._wrapped_rows / self._wrapped_lines

    def _prefix_end(self) -> int:
        return min(self.store.index.prefix_chunks * self.store.chunk_size, self.store.size)

    def _estimate_row(self, offset: int) -> int:
        """Row of the line at `offset`: exact over the prefix without wrapping, estimated otherwise."""
        store = self.store
        if self.rows_of is None:
            exact = store.row_of(offset)
            if exact is not None:
                return exact
            avg = store.index.avg_line_bytes(store.size)
            prefix_end = self._prefix_end()
            return store.index.starts[-1] + round(max(offset - prefix_end, 0) / avg)
        avg = store.index.avg_line_bytes(store.size)
        return round(offset / avg * self._rows_per_line())

    def _apply_jump(self, jump: tuple, height: int) -> None:
        store = self.store
        kind = jump[0]
        if store.size == 0:
            self._top, self.sub, self.row = 0, 0, 0
            return
        if kind == "row":
            target = jump[1]
            if target <= 0:
                self._top, self.sub, self.row = 0, 0, 0
                return
            if self.rows_of is None:
                start = store.start_of_row(target)
                if start is not None and start >= store.size:
                    return self._apply_jump(("end",), height)
                if start is not None:
                    self._top, self.sub, self.row = start, 0, target
                    return
                avg = store.index.avg_line_bytes(store.size)
                offset = self._prefix_end() + (target - store.index.starts[-1]) * avg
            else:
                offset = target / self._rows_per_line() * store.index.avg_line_bytes(store.size)
            offset = min(max(int(offset), 0), store.size - 1)
            self._top, self.sub, self.row = store.start_of(offset), 0, target
        elif kind == "byte":
            offset = min(max(jump[1], 0), store.size - 1)
            self._top, self.sub = store.start_of(offset), 0
            self.row = self._estimate_row(self._top)
        else:  # end
            last = store.count - 1
            wanted = [last, last - 1] if last and store.chunk_len(last) < store.chunk_size // 2 else [last]
            missing = [i for i in wanted if store.peek(i) is None]
            if missing:
                raise NeedChunks(missing)  # a short last chunk rarely fills a screen: fetch both at once
            last_start = store.start_of(store.size - 1)
            self._top, self.sub = last_start, self._line_rows(last_start) - 1
            moved = 0
            while moved < height - 1 and self._step_up():
                moved += 1
            total = self._estimated_total_rows()
            self.row = max(total - height, self._estimate_row(self._top), 0)

    def _correct_row(self) -> None:
        """Snap the row to the truth where the truth is known."""
        if self._top == 0:
            self.row = self.sub
            return
        if self.rows_of is None:
            exact = self.store.row_of(self._top)
            if exact is not None:
                self.row = exact
            elif self._top >= self._prefix_end():
                self.row = max(self.row, self.store.index.starts[-1])
        self.row = max(self.row, 1)

    def _estimated_total_rows(self) -> int:
        return max(round(self.store.estimated_rows() * self._rows_per_line()), 1)

    def total_rows(self, height: int, rows: list[Row]) -> int:
        if self.at_end:
            return self.row + len(rows)
        store = self.store
        exact = store.total_rows() if self.rows_of is None else None
        if exact is not None:
            return max(exact, self.row + len(rows))
        row_no = store.row_of(self._top)
        if row_no is not None:
            remaining_lines: float = store.estimated_rows() - row_no
        else:
            remaining_lines = (store.size - self._top) / store.index.avg_line_bytes(store.size)
        remaining = round(remaining_lines * self._rows_per_line()) - self.sub
        # Not at the end, so at least one more row exists below this screen.
        return self.row + max(remaining, len(rows) + 1)


class HexLayout(Layout):
    """Fixed rows of HEX_WIDTH bytes: every row's offset is known, nothing is estimated."""

    def __init__(self, store: ChunkStore) -> None:
        self.store = store
        self.row = 0
        self.at_end = False
        self._total = max(1, -(-store.size // HEX_WIDTH))

    @property
    def top(self) -> int:
        return self.row * HEX_WIDTH

    def scroll_by(self, delta: int) -> None:
        self.row += delta

    def jump_row(self, row: int) -> None:
        self.row = row

    def jump_end(self) -> None:
        self.row = self._total

    def jump_byte(self, offset: int) -> None:
        self.row = offset // HEX_WIDTH

    def settle(self, height: int) -> list[Row]:
        self.row = min(max(self.row, 0), max(self._total - max(height, 1), 0))
        return self.partial_rows(height)

    def partial_rows(self, height: int) -> list[Row]:
        count = min(max(height, 1), self._total - self.row)
        self.at_end = self.row + count >= self._total
        return [Row(self.top + i * HEX_WIDTH, 0, self.row + i) for i in range(count)]

    def total_rows(self, height: int, rows: list[Row]) -> int:
        return self._total
