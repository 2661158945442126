"""Job document modes: the Tag view's entity highlighting and the side-by-side view's changed spans."""

from __future__ import annotations

import json

import pytest
from rich.segment import Segment

from deidtui.tui.blobview import DocumentCompareScreen, MemorySource
from deidtui.tui.blobview.compare import SideBySide
from deidtui.tui.blobview.diff import INTRALINE_LIMIT, changed_spans, split_lines
from deidtui.tui.blobview.entities import parse_tag_result
from deidtui.tui.blobview.lines import BlobLines
from deidtui.tui.blobview.tagview import category_style

from .helpers import ScreenApp, screen_text, tag_entity, until

DOCUMENT = (
    "Patient: Julie Tremblay, 47 ans, vue le 2024-03-04.\n"
    "Médecin: Dr. Martin à l'Hôpital Laval 🏥 tél. 514-555-0199.\n"
    "Aucun autre renseignement.\n"
)


def entity(category: str, text: str, occurrence: int = 0) -> dict:
    return tag_entity(DOCUMENT, category, text, occurrence)


TAGS = {
    "entities": [
        entity("Patient", "Julie Tremblay"),
        entity("Age", "47 ans"),
        entity("Date", "2024-03-04"),
        entity("Doctor", "Martin"),
        entity("Hospital", "Hôpital Laval"),
        entity("Phone", "514-555-0199"),
    ]
}


def tag_app(tags: dict = TAGS) -> ScreenApp:
    return ScreenApp(
        DocumentCompareScreen(
            MemorySource("note.txt", DOCUMENT.encode()),
            MemorySource("note.txt.json", json.dumps(tags).encode()),
            operation="Tag",
            title="Tag job",
        )
    )


def styled_runs(segments: list[Segment], style) -> list[str]:
    return [s.text for s in segments if s.style is not None and s.style.color == style.color and s.style.underline]


async def test_tag_view_highlights_each_entity_with_its_category_style_at_code_point_offsets():
    app = tag_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.screen.query(BlobLines) and app.screen.query_one(BlobLines).rows)
        lines = app.screen.query_one(BlobLines)
        first, second = list(lines._cells[0][1]), list(lines._cells[1][1])
        assert styled_runs(first, category_style("Patient")) == ["Julie Tremblay"]
        assert styled_runs(first, category_style("Age")) == ["47 ans"]
        assert styled_runs(first, category_style("Date")) == ["2024-03-04"]
        assert styled_runs(second, category_style("Doctor")) == ["Martin"]
        assert styled_runs(second, category_style("Hospital")) == ["Hôpital Laval"]
        # After the emoji, utf-16 offsets would be off by one: code points are used.
        assert styled_runs(second, category_style("Phone")) == ["514-555-0199"]
        assert all(s.style.bold and s.style.underline for s in first if "Julie" in s.text)
        assert not [s for s in list(lines._cells[2][1]) if s.style and s.style.underline]
        legend = app.screen.query_one("#tag-legend").render().plain
        assert "[PAT] Patient 1" in legend and "[DATE] Date 1" in legend and "[PHN] Phone 1" in legend
        assert "skipped" not in legend


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_m_marks_where_each_entity_starts_and_ends_so_entities_read_without_colour(size):
    app = tag_app()
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: "Julie" in screen_text(app) and isinstance(app.focused, BlobLines))
        assert "[PAT]" not in screen_text(app).split("\n", 3)[3]
        await pilot.press("m")
        await until(pilot, lambda: "[PAT]Julie Tremblay[/PAT], [AGE]47 ans[/AGE]" in screen_text(app))
        assert "[HOSP]Hôpital Laval[/HOSP]" in screen_text(app)
        assert "Dr. [DOC]Martin[/DOC] à l'" in screen_text(app)


async def test_an_entity_across_a_line_break_is_opened_on_one_line_and_closed_on_the_next():
    document = "Vu par Dr. Jean\nTremblay ce matin.\n"
    start = document.index("Jean")
    text = "Jean\nTremblay"
    span = {"utf8": len(text.encode()), "utf16": len(text), "codePoint": len(text)}
    offset = {"utf8": start, "utf16": start, "codePoint": start}
    tags = {
        "entities": [{"category": "Doctor", "text": text, "confidenceScore": 0.9, "offset": offset, "length": span}]
    }
    app = ScreenApp(
        DocumentCompareScreen(
            MemorySource("n.txt", document.encode()),
            MemorySource("n.txt.json", json.dumps(tags).encode()),
            operation="Tag",
            title="Tag job",
        )
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "Jean" in screen_text(app) and isinstance(app.focused, BlobLines))
        await pilot.press("m")
        await until(pilot, lambda: "Dr. [DOC]Jean" in screen_text(app))
        shown = screen_text(app)
        assert "[DOC]Jean[/DOC]" not in shown and "Tremblay[/DOC] ce matin." in shown
        assert "[DOC]Tremblay" not in shown


async def test_markers_are_on_by_default_with_no_color(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = tag_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "[PAT]Julie" in screen_text(app))


async def test_an_output_that_is_not_a_tag_result_is_shown_raw_with_an_explanation():
    app = ScreenApp(
        DocumentCompareScreen(
            MemorySource("n.txt", b"text\n"), MemorySource("o.json", b"[1, 2"), operation="Tag", title="bad"
        )
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "not a Tag result" in screen_text(app) and "[1, 2" in screen_text(app))


