"""The chunk cache, line index, position model and streaming search, checked against brute force."""

from __future__ import annotations

import asyncio
import random

import pytest

from deidtui.tui.blobview.chunks import ChunkStore, NeedChunks
from deidtui.tui.blobview.layout import HexLayout, TextLayout
from deidtui.tui.blobview.search import Query, find, scan_to_line
from deidtui.tui.blobview.source import MemorySource

from .helpers import CountingSource


def display_starts(data: bytes, chunk: int) -> list[int]:
    """The documented rule, spelled out naively: a display line ends after a newline, and at the
    end of a chunk that holds no newline at all."""
    if not data:
        return []
    breaks = {i + 1 for i, byte in enumerate(data) if byte == 0x0A}
    for start in range(0, len(data), chunk):
        if b"\n" not in data[start : start + chunk]:
            breaks.add(start + chunk)
    return [0, *sorted(b for b in breaks if 0 < b < len(data))]


async def settle(layout, height: int, store: ChunkStore):
    for _ in range(500):
        try:
            rows = layout.settle(height)
            store.settled()
            return rows
        except NeedChunks as missing:
            store.needed(missing.chunks)
            await store.load_many(missing.chunks)
    raise AssertionError("the layout never settled")


def random_document(rnd: random.Random) -> bytes:
    parts = []
    for _ in range(rnd.randint(0, 40)):
        parts.append(b"x" * rnd.choice([0, 1, 2, 3, 5, 30, 70]) + b"\n" * rnd.choice([0, 1, 1, 1, 2]))
    return b"".join(parts)


async def test_every_scroll_operation_shows_consecutive_display_lines_and_exact_rows_when_indexed():
    rnd = random.Random(7)
    for _ in range(250):
        data = random_document(rnd)
        chunk = rnd.choice([4, 8, 16])
        store = ChunkStore(MemorySource("t", data), chunk_size=chunk, max_chunks=rnd.choice([1, 2, 3, 64]))
        starts = display_starts(data, chunk)
        height = rnd.randint(1, 6)
        layout = TextLayout(store)
        rows = await settle(layout, height, store)
        assert [r.start for r in rows] == starts[:height]
        for _ in range(25):
            operation = rnd.choice(["scroll", "row", "end", "byte"])
            if operation == "scroll":
                layout.scroll_by(rnd.randint(-5, 5))
            elif operation == "row":
                layout.jump_row(rnd.randint(0, len(starts) + 3))
            elif operation == "end":
                layout.jump_end()
            else:
                layout.jump_byte(rnd.randint(0, max(len(data) - 1, 0)))
            rows = await settle(layout, height, store)
            if not data:
                assert rows == []
                continue
            first = starts.index(rows[0].start)
            assert [r.start for r in rows] == starts[first : first + height], operation
            assert len(rows) == min(height, len(starts)), "a screen is full unless the blob is shorter"
            assert layout.total_rows(height, rows) >= layout.row + len(rows)
            exact = store.row_of(rows[0].start)
            if exact is not None:
                assert exact == first == layout.row
        if store.total_rows() is not None:
            assert store.total_rows() == len(starts)


async def test_line_numbers_count_newlines_and_skip_segments_of_a_long_line():
    data = b"short\n" + b"y" * 40 + b"\nlast"
    store = ChunkStore(MemorySource("t", data), chunk_size=8)
    layout = TextLayout(store)
    rows = await settle(layout, 20, store)
    numbers = [(r.line_no, r.continued) for r in rows]
    assert numbers[0] == (0, False)
    assert numbers[1] == (1, False)
    assert all(no == 1 and continued for no, continued in numbers[2:-1]), numbers
    assert numbers[-1] == (2, False)


async def test_a_long_line_is_found_without_reading_the_whole_blob():
    # 64 chunks of one line: the start of its last segment needs only the last chunks.
    data = b"z" * (64 * 1024)
    source = CountingSource("one-line", data)
    store = ChunkStore(source, chunk_size=1024)
    layout = TextLayout(store)
    layout.jump_end()
    rows = await settle(layout, 3, store)
    assert rows[-1].start == 63 * 1024
    assert len(source.ranges) <= 4, source.ranges


