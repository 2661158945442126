"""What the viewer draws, row by row: only the visible rows are built, each row is exactly the
pane's width, and PHI highlights land on exactly the entity's cells."""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from deidtui.tui.blobview import BlobViewerScreen, DocumentCompareScreen, MemorySource
from deidtui.tui.blobview.chunks import CHUNK_SIZE
from deidtui.tui.blobview.lines import BlobLines
from deidtui.tui.blobview.rendered import padded_row
from deidtui.tui.blobview.tagview import category_style

from .helpers import CountingSource, ScreenApp, tag_entity, until

MB = 1024 * 1024


def drawn(lines: BlobLines) -> list[Strip]:
    return [lines.render_line(y) for y in range(lines.size.height)]


def cells(strip: Strip) -> list[tuple[str, Style | None]]:
    """Each cell of a row with its style (the second cell of a wide character is "")."""
    out: list[tuple[str, Style | None]] = []
    for segment in strip:
        for char in segment.text:
            out.append((char, segment.style))
            out.extend(("", segment.style) for _ in range(cell_len(char) - 1))
    return out


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_only_the_rows_on_screen_are_rendered_whatever_the_blob(size):
    data = b"".join(b"2024-03-04 note %06d Patient seen, plan unchanged.\n" % i for i in range(200_000))
    source = CountingSource("notes.log", data)
    app = ScreenApp(BlobViewerScreen(source, title="notes.log"))
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.screen.viewer.lines.rows and not app.screen.viewer.lines.waiting)
        lines = app.screen.viewer.lines
        await pilot.pause()
        height = lines.size.height
        assert len(lines.rows) == height
        # The first frame has no footer yet (it mounts once the rows are drawn): one row more.
        assert lines.renders <= app.size.height - 2, "no line was rendered that the screen does not show"
        rows = drawn(lines)
        width = lines.scrollable_content_region.width  # (less the scrollbar)
        assert all(row.cell_length == width for row in rows), "every row fills the pane exactly"
        assert rows[0].text.split() == ["1", "2024-03-04", "note", "000000", "Patient", "seen,", "plan", "unchanged."]
        assert rows[-1].text.split()[3] == f"{height - 1:06d}"


@pytest.mark.parametrize("data", [b"{" + b'"k":1,' * (MB // 6) + b"}", b"q" * MB], ids=["json-like", "plain"])
async def test_a_1_mb_single_line_draws_rows_of_the_panes_width_marked_where_it_goes_on_and_is_read_once(data):
    source = CountingSource("minified.txt", data)
    app = ScreenApp(BlobViewerScreen(source, title="minified.txt"))
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: app.screen.viewer.lines.rows and not app.screen.viewer.lines.waiting)
        lines = app.screen.viewer.lines
        first = lines.render_line(0)
        assert first.cell_length == lines.scrollable_content_region.width
        assert first.text.split()[0] == "1" and data[:100].decode() in first.text
        assert first.text.endswith("›"), "a line cut at the pane's edge says so"
        assert lines.rows[1].continued, "the rest of the line is on the next rows"
        await pilot.pause(0.2)  # the line index of a small blob is built once the screen is shown
        # It looks like JSON (the viewer tries to pretty-print it), is indexed and shown: each of
        # those used to read the blob again; every byte is read once.
        assert sorted(source.ranges) == [(0, CHUNK_SIZE), (CHUNK_SIZE, source.size - CHUNK_SIZE)]


async def test_phi_highlights_cover_exactly_the_entities_cells_in_the_drawn_rows():
    document = "Patient: Julie Tremblay, 47 ans.\n\tMédecin: Dr. Martin 🏥 tél. 514-555-0199.\nRien.\n"
    spans = [("Patient", "Julie Tremblay"), ("Doctor", "Martin"), ("Phone", "514-555-0199")]
    entities = [tag_entity(document, category, text) for category, text in spans]
    screen = DocumentCompareScreen(
        MemorySource("note.txt", document.encode()),
        MemorySource("note.txt.json", json.dumps({"entities": entities}).encode()),
        operation="Tag",
        title="Tag job",
    )
    app = ScreenApp(screen)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: app.screen.query(BlobLines) and app.screen.query_one(BlobLines).rows)
        lines = app.screen.query_one(BlobLines)
        await pilot.pause()
        rows = [cells(row) for row in drawn(lines)[:3]]
        gutter = lines.render_line(0).text.index("P")  # the text starts after the line numbers
        for category, text in spans:
            color = category_style(category).color
            line = next(i for i, shown in enumerate(document.splitlines()) if text in shown)
            marked = [i for i, (_, style) in enumerate(rows[line]) if style is not None and style.color == color]
            # The tab before "Médecin" is shown as spaces to the next stop of 4; the emoji is 2 cells.
            shown = document.splitlines()[line].expandtabs(4).replace("🏥", "🏥 ")
            column = gutter + shown.index(text)
            assert marked == list(range(column, column + len(text))), category
            assert "".join(rows[line][i][0] for i in marked) == text
        assert not [c for c in rows[2] if c[1] is not None and c[1].underline], "a line without PHI has no highlight"


@pytest.mark.parametrize("width", [5, 12, 40])
def test_a_padded_row_is_the_same_as_joining_the_gutter_to_the_body_extended_to_the_width(width):
    base, gutter_style, phi = Style(color="white"), Style(dim=True), Style(color="red", underline=True)
    left = Strip([Segment("12 ", gutter_style)], 3)
    for body in (
        Strip([]),
        Strip([Segment("ab", base), Segment("Julie", phi)]),
        Strip([Segment("x" * (width - 3), base)]),
    ):
        if body.cell_length > width - 3:
            continue  # (a row wider than its pane is cropped and marked instead: edge_marked)
        expected = Strip.join([left, body.crop_extend(0, width - 3, base)])
        row = padded_row(left, body, width, base)
        assert cells(row) == cells(expected)
        assert row.cell_length == width
