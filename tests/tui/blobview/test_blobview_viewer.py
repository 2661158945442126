"""The blob viewer driven through its screen: opening, moving, searching, content kinds."""

from __future__ import annotations

import json
import time

from textual.app import App

from deidtui.tui.blobview import BlobViewerScreen
from deidtui.tui.blobview.chunks import CHUNK_SIZE
from deidtui.tui.blobview.lines import BlobLines
from deidtui.tui.blobview.screens import warm_up_styles
from deidtui.tui.blobview.source import MemorySource

from .helpers import CountingSource, ScreenApp, screen_lines, screen_text, until, viewer_frames

MB = 1024 * 1024


def viewer_app(source) -> ScreenApp:
    return ScreenApp(BlobViewerScreen(source, title="test blob"))


def lines_of(app) -> BlobLines:
    return app.screen.viewer.lines


def body_rows(app) -> list[str]:
    lines = lines_of(app)
    return [lines.render_line(y).text.rstrip() for y in range(lines.size.height)]


def opened(app) -> bool:
    viewer = app.screen.viewer
    ready = viewer.kind != "opening" and bool(viewer.lines.rows) and not viewer.lines.waiting
    # Keys pressed next go to the viewer; the footer (mounted after the first rows) is in place.
    footers = app.screen.query("Footer")
    return ready and app.focused is viewer.lines and bool(footers) and footers.first().region.height > 0


def big_blob(size: int = 200 * MB) -> bytes:
    line = b"x" * 63 + b"\n"
    body = line * ((size - 200) // len(line))
    return body + b"needle: only here, in the last chunk\n" + b"the very last line\n"


async def test_small_text_opens_with_numbered_lines_and_exact_line_count():
    source = CountingSource("note.txt", b"first line\nsecond line\nthird line\n")
    app = viewer_app(source)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: opened(app))
        rows = body_rows(app)
        assert rows[0].split() == ["1", "first", "line"]
        assert rows[2].split() == ["3", "third", "line"]
        await until(pilot, lambda: "line 1 of 3" in app.screen.viewer.status_text())


async def test_a_200_mb_blob_shows_its_first_screen_after_reading_one_chunk():
    source = CountingSource("huge.log", big_blob())
    app = viewer_app(source)
    async with app.run_test(size=(100, 30)) as pilot:
        started = time.monotonic()
        await until(pilot, lambda: opened(app))
        assert body_rows(app)[0].endswith("x" * 63)
        assert len(source.ranges) <= 2, f"first screen read {source.ranges}"
        assert all(length <= CHUNK_SIZE for _, length in source.ranges)
        assert time.monotonic() - started < 10
        # The scrollbar is an estimate for 3.3 million lines, from the first chunk alone.
        assert lines_of(app).virtual_size.height > 3_000_000

        await pilot.press("end")
        await until(pilot, lambda: "the very last line" in screen_text(app))
        shown = [row for row in body_rows(app) if row.strip()]
        assert shown[-1].endswith("the very last line") and shown[-2].endswith("in the last chunk")
        offsets = [offset for offset, _ in source.ranges]
        assert max(offsets) >= len(source._data) - CHUNK_SIZE, "the last chunk was read"
        assert len(source.ranges) <= 5, f"jumping to the end read {len(source.ranges)} ranges"

        await pilot.press("home")
        await until(pilot, lambda: body_rows(app)[0].split()[0] == "1")


async def test_page_down_and_up_move_by_a_screen_exactly():
    data = b"".join(b"row %d\n" % i for i in range(1000))
    app = viewer_app(CountingSource("rows.txt", data))
    async with app.run_test(size=(80, 20)) as pilot:
        await until(pilot, lambda: opened(app))
        height = lines_of(app).scrollable_content_region.height
        await pilot.press("pagedown")
        await until(pilot, lambda: body_rows(app)[0].endswith(f"row {height}"))
        await pilot.press("down", "down")
        await until(pilot, lambda: body_rows(app)[0].endswith(f"row {height + 2}"))
        await pilot.press("pageup")
        await until(pilot, lambda: body_rows(app)[0].endswith("row 2"))