async def test_hex_rows_are_exact_offsets():
    store = ChunkStore(MemorySource("b", bytes(100)), chunk_size=32)
    layout = HexLayout(store)
    layout.jump_end()
    rows = layout.settle(3)
    assert [r.start for r in rows] == [64, 80, 96]
    assert layout.total_rows(3, rows) == 7


async def test_cache_stays_bounded_while_streaming_through_a_blob():
    data = b"abc\n" * 50_000
    store = ChunkStore(MemorySource("t", data), chunk_size=1024, max_chunks=4)
    match = await find(store, Query.compile("nothing like this"), 0)
    assert match is None
    assert len(store.cached) <= 4
    assert store.index.complete, "a full scan leaves the whole blob indexed"
    assert store.total_lines() == 50_000


@pytest.mark.parametrize("chunk", [1, 2, 3, 4, 7, 50])
async def test_search_finds_the_same_match_as_bytes_find_forward_and_backward(chunk):
    rnd = random.Random(chunk)
    for _ in range(60):
        data = bytes(rnd.choice(b"ab\nc") for _ in range(rnd.randint(0, 120)))
        text = rnd.choice(["ab", "a", "abc", "ca\nb", "bb"])
        needle = text.encode()
        origin = rnd.randint(0, len(data))
        store = ChunkStore(MemorySource("x", data), chunk_size=chunk, max_chunks=2)
        starts = [k for k in range(len(data)) if data.startswith(needle, k)]
        after, before = [k for k in starts if k >= origin], [k for k in starts if k < origin]
        forward = await find(store, Query.compile(text), origin)
        expected = (after[0], False) if after else (before[0], True) if before else None
        assert (forward and (forward.start, forward.wrapped)) == expected
        backward = await find(store, Query.compile(text), origin, backward=True)
        expected = (before[-1], False) if before else (after[-1], True) if after else None
        assert (backward and (backward.start, backward.wrapped)) == expected


async def test_smart_case():
    store = ChunkStore(MemorySource("x", b"Julie julie JULIE"))
    assert (await find(store, Query.compile("julie"), 1)).start == 6
    assert (await find(store, Query.compile("JULIE"), 0)).start == 12


async def test_scan_to_line_finds_line_starts_and_reports_lines_past_the_end():
    data = b"a\nbb\n\nccc\n"
    store = ChunkStore(MemorySource("x", data), chunk_size=2)
    assert [await scan_to_line(store, n) for n in range(5)] == [0, 2, 5, 6, None]


async def test_neighbouring_chunks_are_read_with_one_request_and_failures_mark_each_chunk():
    data = bytes(range(256)) * 40  # 10 chunks of 1 KiB
    source = CountingSource("x", data)
    store = ChunkStore(source, chunk_size=1024)
    await store.load_many([3, 4, 5, 9, 4])
    assert source.ranges == [(3072, 3072), (9216, 1024)]
    assert all(store.peek(i).data == data[i * 1024 : (i + 1) * 1024] for i in (3, 4, 5, 9))
    assert store.index.known(4) and not store.index.known(6)
    failing = CountingSource("y", data, fail_at=7 * 1024 + 1)
    store = ChunkStore(failing, chunk_size=1024)
    with pytest.raises(OSError, match="simulated network failure"):
        await store.load_many([6, 7])
    assert set(store.errors) == {6, 7} and store.peek(6) is None


async def test_loads_of_the_same_chunks_started_together_share_one_read():
    """Two screens' worth of requests queued before either ran (the viewer's relayouts do this)."""
    data = bytes(range(256)) * 40
    source = CountingSource("x", data)
    store = ChunkStore(source, chunk_size=1024)
    await asyncio.gather(store.load_many([2, 3]), store.load_many([3]), store.load(3))
    assert source.ranges == [(2048, 2048)]
    assert store.peek(3).data == data[3072:4096]
