"""Hostile content renders inert: nothing from a blob, a blob name or an entity drives the terminal,
and markup is shown as the characters it is made of."""

from __future__ import annotations

import json

import pytest

from deidtui.tui.blobview import BlobViewerScreen, DocumentCompareScreen, MemorySource

from .helpers import ScreenApp, assert_inert, screen_segments, screen_text, until

SAMPLES = {
    "csi colours and clear screen": b"\x1b[2J\x1b[31mred\x1b[0m text",
    "osc window title": b"\x1b]0;pwned\x07 title",
    "osc 52 clipboard write": b"\x1b]52;c;SGVsbG8gd29ybGQ=\x07 clipboard",
    "dcs query": b"\x1bP+q544e\x1b\\ dcs",
    "c1 csi as utf-8": "\u009b31m c1 csi".encode(),
    "c1 csi as a raw byte": b"\x9b31m raw c1",
    "bidi overrides": "abc\u202edcba\u2066x\u2069 bidi".encode(),
    "carriage return, backspace, delete": b"over\rwrite\x08\x7f end",
    "nul": b"before\x00after",
    "invalid utf-8": b"\xff\xfe\xc3 bad",
    "rich and textual markup": b"[bold red]x[/] and [@click=app.quit]click[/] and [link=http://evil]l[/link]",
}
MARKUP = ["[bold red]x[/]", "[@click=app.quit]click[/]", "[link=http://evil]l[/link]"]


def opened(app) -> bool:
    viewer = app.screen.viewer
    ready = viewer.kind != "opening" and bool(viewer.lines.rows) and not viewer.lines.waiting
    # Keys pressed next go to the viewer; the footer (mounted after the first rows) is in place.
    footers = app.screen.query("Footer")
    return ready and app.focused is viewer.lines and bool(footers) and footers.first().region.height > 0


@pytest.mark.parametrize("sample", list(SAMPLES), ids=list(SAMPLES))
async def test_hostile_blob_content_is_inert_as_text_and_as_hex(sample):
    data = SAMPLES[sample] + b"\nsecond line\n"
    app = ScreenApp(BlobViewerScreen(MemorySource("sample.txt", data), title="hostile"))
    async with app.run_test(size=(120, 20)) as pilot:
        await until(pilot, lambda: opened(app))
        assert_inert(screen_segments(app))
        lines = app.screen.viewer.lines
        was_hex = lines.hex
        await pilot.press("x")  # the other view: hex for text, text for what looked binary
        await until(pilot, lambda: lines.hex != was_hex and opened(app))
        assert_inert(screen_segments(app))
        if lines.hex:
            await pilot.press("x")
            await until(pilot, lambda: not lines.hex and opened(app))
        assert "second line" in screen_text(app)


async def test_markup_in_a_blob_is_shown_literally_and_not_interpreted():
    app = ScreenApp(BlobViewerScreen(MemorySource("m.txt", SAMPLES["rich and textual markup"]), title="m"))
    async with app.run_test(size=(120, 20)) as pilot:
        await until(pilot, lambda: opened(app))
        text = screen_text(app)
        for literal in MARKUP:
            assert literal in text
        assert app.screen is not None and app.is_running, "no action ran"


async def test_control_characters_are_replaced_by_visible_stand_ins():
    data = b"a\x1b[31mb\x00c\x07d\x9be" + "\u202ef".encode() + b"\n"
    app = ScreenApp(BlobViewerScreen(MemorySource("c.txt", data), title="c"))
    async with app.run_test(size=(120, 20)) as pilot:
        await until(pilot, lambda: opened(app))
        await pilot.press("x")  # the NUL made it look binary; force text
        await until(pilot, lambda: opened(app) and not app.screen.viewer.lines.hex)
        assert "a␛[31mb␀c␇d\ufffde\ufffdf" in screen_text(app)


