"""Streaming search and line scanning through a blob, chunk by chunk (no UI here).

Both stream with `keep=False`, so scanning 200 MB does not evict what is on screen, and
both feed the line index as they go (every chunk read is summarised), so after a search
or a go-to-line the scrollbar and line numbers are exact up to where the scan reached.
Cancelling the task (escape in the viewer) stops them between chunks.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from bisect import bisect_left
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

from .chunks import Chunk, ChunkStore

MAX_QUERY = 1000
Progress = Callable[[int, int], None]  # (bytes scanned, bytes to scan)


@dataclass(frozen=True, slots=True)
class Query:
    """A literal search; case-insensitive unless it contains an upper-case letter (smart case)."""

    text: str
    as_bytes: re.Pattern[bytes]
    as_text: re.Pattern[str]

    @classmethod
    def compile(cls, text: str) -> Query:
        if not text:
            raise ValueError("empty search")
        if len(text) > MAX_QUERY:
            raise ValueError(f"search text is limited to {MAX_QUERY} characters")
        flags = 0 if any(c.isupper() for c in text) else re.IGNORECASE
        encoded = text.encode("utf-8", errors="surrogateescape")
        return cls(text, re.compile(re.escape(encoded), flags), re.compile(re.escape(text), flags))

    @property
    def width(self) -> int:
        return len(self.text.encode("utf-8", errors="surrogateescape"))


@dataclass(frozen=True, slots=True)
class Match:
    """A match's byte range in the blob; `wrapped` when found after going round the end."""

    start: int
    end: int
    wrapped: bool = False


@asynccontextmanager
async def _stream(store: ChunkStore, indices: Sequence[int]) -> AsyncIterator[AsyncGenerator[Chunk, None]]:
    """Iterate chunks in the given order, reading one ahead of the consumer; the reader is
    cancelled however the loop ends."""
    loop = asyncio.get_running_loop()
    ahead: asyncio.Task[Chunk] | None = None

    async def chunks() -> AsyncGenerator[Chunk, None]:
        nonlocal ahead
        for position, i in enumerate(indices):
            if ahead is None:
                ahead = loop.create_task(store.load(i, keep=False))
            chunk = await ahead
            ahead = None
            if position + 1 < len(indices):
                ahead = loop.create_task(store.load(indices[position + 1], keep=False))
            yield chunk

    iterator = chunks()
    try:
        yield iterator
    finally:
        await iterator.aclose()
        if ahead is not None and not ahead.done():
            ahead.cancel()
            with contextlib.suppress(BaseException):
                await ahead


async def _bytes_from(store: ChunkStore, position: int, count: int) -> bytes:
    """Up to `count` bytes from `position` (a match can straddle the end of the searched range)."""
    parts: list[bytes] = []
    while count > 0 and position < store.size:
        chunk = await store.load(store.chunk_of(position), keep=False)
        part = chunk.data[position - chunk.start : position - chunk.start + count]
        parts.append(part)
        position += len(part)
        count -= len(part)
    return b"".join(parts)


def _range(store: ChunkStore, start: int, stop: int, step: int) -> Sequence[int]:
    first, last = store.chunk_of(start), store.chunk_of(stop - 1)
    return range(first, last + 1) if step > 0 else range(last, first - 1, -1)


async def _forward(store: ChunkStore, query: Query, start: int, stop: int, tally: _Tally) -> Match | None:
    """First match starting in [start, stop)."""
    if start >= stop:
        return None
    overlap = query.width - 1
    carry, carry_start = b"", start
    async with _stream(store, _range(store, start, stop, 1)) as chunks:
        async for chunk in chunks:
            lo = max(start - chunk.start, 0)
            window_start = carry_start if carry else chunk.start + lo
            window = carry + chunk.data[lo:]
            if chunk.end >= stop and overlap:
                window += await _bytes_from(store, chunk.end, overlap)
            found = query.as_bytes.search(window)
            if found is not None:
                at = window_start + found.start()
                return Match(at, window_start + found.end()) if at < stop else None
            tally.add(len(chunk.data) - lo)
            carry = window[max(len(window) - overlap, 0) :] if overlap else b""
            carry_start = window_start + len(window) - len(carry)
    return None


async def _backward(store: ChunkStore, query: Query, start: int, stop: int, tally: _Tally) -> Match | None:
    """Last match starting in [start, stop)."""
    if start >= stop:
        return None
    overlap = query.width - 1
    indices = _range(store, start, stop, -1)
    carry = await _bytes_from(store, (indices[0] + 1) * store.chunk_size, overlap) if overlap else b""
    async with _stream(store, indices) as chunks:
        async for chunk in chunks:
            lo = max(start - chunk.start, 0)
            window_start = chunk.start + lo
            window = chunk.data[lo:] + carry
            limit = min(stop, chunk.end)  # matches starting later were seen in the previous window
            best, position = None, 0
            # Repeated search rather than finditer: overlapping matches ("bb" in "bbb") count too.
            while (found := query.as_bytes.search(window, position)) is not None:
                if window_start + found.start() >= limit:
                    break
                best, position = found, found.start() + 1
            if best is not None:
                return Match(window_start + best.start(), window_start + best.end())
            tally.add(len(chunk.data) - lo)
            carry = window[:overlap] if overlap else b""
    return None


class _Tally:
    def __init__(self, total: int, progress: Progress | None) -> None:
        self.done, self.total, self.progress = 0, total, progress

    def add(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)


async def find(
    store: ChunkStore, query: Query, origin: int, *, backward: bool = False, progress: Progress | None = None
) -> Match | None:
    """The first match starting at or after `origin` (backward: the last one starting before it),
    going round the end of the blob once."""
    size = store.size
    origin = min(max(origin, 0), size)
    tally = _Tally(size, progress)
    if backward:
        match = await _backward(store, query, 0, origin, tally)
        wrapped = match is None and await _backward(store, query, origin, size, tally)
    else:
        match = await _forward(store, query, origin, size, tally)
        wrapped = match is None and await _forward(store, query, 0, origin, tally)
    if wrapped:
        match = Match(wrapped.start, wrapped.end, wrapped=True)
    if match is not None:
        await store.load(store.chunk_of(match.start))  # keep the match's chunk to draw it
    return match


async def scan_to_line(store: ChunkStore, line: int, *, progress: Progress | None = None) -> int | None:
    """Byte offset where 0-based `line` starts, indexing forward as far as needed; None past the end."""
    index = store.index
    while line > index.prefix_newlines and not index.complete:
        todo = [i for i in range(index.prefix_chunks, store.count) if not index.known(i)][:16]
        async with _stream(store, todo) as chunks:
            async for chunk in chunks:
                if progress is not None:
                    progress(chunk.end, store.size)
                if line <= index.prefix_newlines:
                    break
    if line > index.prefix_newlines:
        return None
    if line > 0:
        await store.load(bisect_left(index.cum, line, 1) - 1)  # the chunk holding the newline before it
    start = store.start_of_line(line)
    return start if start is not None and start < store.size else None
