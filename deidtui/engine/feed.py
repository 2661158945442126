"""The one route by which job changes reach the screen and the poller: the cache's own state.

Whoever writes the cache (this engine's poller and actions, or another deidtui process sharing the
file: `jobs watch`, `jobs list`, a second dashboard), the write raises the cache's change counter
(see `cache.schema.MIGRATION_3`). The feed reads every job written since it last looked and
publishes each as a `JobChanged` carrying its current state in brief (`domain.briefs`, read from the
rows without building whole views). Nothing is published from a writer's own idea of what it
changed, so no writer can leave the screen behind.

It looks again at once after this process writes, and otherwise checks SQLite's `data_version`
(which changes when another connection commits) a few times a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from pathlib import Path

from ..cache import CacheError, JobCache
from ..domain.briefs import JobBrief
from .events import CacheReplaced, EventBus, JobChanged, Notice

log = logging.getLogger("deidtui.engine")

FOREIGN_CHECK = 0.5  # seconds between looks for another process's writes
RETRY_AFTER_FAILURE = 2.0
PAGE = 1000  # jobs read and published at a time (see `drain`)
TAKEN_WITHIN = 1.0  # seconds a page waits for its subscribers to take it before the next is read

Observer = Callable[[list[JobBrief]], None]


class CacheFeed:
    def __init__(self, cache: JobCache, profile: str, bus: EventBus, *, foreign_check: float = FOREIGN_CHECK) -> None:
        self._cache = cache
        self._profile = profile
        self._bus = bus
        self._foreign_check = foreign_check
        self._observers: list[Observer] = []
        self._revision = 0
        # A damaged file is rebuilt while it is read (the integrity check runs beside the first
        # reads, and the dashboard's first screen is read from the file before it), and the new
        # file numbers its revisions from the start again. None: what subscribers may hold came
        # from the file as opened, so a rebuild before the first drain is announced too.
        self._rebuilt_from: Path | None = None
        self._written = asyncio.Event()
        self.drains = 0  # for tests
        cache.on_write(self._written.set)

    def observe(self, observer: Observer) -> None:
        """Also hand every batch of changed jobs to `observer` (the poller tracks jobs this way)."""
        self._observers.append(observer)

    @property
    def revision(self) -> int:
        return self._revision

    async def run(self) -> None:
        version = await self._cache.data_version()
        failing = False
        while True:
            try:
                await self.drain()
                if failing:
                    self._bus.publish(Notice("info", "The local cache is readable again"))
                failing = False
            except CacheError as error:
                log.warning("reading changes from the cache failed: %s", error)
                if not failing:
                    self._bus.publish(
                        Notice(
                            "error",
                            "The local cache could not be read",
                            f"{error} The screen may lag until it can; deidtui keeps trying.",
                        )
                    )
                failing = True
            if failing:  # waited out of the except block: the failure and its frames are let go first
                await asyncio.sleep(RETRY_AFTER_FAILURE)
                continue
            version = await self._wait_for_change(version)

    async def _wait_for_change(self, version: int) -> int:
        """Until this process writes, or another one has written; returns the data_version seen."""
        while True:
            # asyncio.timeout, not wait_for: Python 3.11's wait_for can swallow the cancellation
            # that stops the engine (when its timeout expires at the same moment) and hang `stop`.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._foreign_check):
                    await self._written.wait()
            if self._written.is_set():
                return version
            current = await self._cache.data_version()
            if current != version:
                return current

    async def drain(self) -> int:
        """Publish every job written since the last drain, a page at a time; returns how many.

        The first drain reads the whole cache (10,000 jobs and more), a page at a time: read at
        once, every job's row was alive at the same moment, and the memory they took stayed with
        the process (freed objects leave their allocator's arenas partly used); a page at a time,
        the next page reuses what the last one freed. The next page is read once the subscribers
        took this one: read at once, pages piled up in their mailboxes (the dashboard takes a batch
        at most four times a second), and all 10,000 briefs were alive together again."""
        self._written.clear()
        moved = self._cache.recovered_from
        if moved != self._rebuilt_from:
            self._rebuilt_from, self._revision = moved, 0  # read the new file whole
            if moved is not None:
                self._bus.publish(CacheReplaced(moved))  # before any job of the new file
        published = 0
        while True:
            briefs, self._revision = await self._cache.changed_briefs(self._profile, self._revision, limit=PAGE)
            published += len(briefs)
            for brief in briefs:
                self._bus.publish(JobChanged(brief))
            if briefs:
                for observer in self._observers:
                    observer(briefs)
            if len(briefs) < PAGE:
                break
            del briefs
            await self._bus.taken(TAKEN_WITHIN)  # let the screen take this page before the next is read
        self.drains += 1
        return published
