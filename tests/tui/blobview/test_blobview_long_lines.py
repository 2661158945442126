"""Long lines are never clipped silently: a marker shows that a line goes on past the pane's edge,
the status says which columns are shown, and sideways scrolling or wrap reaches every character."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from deidtui.tui.blobview import BlobViewerScreen, DocumentCompareScreen, MemorySource
from deidtui.tui.blobview.chunks import CHUNK_SIZE
from deidtui.tui.blobview.compare import SideBySide
from deidtui.tui.blobview.decode import MAX_LINE_BYTES
from deidtui.tui.blobview.render import fold

from .helpers import ScreenApp, screen_lines, screen_text, until

SIZES = [(80, 24), (160, 48)]
TOKENS_PER_CHUNK = CHUNK_SIZE // 8
# 2 MiB on one line, in numbered 8-byte tokens, so a position on screen says where in the line it is.
ONE_LINE = b"".join(b"%07d," % i for i in range(8 * TOKENS_PER_CHUNK))


def status(app) -> str:
    return app.screen.query_one("#blobview-status").render().plain


def opened(app) -> bool:
    screen = app.screen
    if not isinstance(screen, BlobViewerScreen):
        return False
    lines = screen.viewer.lines
    return bool(lines.rows) and not lines.waiting and lines.virtual_size.width > 0 and "col " in status(app)


@pytest.mark.parametrize("size", SIZES)
async def test_a_2_mb_line_shows_where_it_continues_and_every_column_can_be_reached(size):
    app = ScreenApp(BlobViewerScreen(MemorySource("minified.json.txt", ONE_LINE), title="one line"))
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: opened(app))
        lines = app.screen.viewer.lines
        first = lines.render_line(0).text
        assert first.split()[0] == "1" and first.rstrip().endswith("›"), first
        # The row is the segment's 262,144 characters and the note that the line goes on below.
        widest = CHUNK_SIZE + len(" … (line continues on the next row)")
        assert f"col 1–{lines.body_width} of {widest:,}" in screen_text(app)  # on screen, even at 80
        assert "line 1 of 1" in status(app)

        await pilot.press("dollar_sign")  # the end of the longest line on screen
        await until(pilot, lambda: f"{TOKENS_PER_CHUNK - 1:07d}," in lines.render_line(0).text)
        row = lines.render_line(0).text
        assert "‹" in row and not row.rstrip().endswith("›"), row
        assert f"–{widest:,} of {widest:,}" in status(app)

        await pilot.press("0")
        await until(pilot, lambda: "0000000,0000001," in lines.render_line(0).text)
        await pilot.press("right")
        await until(pilot, lambda: lines.scroll_x > 0 and "‹" in lines.render_line(0).text)
        assert "col 1–" not in status(app)

        # Wrapped, the line's every character is on some row; the end of the blob shows its last token.
        await pilot.press("0", "w")
        await until(pilot, lambda: "wrap" in status(app) and "0000000,0000001," in screen_text(app))
        assert "›" not in screen_text(app)
        await pilot.press("end")
        await until(pilot, lambda: f"{8 * TOKENS_PER_CHUNK - 1:07d}" in screen_text(app))


@pytest.mark.parametrize("size", SIZES)
async def test_the_compare_view_marks_lines_that_go_on_past_the_pane_edge(size):
    before = "Patient John Smith " + "was seen for a follow-up visit " * 20 + "END-BEFORE\nshort\n"
    after = "Patient [PATIENT] " + "was seen for a follow-up visit " * 20 + "END-AFTER\nshort\n"
    app = ScreenApp(
        DocumentCompareScreen(
            MemorySource("n.txt", before.encode()),
            MemorySource("n.txt", after.encode()),
            operation="Redact",
            title="compare",
        )
    )
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.screen.query(SideBySide) and "Patient [PATIENT]" in screen_text(app))
        view = app.screen.query_one(SideBySide)
        row = view.render_line(0).text
        left, right = row.split("│")
        assert left.rstrip().endswith("›") and right.rstrip().endswith("›"), row
        assert "›" not in view.render_line(1).text, "a short line has no marker"
        await pilot.press("end", "right")  # `end` goes to the last lines; right scrolls sideways
        await until(pilot, lambda: view.scroll_x > 0)
        await until(pilot, lambda: "‹" in view.render_line(0).text)
        for _ in range(400):  # sideways, a few columns a key, to the end of the line
            if "END-BEFORE" in screen_text(app):
                break
            await pilot.press("right")
        assert "END-BEFORE" in screen_text(app) and "END-AFTER" in screen_text(app)
        assert "col " in screen_lines(app)[-2]


def test_a_display_line_is_never_longer_than_what_the_viewer_draws_whole():
    assert MAX_LINE_BYTES >= 2 * CHUNK_SIZE  # a display line spans at most two chunks


@pytest.mark.parametrize("width", [1, 2, 7, 80])
def test_folding_keeps_every_character_in_rows_no_wider_than_the_view(width):
    text = ("abc漢字defé" * 50) + "end"
    rows = fold(Strip([Segment(text[:100]), Segment(text[100:], Style(bold=True))]), width)
    assert "".join(row.text for row in rows) == text
    assert all(row.cell_length <= max(width, 2) for row in rows)  # a wide character alone may be 2
    assert all(row.cell_length >= width - 1 for row in rows[:-1])  # rows are full but for a wide char
    long = fold(Strip([Segment("x" * CHUNK_SIZE)]), 75)  # one pass: a 256 KiB line is cheap to fold
    assert len(long) == -(-CHUNK_SIZE // 75) and long[-1].cell_length == CHUNK_SIZE % 75
