"""Fixed-size chunks of a byte source: a bounded LRU cache of raw chunks, de-duplicated
reads, the line index (`index.py`) they feed, and navigation between display lines.

Every chunk read is summarised into the index, even when it is not kept in the cache, so
the index only grows. Exact positions inside a chunk come from its bytes when cached.

Navigation is synchronous, for `render_line`: when bytes or summaries are missing it raises
`NeedChunks`, the widget fetches them in a worker and tries again.
"""

from __future__ import annotations

import asyncio
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable

from .index import Chunk, LineIndex
from .source import ByteSource

CHUNK_SIZE = 256 * 1024
MAX_CHUNKS = 32  # 8 MiB of raw bytes normally, whatever the blob size
HARD_MAX_CHUNKS = 128  # a tall screen of 256 KiB lines may need more; never beyond 32 MiB
MAX_RUN = 4  # neighbouring chunks are fetched with one request of up to 1 MiB


class NeedChunks(Exception):
    """The answer depends on chunks not in memory yet; fetch them and ask again."""

    def __init__(self, chunks: Iterable[int]) -> None:
        self.chunks = frozenset(chunks)
        super().__init__(f"need chunks {sorted(self.chunks)}")


class ShortReadError(IOError):
    """The source returned fewer bytes than its size promised (it changed or was truncated)."""


