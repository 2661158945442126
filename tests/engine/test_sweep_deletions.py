"""A full sweep flags exactly the jobs the service no longer lists, whatever the pages: the cached
jobs it did not list are found page by page (`engine.unlisted.Unlisted`), each page covering a span
of creation times, so the spans must cover every cached job once however the service orders its
listing, whatever the page size, with jobs created at the same moment on either side of a page's
edge, and with a job listed twice."""

from __future__ import annotations

import asyncio
import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from deidtui.cache import JobCache
from deidtui.domain.models import Job, JobSpec, JobStatus

from .test_sweep_storing import PROFILE, ScriptedListing, WatchedCache, poller_over

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def job(i: int, second: int) -> Job:
    created = T0 + timedelta(seconds=second)
    return Job(
        f"job-{i:03}",
        JobSpec("https://a.blob.core.windows.net/c", "in/", "out/"),
        JobStatus.SUCCEEDED,
        created,
        created,
    )


@st.composite
def services(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(0, 30))
    seconds = [draw(st.integers(0, 8)) for _ in range(count)]  # few distinct moments: many ties
    cached = [job(i, second) for i, second in enumerate(seconds)]
    flagged = {j.name for j in cached if draw(st.booleans()) and draw(st.booleans())}  # deleted before
    gone = {j.name for j in cached if draw(st.booleans())}  # the service no longer lists them
    new = [job(100 + i, draw(st.integers(0, 9))) for i in range(draw(st.integers(0, 5)))]
    listing = [j for j in cached if j.name not in gone] + new
    order = draw(st.sampled_from(["newest first", "shuffled", "oldest first"]))
    if order == "shuffled":
        random.Random(draw(st.integers(0, 2**16))).shuffle(listing)
    else:
        listing.sort(key=lambda j: j.created_at, reverse=order == "newest first")
    if listing and draw(st.booleans()):  # a job created meanwhile pushed one onto the next page too
        at = draw(st.integers(0, len(listing) - 1))
        listing.insert(at, listing[at])
    size = draw(st.integers(1, 6))
    pages = [[j.to_rest() for j in listing[start : start + size]] for start in range(0, len(listing), size)]
    return {"cached": cached, "flagged": flagged, "pages": pages, "listed": {j.name for j in listing}}


@settings(max_examples=150, deadline=None)
@given(services())
def test_a_full_sweep_flags_exactly_the_jobs_no_longer_listed(service: dict[str, Any]) -> None:
    async def sweep() -> tuple[set[str], set[str], set[str]]:
        with tempfile.TemporaryDirectory() as folder:
            cache = await JobCache.open(Path(folder) / "cache.sqlite3")
            try:
                earlier = datetime.now(UTC) - timedelta(minutes=1)
                await cache.upsert_jobs(PROFILE, service["cached"], seen_at=earlier)
                await cache.mark_deleted(PROFILE, service["flagged"], seen_at=earlier)
                poller = poller_over(ScriptedListing(service["pages"]), WatchedCache(cache))
                await poller.sweep_once()
                views = await cache.jobs(PROFILE, include_deleted=True)
                return (
                    {v.name for v in views if v.deleted},
                    {v.name for v in views if not v.deleted},
                    {v.name for v in views},
                )
            finally:
                await cache.close()

    deleted, shown, known = asyncio.run(sweep())
    assert shown == service["listed"]
    assert deleted == known - service["listed"]
    assert deleted == ({j.name for j in service["cached"]} - service["listed"])