async def test_a_hostile_blob_name_and_title_are_inert():
    name = "evil\x1b]0;owned\x07[b]name[/b]\u202e\x9b.txt"
    app = ScreenApp(BlobViewerScreen(MemorySource(name, b"fine\n"), title=f"title {name}"))
    async with app.run_test(size=(120, 20)) as pilot:
        await until(pilot, lambda: opened(app))
        assert_inert(screen_segments(app))
        assert "[b]name[/b]" in screen_text(app)


async def test_hostile_search_text_is_inert_in_the_status_line():
    app = ScreenApp(BlobViewerScreen(MemorySource("s.txt", b"x\n"), title="s"))
    async with app.run_test(size=(120, 20)) as pilot:
        await until(pilot, lambda: opened(app))
        await pilot.press("slash", *"[b]q[/b]", "enter")
        await until(pilot, lambda: "/[b]q[/b]" in screen_text(app))
        assert_inert(screen_segments(app))


async def test_tag_view_with_hostile_document_categories_and_entities_is_inert_and_skips_bad_entities():
    document = "Name: \x1b]52;c;eA==\x07 Julie [bold]Tremblay[/bold]\u202e\n"
    start = document.index("Julie")
    entities = [
        {"category": "Patient", "offset": {"codePoint": start}, "length": {"codePoint": 5}, "text": "\x1b[31m"},
        {"category": "Evil\x1b[31m[b]cat[/b]", "offset": {"codePoint": 0}, "length": {"codePoint": 4}},
        {"category": "Patient", "offset": {"codePoint": -3}, "length": {"codePoint": 2}},
        {"category": "Patient", "offset": {"codePoint": 10**30}, "length": {"codePoint": 2}},
        {"category": "Patient", "offset": {"codePoint": "7"}, "length": {"codePoint": 2}},
        {"category": "Patient", "offset": {"codePoint": True}, "length": {"codePoint": 2}},
        {"category": "Date", "offset": {"codePoint": start + 2}, "length": {"codePoint": 4}},
        "not an object",
        {"category": None},
        {"category": "Age", "offset": {"codePoint": 1.5}, "length": {"codePoint": 1}},
        {"category": "Age", "offset": {"codePoint": 0}, "length": {"codePoint": 10**9}},
    ]
    screen = DocumentCompareScreen(
        MemorySource("in\x1b[2J.txt", document.encode()),
        MemorySource("out.json", json.dumps({"entities": entities}).encode()),
        operation="Tag",
        title="tag \x1b]0;x\x07",
    )
    app = ScreenApp(screen)
    async with app.run_test(size=(120, 20)) as pilot:
        await until(pilot, lambda: "Entities" in screen_text(app) and "Tremblay" in screen_text(app))
        await until(pilot, lambda: app.focused is not None and app.focused.id == "blobview-lines")
        assert_inert(screen_segments(app))
        text = screen_text(app)
        assert "[bold]Tremblay[/bold]" in text
        assert "[b]cat[/b]" in text, "an undocumented category is listed, sanitized"
        assert "9 skipped" in text
        await pilot.press("m")
        await until(pilot, lambda: "[PAT]Julie" in screen_text(app))
        assert_inert(screen_segments(app))


async def test_side_by_side_with_hostile_content_is_inert():
    before = "Patient \x1b[31mJulie\x1b[0m [@click=app.quit]x[/]\n\x9b2J\n"
    after = "Patient \x1b[31mMarie\x1b[0m [@click=app.quit]x[/]\n\u202eend\n"
    screen = DocumentCompareScreen(
        MemorySource("a", before.encode()), MemorySource("b", after.encode()), operation="Redact", title="redact"
    )
    app = ScreenApp(screen)
    async with app.run_test(size=(120, 20)) as pilot:
        await until(pilot, lambda: "lines differ" in screen_text(app))
        assert_inert(screen_segments(app))
        assert "[@click=app.quit]x[/]" in screen_text(app)