async def test_go_to_line_beyond_the_indexed_part_counts_lines_and_reports_past_the_end():
    data = b"".join(b"line number %d\n" % i for i in range(1, 600_001))  # about 10 MB, not indexed eagerly
    app = viewer_app(CountingSource("lines.txt", data))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: opened(app))
        await pilot.press("colon", *"450000", "enter")
        await until(pilot, lambda: body_rows(app)[0].endswith("line number 450000"))
        assert body_rows(app)[0].split()[0] == "450,000", "the gutter shows the exact line number"
        await pilot.press("g", *"700000", "enter")
        await until(pilot, lambda: any("beyond the end" in str(n.message) for n in app._notifications))
        assert any("600,000 lines" in str(n.message) for n in app._notifications)


async def test_search_streams_to_a_match_in_a_later_chunk_then_n_and_shift_n_move_between_matches():
    filler = b"nothing to see here\n" * (CHUNK_SIZE // 20 * 12)  # twelve chunks of filler
    data = filler + b"first Tremblay\n" + filler[: CHUNK_SIZE * 3] + b"second tremblay\n" + b"tail\n"
    source = CountingSource("search.txt", data)
    app = viewer_app(source)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: opened(app))
        await pilot.press("slash", *"tremblay", "enter")
        await until(pilot, lambda: app.screen.viewer.match is not None)
        first = app.screen.viewer.match
        assert first.start == len(filler) + len(b"first ")
        await until(pilot, lambda: any("first Tremblay" in row for row in body_rows(app)))
        assert first.start > CHUNK_SIZE * 11, "the match is many chunks in"
        await pilot.press("n")
        await until(pilot, lambda: app.screen.viewer.match.start != first.start)
        assert any("second tremblay" in row for row in body_rows(app))
        await pilot.press("N")
        await until(pilot, lambda: app.screen.viewer.match.start == first.start)
        # The match is drawn with the current-match style.
        current = lines_of(app).get_component_rich_style("blob-lines--current", partial=True)
        segments = [s for y in range(30) for s in lines_of(app).render_line(y) if s.text == "Tremblay"]
        assert segments and all(current.bgcolor == s.style.bgcolor for s in segments)


async def test_search_with_no_match_says_so():
    app = viewer_app(CountingSource("a.txt", b"alpha\nbeta\n"))
    async with app.run_test(size=(80, 20)) as pilot:
        await until(pilot, lambda: opened(app))
        await pilot.press("slash", *"gamma", "enter")
        await until(pilot, lambda: any("Not found" in str(n.message) for n in app._notifications))


async def test_invalid_utf8_is_shown_as_replacement_characters():
    data = b"caf\xc3\xa9 ok\nbad \xff\xfe bytes \xc3(\nend\n"
    app = viewer_app(CountingSource("latin.txt", data))
    async with app.run_test(size=(80, 20)) as pilot:
        await until(pilot, lambda: opened(app))
        rows = body_rows(app)
        assert rows[0].endswith("café ok")
        assert "bad \ufffd\ufffd bytes \ufffd(" in rows[1]
        assert app.screen.viewer.kind == "text"


async def test_binary_content_opens_as_a_hex_dump_and_x_shows_it_as_text():
    data = bytes(range(256)) * 4
    app = viewer_app(CountingSource("image.png", data))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: opened(app))
        assert app.screen.viewer.kind == "binary"
        rows = body_rows(app)
        assert rows[0] == "00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|"
        assert rows[4] == "00000040  40 41 42 43 44 45 46 47  48 49 4a 4b 4c 4d 4e 4f  |@ABCDEFGHIJKLMNO|"
        assert "binary: hex" in app.screen.viewer.status_text()
        await pilot.press("x")
        await until(pilot, lambda: not lines_of(app).hex)
        assert "␀␁␂" in body_rows(app)[0], "as text, control bytes are visible stand-ins"


