"""How the job queue draws its lines: the rows (formatted cells, `job_rows.py`) made for the lines
on screen only, the columns that fit the width, a header that marks the sort, a progress bar with
its figures, and the repaint of just the cells a poll tick or the clock changed. A mixin of
`JobTable`, which holds the jobs, their order and the marks it draws from; `LineTable` draws the
lines it is given.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip

from ..formatting import progress_bar
from .job_columns import JobColumns
from .job_order import JobOrder
from .job_rows import Column, Row, fit_columns, make_row

if TYPE_CHECKING:
    from .line_table import LineTable

    _Drawn = LineTable
else:
    # A plain class at run time: Textual takes a widget's default CSS along its first widget base
    # only, and JobTable's stays LineTable's.
    _Drawn = object

MIN_BAR = 3  # a bar narrower than this says nothing the figures do not


def progress_figures(done: int, total: int, width: int) -> str:
    """` done/total` (or ` —`), or the percentage when the figures would not fit `width`."""
    if not total:
        return " —"
    figures = f" {done}/{total}"
    return figures if len(figures) - 1 <= width else f" {done * 100 // total}%"


class JobLines(_Drawn):
    columns: tuple[Column, ...]
    sort_key: str
    sort_reverse: bool
    marked: set[str]
    _rows: dict[str, Row]
    _jobs: JobColumns
    _order: JobOrder
    _column_layouts: dict[int, tuple[int, list[tuple[Column, int]]]]
    _name_width: int

    def _row_at(self, index: int) -> tuple[str, Row]:
        slot = self._order.slot_at(index)
        name = self._jobs.keys[slot]
        row = self._rows.get(name)
        if row is None:
            row = self._rows[name] = make_row(self._jobs.brief(slot), datetime.now(UTC))
        return name, row

    def tick(self, now: datetime | None = None) -> None:
        """Recompute time-dependent cells (durations, ETAs) of visible active jobs."""
        now = now or datetime.now(UTC)
        top = self.scroll_offset.y
        columns = self._jobs
        for index in range(top, min(top + self.size.height, len(self._order))):
            slot = self._order.slot_at(index)
            row = self._rows.get(columns.keys[slot])
            if row is not None and row.status.is_active:
                new = make_row(columns.brief(slot), now)
                if new != row:
                    self._rows[columns.keys[slot]] = new
                    self._refresh_cells(index, row, new)

    def _refresh_cells(self, index: int, old: Row, new: Row) -> None:
        """Repaint only the cells of row `index` that differ from `old` to `new`, if it is on screen:
        a tick changes a time, a status or the progress, and a remote terminal is sent those cells,
        not the whole line again."""
        top = self.scroll_offset.y
        if not top <= index < top + self.visible_rows:
            return
        x = -self.scroll_offset.x
        for column, width in self._layout(self.row_width):
            key = column.key
            if key == "progress":
                changed = (old.done, old.total) != (new.done, new.total)
            elif key == "status":  # its colour comes with the status
                changed = (old.status, old.cells["status"]) != (new.status, new.cells["status"])
            else:
                changed = old.cells.get(key) != new.cells.get(key)
            if changed:
                self.refresh(Region(x, index + 1 - top, width, 1))
            x += width + 1  # a space between columns

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
        return self.cached_style(f"fg:{name}", lambda: self._without_background(self.style_of(name)))

    @staticmethod
    def _without_background(style: Style) -> Style:
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
        name, row = self._row_at(index)
        return (name, row.status, tuple(row.cells.values()), row.done, row.total, name in self.marked)

    def _title(self, column: Column) -> str:
        if column.key == self.sort_key or (column.key == "route" and self.sort_key == "source"):
            return f"{column.title}{'▼' if self.sort_reverse else '▲'}"
        return column.title

    def render_row(self, index: int, width: int, is_cursor: bool) -> Strip:
        name, row = self._row_at(index)
        marked = name in self.marked
        base = self.style_of("linetable--cursor") if is_cursor else self.base_style
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
