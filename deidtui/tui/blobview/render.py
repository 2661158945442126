"""Turning sanitized text plus highlight spans into Strips (the Line API's unit of output).

No markup anywhere: segments are built from plain strings and rich `Style` objects, so a blob
containing `[bold red]` or `[@click=app.quit]` is shown as those very characters.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from deidtui.domain.sanitize import sanitize_line

from .decode import decode_line, display_text, hex_row, hex_span

if TYPE_CHECKING:
    from .search import Match, Query


@dataclass(frozen=True, slots=True)
class Highlight:
    """Characters [start, end) of a line's text shown in `style`. With markers on, `label` is shown
    before the span (`[PAT]`) and `closing` after it (`[/PAT]`): where an entity starts and ends,
    readable without colour. A span that carries on to the next line has no closing marker here."""

    start: int
    end: int
    style: Style
    label: str | None = None
    closing: str | None = None


class LineDecorator(Protocol):
    """Adds highlights to lines (the Tag view's entities); `text` is the decoded, unsanitized line."""

    def highlights(self, line_start: int, text: str) -> Sequence[Highlight]: ...


def styled_segments(
    text: str,
    highlights: Sequence[Highlight],
    base: Style,
    *,
    markers: bool = False,
    marker_style: Style | None = None,
) -> list[Segment]:
    """Segments of `text` (raw decoded line) with highlights layered in order (later ones win).

    The text is sanitized and tab-expanded here; highlight offsets refer to the raw text and are
    mapped through the expansion.
    """
    shown, positions = display_text(text)
    if not highlights:
        return [Segment(shown, base)] if shown else []

    def at(index: int) -> int:
        index = min(max(index, 0), len(text))
        return positions[index] if positions is not None else index

    spans = [(at(h.start), at(h.end), h) for h in highlights if h.end > h.start]
    cuts = sorted({0, len(shown), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    segments: list[Segment] = []
    for left, right in itertools.pairwise(cuts):
        if markers:
            for start, _, h in spans:
                if start == left and h.label:
                    segments.append(Segment(sanitize_line(f"[{h.label}]"), (marker_style or base) + h.style))
        style = base
        for start, end, h in spans:
            if start <= left and right <= end:
                style = style + h.style
        segments.append(Segment(shown[left:right], style))
        if markers:
            for start, end, h in spans:
                if end == right and h.closing and end > start:
                    segments.append(Segment(sanitize_line(f"[/{h.closing}]"), (marker_style or base) + h.style))
    return segments


def line_strip(segments: list[Segment], marker: str | None, marker_style: Style) -> Strip:
    """A Strip of a line, with the clip marker (e.g. "… (line continues, 12 more bytes)") appended."""
    if marker:
        segments = [*segments, Segment(" " + sanitize_line(marker), marker_style)]
    return Strip(segments)


PIECE = 256
"""Cells per segment of a long row: cropping a row to the screen then walks pieces, not a
256 KiB string (and each piece's width is cached by rich)."""


def _rows_of_cells(segments: Iterable[Segment], width: int) -> list[list[Segment]]:
    """The segments cut into rows of at most `width` cells, in one pass: a line's cost is its
    length, whatever the width (Strip.divide's is its length times its number of rows)."""
    rows: list[list[Segment]] = [[]]
    room = width
    for text, style, _ in segments:
        pos, end = 0, len(text)
        single = text.isascii()  # sanitized ASCII is printable: one cell a character
        while pos < end:
            if room == 0:
                rows.append([])
                room = width
            if single:
                take = min(room, end - pos)
                used = take
            else:
                take = used = 0
                while pos + take < end:
                    cells = get_character_cell_size(text[pos + take])
                    if used + cells > room:
                        break
                    used += cells
                    take += 1
                if take == 0:
                    if room < width:  # a wide character that does not fit here starts the next row
                        room = 0
                        continue
                    take, used = 1, get_character_cell_size(text[pos])  # wider than a row: alone
            rows[-1].append(Segment(text[pos : pos + take], style))
            pos += take
            room -= used
    return rows


def fold(strip: Strip, width: int) -> list[Strip]:
    """Rows of at most `width` cells (wrapping by character, so rows are exact and cheap to count)."""
    if width <= 0 or strip.cell_length <= width:
        return [strip]
    return [Strip(row) for row in _rows_of_cells(strip, width)]


def in_pieces(strip: Strip) -> Strip:
    """The same row with its segments cut to at most PIECE cells, so cropping it is cheap."""
    if strip.cell_length <= 4 * PIECE:
        return strip
    return Strip([segment for row in _rows_of_cells(strip, PIECE) for segment in row], strip.cell_length)


def edge_marked(body: Strip, x: int, width: int, base: Style, marker_style: Style) -> Strip:
    """`width` cells of `body` from column `x`, with `‹` in the first cell when the row has text to
    the left of the view and `›` in the last when it goes on past the right edge: a line is never
    cut at the pane's edge without saying so."""
    view = body.crop_extend(x, x + width, base)
    if width < 3:
        return view
    if x > 0 and body.cell_length > 0:
        view = Strip.join([Strip([Segment("‹", marker_style)], 1), view.crop(1, width)])
    if body.cell_length > x + width:
        view = Strip.join([view.crop(0, width - 1), Strip([Segment("›", marker_style)], 1)])
    return view


def gutter(number: int | None, width: int, style: Style, *, continuation: bool = False) -> Strip:
    """The line-number column: the number, blank when unknown, a mark on wrapped continuation rows."""
    if number is None:
        label = "↳" if continuation else ""
    else:
        label = f"{number + 1:,}"
    label = label.rjust(width - 1)[: width - 1] + " "
    return Strip([Segment(label, style)], cell_len(label))


def clip_marker(hidden_bytes: int, *, next_row: bool = False) -> str:
    """What a clipped line says about the part not shown (and that it goes on in the next row)."""
    if not hidden_bytes:
        return "… (line continues on the next row)"
    more = " and on the next row" if next_row else ""
    return f"… (line continues, {hidden_bytes:,} more bytes{more})"


@dataclass(frozen=True, slots=True)
class LineStyles:
    """The component styles a text line is drawn with."""

    base: Style
    match: Style
    current: Style
    clip: Style
    marker: Style
    gutter: Style


def text_line_strips(
    start: int,
    raw: bytes,
    content: int,
    *,
    next_row: bool,
    styles: LineStyles,
    highlights: list[Highlight],
    markers: bool,
    wrap_width: int,
) -> list[Strip]:
    """The rows of one display line: `raw` holds up to MAX_LINE_BYTES of its `content` bytes (no
    newline); `next_row` when the line carries on in the next display line (a very long line)."""
    text, clipped = decode_line(raw, complete=len(raw) == content)
    segments = styled_segments(text, highlights, styles.base, markers=markers, marker_style=styles.marker)
    marker = None
    shown = len(text.encode("utf-8", errors="surrogateescape")) if clipped or next_row else content
    if shown < content or next_row:
        marker = clip_marker(content - shown, next_row=next_row)
    strip = line_strip(segments, marker, styles.clip)
    return fold(strip, wrap_width) if wrap_width else [in_pieces(strip)]


def message_strip(text: str, style: Style) -> Strip:
    """A one-row notice (loading, read error), sanitized like everything else shown."""
    return Strip([Segment(sanitize_line(text), style)])


def search_highlights(
    query: Query | None,
    current: Match | None,
    start: int,
    raw: bytes,
    text: str,
    match_style: Style,
    current_style: Style,
) -> list[Highlight]:
    """Every match of `query` in a line's text, and the current match (a byte range) on top."""
    out: list[Highlight] = []
    if query is not None:
        out = [Highlight(m.start(), m.end(), match_style) for m in query.as_text.finditer(text)]
    if current is not None and current.end > start and current.start < start + len(raw):
        # Text decoded with surrogateescape maps back to bytes exactly, so byte offsets convert.
        a = len(raw[: max(current.start - start, 0)].decode("utf-8", errors="surrogateescape"))
        b = len(raw[: current.end - start].decode("utf-8", errors="surrogateescape"))
        out.append(Highlight(a, max(b, a + 1), current_style))
    return out


def hex_strip(
    offset: int, data: bytes, digits: int, base: Style, current: tuple[int, int] | None, current_style: Style
) -> Strip:
    """One hex row; the bytes of the current match are highlighted in both the hex and ascii parts."""
    text = hex_row(offset, data, digits)
    if current is None or current[1] <= offset or current[0] >= offset + len(data):
        return Strip([Segment(text, base)])
    marks = [False] * len(text)
    for i in range(max(current[0] - offset, 0), min(current[1] - offset, len(data))):
        hex_start, hex_end, ascii_col = hex_span(i)
        for column in (*range(digits + 2 + hex_start, digits + 2 + hex_end), digits + 2 + ascii_col):
            marks[column] = True
    segments, run = [], 0
    for column in range(1, len(text) + 1):
        if column == len(text) or marks[column] != marks[run]:
            segments.append(Segment(text[run:column], base + current_style if marks[run] else base))
            run = column
    return Strip(segments)
