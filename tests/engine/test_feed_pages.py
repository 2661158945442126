"""The feed reads the cache's changes a page at a time, so a whole cache of rows never lives at once."""

from __future__ import annotations

import asyncio
from pathlib import Path

from deidtui.cache import JobCache
from deidtui.engine import feed as feed_module
from deidtui.engine.events import EventBus, JobChanged
from deidtui.engine.feed import CacheFeed

from ..cache.factories import job


async def test_the_first_drain_reads_and_publishes_the_cache_a_page_at_a_time(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(feed_module, "PAGE", 10)
    monkeypatch.setattr(feed_module, "TAKEN_WITHIN", 0.01)  # nobody takes the pages here
    async with await JobCache.open(tmp_path / "cache.sqlite3") as cache:
        for first in range(0, 25, 5):  # written as a sweep writes them, a batch per page of the listing
            await cache.upsert_jobs("p", [job(f"job-{i:02}") for i in range(first, min(first + 5, 25))])
        bus = EventBus(max_unkeyed=1000)
        subscription = bus.subscribe()
        feed = CacheFeed(cache, "p", bus)
        pages: list[int] = []
        changed_briefs = cache.changed_briefs

        async def counted(profile: str, revision: int, *, limit: int = -1):
            briefs, reached = await changed_briefs(profile, revision, limit=limit)
            pages.append(len(briefs))
            return briefs, reached

        monkeypatch.setattr(cache, "changed_briefs", counted)
        assert await feed.drain() == 25
        assert pages == [10, 10, 5]
        published = [e.brief.name for e in subscription.drain() if isinstance(e, JobChanged)]
        assert sorted(published) == [f"job-{i:02}" for i in range(25)]
        await cache.upsert_jobs("p", [job("job-03", updated=20)])
        assert await feed.drain() == 1 and pages[-1] == 1  # then only what changed since


async def test_a_cache_rebuilt_after_the_first_page_is_read_again_from_its_start(tmp_path: Path, monkeypatch) -> None:
    """The dashboard's first drain can read a page of a damaged file before the integrity check
    rebuilds it. The rebuilt file numbers its revisions from the start again: a feed that kept the
    old file's revision never saw a job written to the new one (the queue missed every job)."""
    from deidtui.cache import recovery

    from ..cache.factories import damage_a_page

    monkeypatch.setattr(feed_module, "PAGE", 10)
    path = tmp_path / "cache.sqlite3"
    async with await JobCache.open(path) as cache:
        for first in range(0, 2_000, 10):
            await cache.upsert_jobs("p", [job(f"old-{i:04}", created=i) for i in range(first, first + 10)])
    damage_a_page(path)
    first_page_read = asyncio.Event()
    check = recovery.IntegrityCheck.damaged

    async def after_the_first_page(self) -> bool:
        await first_page_read.wait()
        return await check(self)

    monkeypatch.setattr(recovery.IntegrityCheck, "damaged", after_the_first_page)
    async with await JobCache.open(path) as cache:
        bus = EventBus(max_unkeyed=10_000)
        subscription = bus.subscribe()
        feed = CacheFeed(cache, "p", bus)
        views, feed_revision = await cache.changed_since("p", 0, limit=10)  # what the first page reads
        assert len(views) == 10 and feed_revision >= 1
        feed._revision = feed_revision  # the feed got that far
        first_page_read.set()
        assert await cache.verified() is not None  # rebuilt: the new file is empty
        await cache.upsert_jobs("p", [job("after-rebuild", created=5_000)])
        await feed.drain()
        events = subscription.drain()
        published = [e.brief.name for e in events if isinstance(e, JobChanged)]
        assert published == ["after-rebuild"]
        # Subscribers hear first that what they read of the old file is void (its revisions too).
        assert [type(e).__name__ for e in events] == ["CacheReplaced", "JobChanged"]
        assert events[0].moved == cache.recovered_from


async def test_the_next_page_is_read_once_the_subscribers_took_the_last(tmp_path: Path, monkeypatch) -> None:
    """The dashboard takes a batch of events at most four times a second: a feed that read on
    meanwhile piled every page up in its mailbox (10,000 jobs' briefs alive at once, and the memory
    they took kept by the process after they were gone)."""
    monkeypatch.setattr(feed_module, "PAGE", 10)
    async with await JobCache.open(tmp_path / "cache.sqlite3") as cache:
        for first in range(0, 100, 10):  # a batch a page, as sweeps write them (one revision each)
            await cache.upsert_jobs("p", [job(f"job-{i:03}") for i in range(first, first + 10)])
        bus = EventBus(max_unkeyed=1000)
        subscription = bus.subscribe()
        feed = CacheFeed(cache, "p", bus)
        taken: list[int] = []

        async def paced_reader() -> None:
            while True:
                await subscription.wait()
                await asyncio.sleep(0.05)  # the app's pump waits between batches
                taken.append(sum(isinstance(e, JobChanged) for e in subscription.drain()))

        reader = asyncio.create_task(paced_reader())
        try:
            assert await feed.drain() == 100
            await asyncio.sleep(0.1)
        finally:
            reader.cancel()
        assert sum(taken) == 100
        assert max(taken) == 10, taken  # never more than a page waiting


async def test_a_subscriber_that_stops_reading_holds_the_feed_back_only_a_moment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(feed_module, "PAGE", 10)
    monkeypatch.setattr(feed_module, "TAKEN_WITHIN", 0.05)
    async with await JobCache.open(tmp_path / "cache.sqlite3") as cache:
        for first in range(0, 30, 10):
            await cache.upsert_jobs("p", [job(f"job-{i:03}") for i in range(first, first + 10)])
        bus = EventBus(max_unkeyed=1000)
        bus.subscribe()  # never read
        feed = CacheFeed(cache, "p", bus)
        assert await asyncio.wait_for(feed.drain(), timeout=5) == 30


async def test_a_paced_reader_takes_a_page_arriving_while_it_waits_at_once() -> None:
    """The dashboard waits a quarter second after a poll's news; a page of a bulk read arriving
    meanwhile is taken at once (each page waited out that pause: 50,000 jobs took 4 s, not 1.6)."""
    import random

    from deidtui.domain.briefs import brief_of
    from deidtui.engine.events import Notice
    from deidtui.engine.fleet import FleetSubscription

    from ..tui.main.test_queue_order import view

    rng = random.Random(1)
    briefs = [brief_of(view(f"job-{i:02}", rng, 1)) for i in range(20)]
    for fleet in (False, True):
        buses = {"prod": EventBus(), "test": EventBus()}
        subscriptions = {name: bus.subscribe() for name, bus in buses.items()}
        reader = FleetSubscription(subscriptions) if fleet else subscriptions["prod"]
        loop = asyncio.get_running_loop()
        buses["prod"].publish(Notice("info", "news"))
        started = loop.time()
        waiting = asyncio.create_task(reader.filled(20, timeout=5.0))
        await asyncio.sleep(0.05)
        assert not waiting.done()  # one event: still waiting
        for brief in briefs:
            buses["prod"].publish(JobChanged(brief))
        await asyncio.wait_for(waiting, timeout=1.0)
        assert loop.time() - started < 1.0
        reader.drain()
        started = loop.time()
        await reader.filled(20, timeout=0.1)  # nothing comes: back after the timeout
        assert 0.09 <= loop.time() - started < 1.0
