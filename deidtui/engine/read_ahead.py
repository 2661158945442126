"""The stored rows each page of a sweep will most likely list, read while that page is fetched.

The service lists jobs newest first and the cache keeps them by creation time, so the jobs page k
lists are most likely the cache's k-th `size` newest (`cache.spans`). The first span is read while
the first page is asked for, each next one once the page before is stored (its write would
otherwise outdate it). A span is only a guess: the jobs it does not hold are read when the page is
stored, and a span with any write after it is not used at all (`cache.jobs.write_rows`).
"""

from __future__ import annotations

import asyncio
import contextlib

from ..cache import CacheError, JobCache, StoredSpan


class ReadAhead:
    """The spans of one sweep: `first()`, then `after(span)` for each next page."""

    def __init__(self, cache: JobCache, profile: str, size: int) -> None:
        self._cache, self._profile, self._size = cache, profile, size
        self._reads: set[asyncio.Future[StoredSpan | None]] = set()

    def first(self) -> asyncio.Future[StoredSpan | None]:
        """The newest `size` stored rows, being read."""
        return self._start(None)

    def after(self, span: StoredSpan | None) -> asyncio.Future[StoredSpan | None]:
        """The `size` stored rows created before `span`'s, being read; `span` itself at once when
        it holds every row before its own start (none older is cached), None when its read failed."""
        if span is None or span.floor is None:
            done: asyncio.Future[StoredSpan | None] = asyncio.get_running_loop().create_future()
            done.set_result(span)
            return done
        return self._start(span.floor)

    def _start(self, before: str | None) -> asyncio.Future[StoredSpan | None]:
        read = asyncio.ensure_future(self._read(before))
        self._reads.add(read)
        read.add_done_callback(self._reads.discard)
        return read

    async def _read(self, before: str | None) -> StoredSpan | None:
        try:
            return await self._cache.read_span(self._profile, before, self._size)
        except CacheError:
            return None  # the store reads its rows itself, and reports what is wrong with the cache

    async def close(self) -> None:
        """Cancel the reads no page will use (a sweep that ended or failed)."""
        for read in list(self._reads):
            read.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await read