async def test_small_json_opens_pretty_and_p_switches_to_raw_and_back():
    document = {"entities": [{"category": "Patient", "text": "Julie"}], "n": 1}
    app = viewer_app(CountingSource("result.json", json.dumps(document, separators=(",", ":")).encode()))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: opened(app))
        assert app.screen.viewer.pretty
        assert body_rows(app)[1].endswith('"entities": [')
        await pilot.press("p")
        await until(pilot, lambda: not app.screen.viewer.pretty and "entities" in body_rows(app)[0])
        assert body_rows(app)[0].endswith('{"entities":[{"category":"Patient","text":"Julie"}],"n":1}')
        await pilot.press("p")
        await until(pilot, lambda: app.screen.viewer.pretty and body_rows(app)[0].endswith("{"))


async def test_json_above_the_pretty_limit_stays_raw_and_says_why():
    data = b'{"items": [' + b",".join(b'"%08d"' % i for i in range(600_000)) + b"]}"
    assert len(data) > 5 * MB
    app = viewer_app(CountingSource("big.json", data))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: opened(app))
        assert not app.screen.viewer.pretty
        await pilot.press("p")
        await until(pilot, lambda: any("Too large to pretty-print" in str(n.message) for n in app._notifications))
        assert not app.screen.viewer.pretty


async def test_a_10_mb_single_line_renders_quickly_in_whole_segments_and_with_bounded_reads():
    source = CountingSource("minified.txt", b"q" * (10 * MB))
    app = viewer_app(source)
    async with app.run_test(size=(100, 30)) as pilot:
        started = time.monotonic()
        await until(pilot, lambda: opened(app))
        elapsed = time.monotonic() - started
        lines = lines_of(app)
        first = lines.rows[0]
        strip = lines._cells[0][1]
        text = strip.text
        assert text.startswith("q" * 100)
        assert text.count("q") == CHUNK_SIZE, "a segment is drawn whole: sideways scrolling reaches all of it"
        assert text.endswith("q … (line continues on the next row)")
        assert strip.cell_length < CHUNK_SIZE + 60
        assert first.line_no == 0 and lines.rows[1].continued, "the rest of the line is shown as ↳ segments"
        assert len(source.ranges) <= 40, "reads are bounded by the screen, not by the line"
        assert elapsed < 10
        await pilot.press("end")
        await until(pilot, lambda: lines.rows and lines.rows[-1].start == 39 * CHUNK_SIZE)


async def test_wrap_folds_long_lines_into_rows_and_w_turns_it_off_again():
    data = b"short\n" + b"".join(b"word%03d " % i for i in range(100)) + b"\nafter\n"
    app = viewer_app(CountingSource("wrap.txt", data))
    async with app.run_test(size=(60, 20)) as pilot:
        await until(pilot, lambda: opened(app))
        assert body_rows(app)[2].split()[-1] == "after"
        await pilot.press("w")
        await until(pilot, lambda: lines_of(app).wrap and len(lines_of(app).rows) > 3)
        rows = body_rows(app)
        assert rows[1].split()[0] == "2" and rows[2].lstrip().startswith("↳")
        assert any(row.split()[-1:] == ["after"] for row in rows)
        wrapped = "".join(row.split(" ", 1)[-1] if row.split()[0].isdigit() else row.strip()[1:] for row in rows[1:])
        assert "word099" in wrapped.replace(" ", ""), "the last piece of a wrapped line is shown"
        await pilot.press("w")
        await until(pilot, lambda: not lines_of(app).wrap and body_rows(app)[2].split()[-1] == "after")


async def test_scrolling_renders_only_rows_not_drawn_before():
    data = b"".join(b"line %d\n" % i for i in range(500))
    app = viewer_app(CountingSource("scroll.txt", data))
    async with app.run_test(size=(80, 20)) as pilot:
        await until(pilot, lambda: opened(app))
        lines = lines_of(app)
        before = lines.renders
        await pilot.press("down", "down", "down")
        await until(pilot, lambda: body_rows(app)[0].endswith("line 3"))
        assert lines.renders - before <= 3, "only the rows that came into view were rendered"
        drawn = lines.renders
        await pilot.press("up", "up", "up")
        await until(pilot, lambda: body_rows(app)[0].endswith("line 0"))
        assert lines.renders == drawn, "scrolling back reuses the cached rows"


