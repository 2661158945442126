"""The feed reads the cache's changes a page at a time, so a whole cache of views never lives at once."""

from __future__ import annotations

from pathlib import Path

from deidtui.cache import JobCache
from deidtui.engine import feed as feed_module
from deidtui.engine.events import EventBus, JobChanged
from deidtui.engine.feed import CacheFeed

from ..cache.factories import job


async def test_the_first_drain_reads_and_publishes_the_cache_a_page_at_a_time(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(feed_module, "PAGE", 10)
    async with await JobCache.open(tmp_path / "cache.sqlite3") as cache:
        await cache.upsert_jobs("p", [job(f"job-{i:02}") for i in range(25)])
        bus = EventBus(max_unkeyed=1000)
        subscription = bus.subscribe()
        feed = CacheFeed(cache, "p", bus)
        pages: list[int] = []
        changed_since = cache.changed_since

        async def counted(profile: str, revision: int, *, limit: int = -1):
            views, reached = await changed_since(profile, revision, limit=limit)
            pages.append(len(views))
            return views, reached

        monkeypatch.setattr(cache, "changed_since", counted)
        assert await feed.drain() == 25
        assert pages == [10, 10, 5]
        published = [e.view.name for e in subscription.drain() if isinstance(e, JobChanged)]
        assert sorted(published) == [f"job-{i:02}" for i in range(25)]
        await cache.upsert_jobs("p", [job("job-03", updated=20)])
        assert await feed.drain() == 1 and pages[-1] == 1  # then only what changed since
