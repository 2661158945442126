"""Opening the engine's cache: its file, once however many ask at once, or, when the file cannot be
used (a read-only file or folder, a folder or a dangling link at its path...), a cache in memory,
seeded with the file's jobs when they can be read, and the warning that says deidtui works without
the local cache. `Engine` (engine.py) opens its cache through one `CacheOpening`.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from ..cache import CacheError, JobCache
from .events import EventBus, Notice

log = logging.getLogger("deidtui.engine")


class CacheOpening:
    """The opening of one engine's cache, and what it found: `problem` (why the file could not be
    used), `unread` and `warning`."""

    def __init__(self, cache_path: Path | None, bus: EventBus) -> None:
        self._cache_path = cache_path
        self._bus = bus
        self._open_task: asyncio.Future[JobCache] | None = None
        self.problem: CacheError | None = None
        self.warning: Notice | None = None  # said to every subscriber while the cache is in memory
        self.unread = False  # the unusable cache file's jobs could not be read into memory either

    async def open(self) -> JobCache:
        """The cache, opened now or by the open already under way."""
        # One open however many ask at once (the dashboard's reads and `start`), and a caller
        # cancelled meanwhile (the app quitting) does not cut SQLite's thread off half-way:
        # the open completes, and `stop` closes what it opened.
        if self._open_task is None:
            self._open_task = asyncio.ensure_future(self._open_file_or_memory())
        opening = self._open_task
        try:
            return await asyncio.shield(opening)
        finally:
            if opening.done() and self._open_task is opening:
                self._open_task = None

    def take_pending(self) -> asyncio.Future[JobCache] | None:
        """The open under way, if any, for `stop` to await and close what it opens; the next
        `open` starts another."""
        opening, self._open_task = self._open_task, None
        return opening

    async def _open_file_or_memory(self) -> JobCache:
        try:
            return await JobCache.open(self._cache_path)
        except CacheError as error:
            log.warning("the cache cannot be opened (%s); using one in memory", error)
            path = self._resolved_cache_path()
            cache = await JobCache.open_in_memory(seed_from=path)
            self.problem = error
            self.unread = not cache.seeded and path.is_file()
            self.warning = self._cache_notice(error, history=cache.seeded, unread=self.unread)
            self._bus.publish(self.warning)
            return cache

    def _resolved_cache_path(self) -> Path:
        from ..cache import default_cache_path

        return Path(self._cache_path).expanduser() if self._cache_path is not None else default_cache_path()

    @staticmethod
    def _cache_notice(error: CacheError, *, history: bool, unread: bool) -> Notice:
        """`history`: the file's jobs were read into memory and are shown; else, with `unread`, the
        file is there but its jobs could not be read (damaged, locked, too new): they are not shown."""
        if history:
            held = " The jobs it held are shown, read from it once."
        elif unread:
            held = " The jobs it held could not be read either, so the history they hold is not shown."
        else:
            held = ""
        return Notice(
            "warning",
            "Working without the local cache",
            f"{error}{held} deidtui works from the service with a cache in memory: nothing is kept after it "
            "exits, and a submission interrupted meanwhile cannot be settled later.",
        )