async def test_a_failed_read_is_shown_on_screen_and_r_retries_it():
    data = b"".join(b"line %d\n" % i for i in range(500_000))  # over the eager-indexing size
    source = CountingSource("flaky.txt", data, fail_at=CHUNK_SIZE * 5 + 10)
    app = viewer_app(source)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: opened(app))
        lines_of(app).go_to_byte(CHUNK_SIZE * 5 + 100)
        await until(pilot, lambda: "could not read bytes" in screen_text(app))
        assert "simulated network failure" in screen_text(app)
        await until(pilot, lambda: any(n.severity == "error" for n in app._notifications))
        source.fail_at = None
        await pilot.press("r")
        await until(pilot, lambda: "could not read" not in screen_text(app) and lines_of(app).rows)


async def test_escape_closes_the_prompt_first_then_the_screen():
    app = viewer_app(CountingSource("a.txt", b"hello\n"))
    async with app.run_test(size=(80, 20)) as pilot:
        await until(pilot, lambda: opened(app))
        screen = app.screen
        await pilot.press("slash")
        await until(pilot, lambda: app.focused is not None and app.focused.id == "blobview-prompt")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.focused, BlobLines))
        assert app.screen is screen
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is not screen)


async def test_every_binding_has_an_id_and_a_tooltip_and_can_be_remapped():
    from textual.screen import Screen

    from deidtui.tui.blobview.compare import CompareViewer, SideBySide
    from deidtui.tui.blobview.screens import DocumentCompareScreen
    from deidtui.tui.blobview.tagview import TagView
    from deidtui.tui.blobview.viewer import BlobViewer

    textual_own = {b for bindings in Screen._merge_bindings().key_to_bindings.values() for b in bindings}
    for widget in (BlobViewer, BlobLines, TagView, SideBySide, CompareViewer, BlobViewerScreen, DocumentCompareScreen):
        # Inherited bindings count too (they are live keys), except Textual's own screen keys
        # (tab, shift+tab, ctrl+c), which belong to the app's keymap.
        for binding in [b for bindings in widget._merge_bindings().key_to_bindings.values() for b in bindings]:
            if binding in textual_own:
                continue
            assert binding.id and binding.id.startswith("blobview."), (widget, binding)
            assert binding.tooltip, (widget, binding)
    app = viewer_app(CountingSource("a.txt", b"abc\nfind me\n"))
    async with app.run_test(size=(80, 20)) as pilot:
        await until(pilot, lambda: opened(app))
        app.set_keymap({"blobview.search": "f"})
        await pilot.press("f", *"find", "enter")
        await until(pilot, lambda: app.screen.viewer.match is not None)
        await until(pilot, lambda: " f Search" in screen_lines(app)[-1])  # the footer shows the new key


async def test_a_long_search_shows_progress_and_escape_cancels_it():
    source = CountingSource("slow.log", b"nothing here\n" * 2_000_000, delay=0.05)  # 26 MB at 50 ms a read
    app = viewer_app(source)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: opened(app))
        await pilot.press("slash", *"absent", "enter")
        await until(pilot, lambda: "Searching…" in app.screen.viewer.status_text())
        await pilot.press("escape")
        await until(pilot, lambda: "Searching…" not in app.screen.viewer.status_text())
        reads = len(source.ranges)
        await pilot.pause(0.3)
        assert len(source.ranges) <= reads + 1, "no more reads once cancelled"
        assert reads < 100, "cancelled long before the end of the blob"
        assert any("Cancelled" in str(n.message) for n in app._notifications)
        assert isinstance(app.screen, BlobViewerScreen), "escape cancelled the search, it did not close the viewer"


async def test_an_empty_blob_says_so_and_every_key_is_harmless():
    app = viewer_app(CountingSource("empty.txt", b""))
    async with app.run_test(size=(80, 20)) as pilot:
        await until(pilot, lambda: app.screen.viewer.kind != "opening" and "(empty blob)" in screen_text(app))
        await pilot.press("end", "home", "pagedown", "w", "x", "x")
        await pilot.press("slash", *"x", "enter")
        await until(pilot, lambda: any("Not found" in str(n.message) for n in app._notifications))
        await pilot.press("colon", "3", "enter")
        await until(pilot, lambda: any("beyond the end" in str(n.message) for n in app._notifications))
        assert app.is_running