class ChunkStore:
    """The chunks of one source: LRU cache, de-duplicated fetches, the line index and navigation."""

    def __init__(self, source: ByteSource, *, chunk_size: int = CHUNK_SIZE, max_chunks: int = MAX_CHUNKS) -> None:
        self.source = source
        self.size = source.size
        self.chunk_size = chunk_size
        self.max_chunks = max_chunks
        self.count = -(-self.size // chunk_size)
        self.index = LineIndex(self.count)
        self.errors: dict[int, BaseException] = {}
        self.requests = 0
        """Reads issued to the source by this store (benchmarks and tests count them)."""
        self._cache: OrderedDict[int, Chunk] = OrderedDict()
        self._inflight: dict[int, asyncio.Future[Chunk]] = {}
        self._cycle: set[int] = set()

    # -- the cache -------------------------------------------------------------------------

    def chunk_of(self, offset: int) -> int:
        return offset // self.chunk_size

    def chunk_len(self, i: int) -> int:
        return min(self.chunk_size, self.size - i * self.chunk_size)

    def peek(self, i: int) -> Chunk | None:
        """The cached chunk `i` (marked recently used), or None."""
        chunk = self._cache.get(i)
        if chunk is not None:
            self._cache.move_to_end(i)
        return chunk

    def require(self, i: int) -> Chunk:
        chunk = self.peek(i)
        if chunk is None:
            raise NeedChunks((i,))
        return chunk

    def is_loading(self, i: int) -> bool:
        return i in self._inflight

    @property
    def cached(self) -> list[int]:
        return list(self._cache)

    async def load(self, i: int, *, keep: bool = True) -> Chunk:
        """Chunk `i`, from the cache or one read; `keep=False` streams without evicting what is on screen."""
        chunk = self.peek(i)
        if chunk is not None:
            return chunk
        pending = self._inflight.get(i)
        if pending is not None:
            try:
                return await asyncio.shield(pending)
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if task is not None and task.cancelling():
                    raise
                # The reader we were waiting on was cancelled, not us: read it ourselves.
                return await self.load(i, keep=keep)
        return (await self._read_run([i], keep=keep))[0]

    async def load_many(self, indices: Iterable[int]) -> None:
        """Load several chunks; neighbours are read together, one request per run of up to MAX_RUN."""
        wanted = sorted({i for i in indices if self.peek(i) is None})
        waits = [self.load(i) for i in wanted if i in self._inflight]
        runs: list[list[int]] = []
        for i in (i for i in wanted if i not in self._inflight):
            if runs and runs[-1][-1] == i - 1 and len(runs[-1]) < MAX_RUN:
                runs[-1].append(i)
            else:
                runs.append([i])
        # Claimed now, before the reads start: another load of the same chunks meanwhile waits
        # for these reads instead of making its own.
        reads = [self._read_claimed(run, self._claim(run)) for run in runs]
        await asyncio.gather(*waits, *reads)

    def _claim(self, run: list[int]) -> dict[int, asyncio.Future[Chunk]]:
        loop = asyncio.get_running_loop()
        futures = {i: loop.create_future() for i in run}
        self._inflight.update(futures)
        return futures

    async def _read_run(self, run: list[int], *, keep: bool = True) -> list[Chunk]:
        """Read consecutive chunks with one request, registering each as in flight meanwhile."""
        return await self._read_claimed(run, self._claim(run), keep=keep)

    async def _read_claimed(
        self, run: list[int], futures: dict[int, asyncio.Future[Chunk]], *, keep: bool = True
    ) -> list[Chunk]:
        start = run[0] * self.chunk_size
        expected = sum(self.chunk_len(i) for i in run)
        try:
            self.requests += 1
            data = await self.source.read(start, expected)
            if len(data) != expected:
                raise ShortReadError(f"read {len(data):,} of {expected:,} bytes at offset {start:,}")
            chunks = []
            for i in run:
                offset = i * self.chunk_size - start
                chunk = Chunk(i, i * self.chunk_size, bytes(data[offset : offset + self.chunk_len(i)]))
                self.index.add(chunk)
                self.errors.pop(i, None)
                if keep:
                    self._remember(chunk)
                futures[i].set_result(chunk)
                chunks.append(chunk)
            return chunks
        except asyncio.CancelledError:
            for future in futures.values():
                future.cancel()
            raise
        except Exception as error:
            for i, future in futures.items():
                self.errors[i] = error
                future.set_exception(error)
                future.exception()  # mark retrieved: waiters re-raise it, nobody else must be warned
            raise
        finally:
            for i in run:
                del self._inflight[i]

    def _remember(self, chunk: Chunk) -> None:
        self._cache[chunk.index] = chunk
        self._cache.move_to_end(chunk.index)
        while len(self._cache) > self.max_chunks:
            self._cache.popitem(last=False)

    def needed(self, chunks: Iterable[int]) -> None:
        """Note chunks one screen needs until `settled()`; if one screen needs more than the cache
        holds, fetching would evict what the next attempt needs (forever), so the cache grows."""
        self._cycle.update(chunks)
        while len(self._cycle) >= self.max_chunks and self.max_chunks < HARD_MAX_CHUNKS:
            self.max_chunks = min(self.max_chunks * 2, HARD_MAX_CHUNKS)

    def settled(self) -> None:
        """The screen was computed: forget the chunks it needed."""
        self._cycle.clear()

    def retry(self) -> None:
        """Forget failed reads so they are tried again."""
        self.errors.clear()

    # -- bytes and lines ---------------------------------------------------------------------

    def bytes_at(self, start: int, end: int) -> bytes:
        """Bytes [start, end) from cached chunks (NeedChunks lists every missing one)."""
        end = min(end, self.size)
        if start >= end:
            return b""
        first, last = self.chunk_of(start), self.chunk_of(end - 1)
        missing = [i for i in range(first, last + 1) if i not in self._cache]
        if missing:
            raise NeedChunks(missing)
        parts = []
        for i in range(first, last + 1):
            chunk = self.require(i)
            parts.append(chunk.data[max(start - chunk.start, 0) : end - chunk.start])
        return b"".join(parts)

    def _find_in(self, i: int, rel: int) -> int:
        """First newline at or after `rel` in chunk `i` (relative), -1 if none."""
        chunk = self.peek(i)
        if chunk is not None:
            return chunk.data.find(b"\n", rel)
        index = self.index
        if not index.known(i):
            raise NeedChunks((i,))
        if index.counts[i] == 0 or index.last[i] < rel:
            return -1
        if rel <= index.first[i]:
            return index.first[i]
        raise NeedChunks((i,))

    def _rfind_in(self, i: int, rel: int) -> int:
        """Last newline strictly before `rel` in chunk `i` (relative), -1 if none."""
        chunk = self.peek(i)
        if chunk is not None:
            return chunk.data.rfind(b"\n", 0, rel)
        index = self.index
        if not index.known(i):
            raise NeedChunks((i,))
        if index.counts[i] == 0 or index.first[i] >= rel:
            return -1
        if index.last[i] < rel:
            return index.last[i]
        raise NeedChunks((i,))

    def _no_newline(self, i: int) -> bool:
        if not self.index.known(i):
            raise NeedChunks((i,))
        return self.index.counts[i] == 0

    # A display line ends after a newline, and also at the end of any chunk that holds no newline
    # at all. So no display line is longer than two chunks, and finding where one starts or ends
    # never needs more than two chunks: a 10 MB line is shown as 256 KiB segments ("↳" rows)
    # without reading 10 MB first, and jumping into its middle costs two chunks, not a scan.

    def next_start(self, pos: int) -> int:
        """Where the display line after the one starting at `pos` starts (`size` at the end)."""
        i = self.chunk_of(pos)
        if i >= self.count:
            return self.size
        base = i * self.chunk_size
        found = self._find_in(i, pos - base)
        if found >= 0:
            return base + found + 1
        if self._no_newline(i):
            return min(base + self.chunk_size, self.size)
        following = i + 1
        if following >= self.count:
            return self.size
        if self._no_newline(following):
            return min(following * self.chunk_size + self.chunk_size, self.size)
        return following * self.chunk_size + self.index.first[following] + 1

    def start_of(self, pos: int) -> int:
        """Where the display line holding byte `pos` starts."""
        pos = min(max(pos, 0), max(self.size - 1, 0))
        i = self.chunk_of(pos)
        base = i * self.chunk_size
        found = self._rfind_in(i, pos - base)
        if found >= 0:
            return base + found + 1
        if i == 0:
            return 0
        if self._no_newline(i - 1):
            return base
        return (i - 1) * self.chunk_size + self.index.last[i - 1] + 1

    def is_newline(self, pos: int) -> bool:
        """Whether byte `pos` is a newline, from the cached chunk or, failing that, the summary."""
        i = self.chunk_of(pos)
        chunk = self.peek(i)
        if chunk is not None:
            return chunk.data[pos - chunk.start] == 0x0A
        index, rel = self.index, pos - i * self.chunk_size
        if index.known(i) and (index.counts[i] == 0 or rel in (index.first[i], index.last[i])):
            return index.counts[i] > 0
        raise NeedChunks((i,))

    def is_continuation(self, pos: int) -> bool | None:
        """True when the display line at `pos` continues a longer line (None: not known yet)."""
        if pos <= 0 or pos % self.chunk_size:
            return False
        previous = self.chunk_of(pos) - 1
        if not self.index.known(previous):
            return None
        return self.index.counts[previous] == 0

    def line_no(self, pos: int) -> int | None:
        """Exact 0-based number of the line holding `pos` (newlines before it), within the scanned prefix."""
        i = self.chunk_of(pos)
        index = self.index
        if i > index.prefix_chunks or (i == index.prefix_chunks and pos % self.chunk_size):
            return None
        rel = pos - i * self.chunk_size
        if rel == 0:
            return index.cum[i]
        chunk = self.peek(i)
        if chunk is None:
            return None  # evicted; the caller can live without the number
        return index.cum[i] + bisect_left(chunk.newlines(), rel)

    def row_of(self, pos: int) -> int | None:
        """Exact display row of the display line starting at `pos`, within the scanned prefix."""
        line = self.line_no(pos)
        if line is None:
            return None
        return line + self.index.forced_before(self.chunk_of(pos))

    def start_of_row(self, row: int) -> int | None:
        """Start of display row `row` when the scanned prefix reaches it (`size` if past the end)."""
        if row <= 0:
            return 0
        index = self.index
        starts = index.starts
        if row > starts[-1]:
            return None if not index.complete else self.size
        i = bisect_left(starts, row, 1) - 1  # the row-th start lies in (i*chunk, (i+1)*chunk]
        if index.counts[i] == 0:
            return min((i + 1) * self.chunk_size, self.size)
        chunk = self.require(i)
        return chunk.start + chunk.newlines()[row - starts[i] - 1] + 1

    def start_of_line(self, n: int) -> int | None:
        """Byte offset where 0-based line `n` starts, if the scanned prefix reaches it."""
        if n <= 0:
            return 0
        index = self.index
        if n > index.prefix_newlines:
            return None
        i = bisect_left(index.cum, n, 1) - 1  # chunk holding the n-th newline
        chunk = self.require(i)
        return chunk.start + chunk.newlines()[n - index.cum[i] - 1] + 1

    def _ends_with_newline(self) -> bool:
        last = self.count - 1
        return self.index.last[last] == self.chunk_len(last) - 1

    def total_lines(self) -> int | None:
        """Exact number of lines once everything is scanned (a final newline ends the last line)."""
        if not self.index.complete:
            return None
        if self.size == 0:
            return 0
        return self.index.prefix_newlines + (0 if self._ends_with_newline() else 1)

    def total_rows(self) -> int | None:
        """Exact number of display lines once everything is scanned."""
        lines = self.total_lines()
        if lines is None or self.size == 0:
            return lines
        return lines + self.index.forced_before(self.count - 1)

    def estimated_rows(self) -> int:
        """Display lines: exact if known, else the prefix's plus the rest at the average length."""
        exact = self.total_rows()
        if exact is not None:
            return exact
        prefix_end = min(self.index.prefix_chunks * self.chunk_size, self.size)
        rest = (self.size - prefix_end) / self.index.avg_line_bytes(self.size)
        return self.index.starts[-1] + max(1, round(rest))