def test_overlapping_and_out_of_range_entities_are_skipped_and_counted():
    text_length = 20
    payload = json.dumps(
        {
            "entities": [
                {"category": "Patient", "offset": {"codePoint": 0}, "length": {"codePoint": 5}},
                {"category": "Date", "offset": {"codePoint": 3}, "length": {"codePoint": 5}},
                {"category": "Date", "offset": {"codePoint": 18}, "length": {"codePoint": 5}},
                {"category": "Zip", "offset": {"codePoint": 5}, "length": {"codePoint": 0}},
            ]
        }
    ).encode()
    result = parse_tag_result(payload, text_length)
    assert [(e.category, e.start, e.end) for e in result.entities] == [("Patient", 0, 5)]
    assert result.skipped == {"overlaps another entity": 1, "outside the document": 2}


def test_changed_spans_are_the_replaced_words_on_both_sides():
    before = "Patient: Julie Tremblay, vue le 2024-03-04 à Laval."
    after = "Patient: Marie Gagnon, vue le 2023-11-20 à Laval."
    old, new = changed_spans(before, after)
    assert [before[a:b] for a, b in old] == ["Julie Tremblay", "2024-03-04"]
    assert [after[a:b] for a, b in new] == ["Marie Gagnon", "2023-11-20"]
    assert changed_spans("same", "same") == ([], [])
    long_before, long_after = "a" * (INTRALINE_LIMIT + 1), "b" * (INTRALINE_LIMIT + 1)
    assert changed_spans(long_before, long_after) == ([(0, INTRALINE_LIMIT + 1)], [(0, INTRALINE_LIMIT + 1)])


def test_split_lines_handles_crlf_and_a_final_newline():
    assert split_lines(b"a\r\nb\n") == ["a", "b"]
    assert split_lines(b"a\n\nb") == ["a", "", "b"]


async def test_side_by_side_highlights_replacements_and_scrolls_both_sides_together():
    before = "".join(f"ligne {i} sans changement\n" for i in range(60)) + "Patient: Julie Tremblay.\n"
    after = "".join(f"ligne {i} sans changement\n" for i in range(60)) + "Patient: [PATIENT].\n"
    app = ScreenApp(
        DocumentCompareScreen(
            MemorySource("in.txt", before.encode()),
            MemorySource("out.txt", after.encode()),
            operation="Redact",
            title="Redact job",
        )
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "1 of 61 lines differ" in screen_text(app))
        view = app.screen.query_one(SideBySide)
        await until(pilot, lambda: app.focused is view)
        row = view.render_line(0).text
        assert row.count("ligne 0 sans changement") == 2, "one row shows line 1 of both documents"
        await pilot.press("right_square_bracket")
        height = view.scrollable_content_region.height
        rows = lambda: [y for y in range(height) if "Julie" in view.render_line(y).text]  # noqa: E731
        y = (await until(pilot, rows))[0]
        assert view.scroll_y > 0, "] scrolled down to the difference"
        segments = list(view.render_line(y))
        removed = view.get_component_rich_style("side-by-side--removed", partial=True)
        added = view.get_component_rich_style("side-by-side--added", partial=True)
        assert [s.text for s in segments if s.style and s.style.bgcolor == removed.bgcolor] == ["Julie Tremblay"]
        assert [s.text for s in segments if s.style and s.style.bgcolor == added.bgcolor] == ["[PATIENT]"]
        assert view.render_line(y).text.split()[:2] == ["61", "≠"]
        assert "Patient: [PATIENT]." in view.render_line(y).text, "both sides scrolled together"
        assert view.render_line(y - 1).text.split()[:2] == ["60", "ligne"]


async def test_side_by_side_reports_different_line_counts_and_go_to_line():
    app = ScreenApp(
        DocumentCompareScreen(
            MemorySource("in.txt", b"a\nb\nc\n"), MemorySource("out.txt", b"a\nb\n"), operation="Surrogate", title="s"
        )
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "line counts differ: input 3, output 2" in screen_text(app))
        await until(pilot, lambda: isinstance(app.focused, SideBySide))
        await pilot.press("colon", "9", "enter")
        await until(pilot, lambda: any("beyond the end" in str(n.message) for n in app._notifications))


async def test_side_by_side_wraps_long_lines_keeping_pairs_aligned():
    long_before = "mot " * 60 + "Julie"
    long_after = "mot " * 60 + "Marie"
    app = ScreenApp(
        DocumentCompareScreen(
            MemorySource("i", f"{long_before}\nnext\n".encode()),
            MemorySource("o", f"{long_after}\nnext\n".encode()),
            operation="Surrogate",
            title="wrap",
        )
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.screen.query(SideBySide))
        view = app.screen.query_one(SideBySide)
        await until(pilot, lambda: app.focused is view)
        await pilot.press("w")
        await until(pilot, lambda: view.wrap)
        rows = [view.render_line(y).text for y in range(8)]
        next_row = next(i for i, r in enumerate(rows) if "next" in r)
        assert next_row > 1, "the long pair takes several rows"
        assert rows[next_row].count("next") == 2, "the following pair starts on the same row on both sides"
        assert "Julie" in rows[next_row - 1] and "Marie" in rows[next_row - 1]


@pytest.mark.parametrize("operation", ["Tag", "Redact"])
async def test_escape_closes_both_document_screens(operation):
    output = json.dumps(TAGS).encode() if operation == "Tag" else b"redacted\n"
    screen = DocumentCompareScreen(
        MemorySource("in.txt", DOCUMENT.encode()), MemorySource("out", output), operation=operation, title=operation
    )
    app = ScreenApp(screen)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.focused is not None and app.screen is screen)
        await until(pilot, lambda: isinstance(app.focused, (BlobLines, SideBySide)))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is not screen)