async def test_in_hex_view_search_highlights_the_matching_bytes_and_go_to_takes_an_offset():
    data = bytes(range(256)) * 64 + b"\x00\x01SECRET\x02" + bytes(range(256)) * 64
    app = viewer_app(CountingSource("dump.bin", data))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: opened(app) and lines_of(app).hex)
        await pilot.press("slash", *"SECRET", "enter")
        await until(pilot, lambda: app.screen.viewer.match is not None)
        lines = lines_of(app)
        await until(pilot, lambda: any(r.start <= 16386 < r.start + 16 for r in lines.rows))
        current = lines.get_component_rich_style("blob-lines--current", partial=True)
        marked = "".join(
            s.text
            for y in range(len(lines.rows))
            for s in lines.render_line(y)
            if s.style and s.style.bgcolor == current.bgcolor
        )
        assert marked.replace(" ", "") == "534543524554" + "SECRET"
        await pilot.press("colon", *"0x100", "enter")
        await until(pilot, lambda: lines.rows[0].start == 0x100)
        await pilot.press("g", *"999999", "enter")
        await until(pilot, lambda: any("beyond the end" in str(n.message) for n in app._notifications))


async def test_a_long_line_is_marked_at_the_edge_and_sideways_scrolling_reaches_its_end():
    data = b"a" * 49_999 + b"Z\nnext line\n"
    app = viewer_app(CountingSource("long.txt", data))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: opened(app))
        lines = lines_of(app)
        assert lines._cells[0][1].text == "a" * 49_999 + "Z", "drawn whole, never clipped"
        assert body_rows(app)[0].endswith("a›") and body_rows(app)[1].split() == ["2", "next", "line"]
        await until(pilot, lambda: lines.virtual_size.width > 50_000)
        await pilot.press("dollar_sign")
        await until(pilot, lambda: body_rows(app)[0].endswith("aZ"))
        assert body_rows(app)[0].split()[0] == "1", "the gutter stays put while the text scrolls"
        assert "‹" in body_rows(app)[0] and "col 49,9" in app.screen.viewer.status_text()


async def test_styles_warmed_up_ahead_leave_nothing_to_parse_when_a_blob_opens():
    class Idle(App[None]):
        pass

    app = Idle()
    async with app.run_test(size=(100, 30)) as pilot:
        warm_up_styles(app)
        sources = dict(app.stylesheet.source)
        assert any("BlobLines" in location[1] for location in sources)
        app.push_screen(BlobViewerScreen(MemorySource("a.txt", b"first line\n" * 50), title="a.txt"))
        # Its rows, and its footer's keys: the footer mounts after the first frame, so under load the
        # rows showed first or not, and the comparison passed or failed with the timing.
        await until(pilot, lambda: any(lines.rows for lines in app.screen.query(BlobLines)))
        await until(pilot, lambda: bool(app.screen.query("FooterKey")))
        assert dict(app.stylesheet.source) == sources  # every style the viewer needed was already there
        assert "first line" in screen_text(app)


async def test_a_blob_already_read_shows_its_rows_in_the_viewers_first_frame():
    """The viewer lays its rows out for the height it will have, so the first frame it draws already
    shows them instead of an empty page followed by the text one frame later."""

    app = App()
    frames = viewer_frames(app)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(BlobViewerScreen(MemorySource("a.txt", b"first line\n" * 500), title="a.txt"))
        await until(pilot, lambda: any(frames))
        assert frames[0] is True, frames
        assert "first line" in screen_text(app)


async def test_the_footer_mounted_after_the_first_frame_lists_the_viewers_keys():
    """A footer lists keys once told the bindings changed. In a terminal, the viewer's focus had
    settled before its footer mounted, so nothing told it: the footer stayed empty."""
    app = viewer_app(MemorySource("a.txt", b"first line\n" * 50))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: opened(app))
        screen = app.screen
        await screen.query_one("Footer").remove()  # mount it again once the focus has settled
        await pilot.pause(0.2)
        await screen._mount_footer()
        await until(pilot, lambda: "Search" in screen_lines(app)[-1] and "Download" in screen_lines(app)[-1])
