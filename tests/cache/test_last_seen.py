"""When a job was last seen, without a full sweep rewriting every row it found unchanged.

A full sweep writes only what changed (`stamp_unchanged=False`); when it completes, its start is
recorded once (`mark_missing`), and every job still listed reads as seen then at the latest.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from deidtui.cache import JobCache
from deidtui.domain.models import JobStatus

from .factories import at, job
from .factories import listed_rows as rows

S = JobStatus


def stored_last_seen(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT name, last_seen FROM jobs"))


async def last_seen(cache: JobCache, name: str) -> object:
    view = await cache.job("p", name)
    assert view is not None
    return view.last_seen


async def test_a_full_sweep_writes_no_row_it_found_unchanged_and_its_start_says_when_they_were_seen(
    cache: JobCache,
) -> None:
    await cache.upsert_listed("p", rows(job("a"), job("b"), job("c", S.SUCCEEDED)), seen_at=at(100))
    await cache.mark_missing("p", {"a", "b", "c"}, seen_at=at(101), sweep_started_at=at(100))
    before = stored_last_seen(cache.path)

    # The next sweep: a and c unchanged, b moved on.
    changes = await cache.upsert_listed(
        "p", rows(job("a"), job("b", S.SUCCEEDED, updated=20), job("c", S.SUCCEEDED)), seen_at=at(200),
        stamp_unchanged=False,
    )  # fmt: skip
    assert [change.name for change in changes] == ["b"]
    after = stored_last_seen(cache.path)
    assert after["a"] == before["a"] and after["c"] == before["c"]  # nothing written for them
    assert await last_seen(cache, "a") == at(100)  # the sweep has not completed yet: the last one's start

    await cache.mark_missing("p", {"a", "b", "c"}, seen_at=at(210), sweep_started_at=at(199))
    assert stored_last_seen(cache.path)["a"] == before["a"]
    assert [await last_seen(cache, name) for name in "abc"] == [at(199), at(200), at(199)]
    assert [view.last_seen for view in await cache.jobs("p")] == [at(199), at(200), at(199)]
    assert await cache.last_sweep("p") == at(210)


async def test_a_job_deleted_after_sweeps_keeps_the_last_one_that_listed_it(cache: JobCache) -> None:
    await cache.upsert_listed("p", rows(job("a"), job("b")), seen_at=at(100))
    await cache.upsert_listed("p", rows(job("a"), job("b")), seen_at=at(300), stamp_unchanged=False)
    await cache.mark_missing("p", {"a", "b"}, seen_at=at(310), sweep_started_at=at(300))
    await cache.upsert_listed("p", rows(job("b")), seen_at=at(400), stamp_unchanged=False)
    deleted = await cache.mark_missing("p", {"b"}, seen_at=at(410), sweep_started_at=at(400))
    assert [(change.name, change.job.last_seen) for change in deleted] == [("a", at(300))]
    assert await last_seen(cache, "a") == at(300)  # not the later sweep's, which did not list it
    assert await last_seen(cache, "b") == at(400)

    # Gone by a 404 instead: the same.
    await cache.mark_deleted("p", {"b"}, seen_at=at(500))
    assert await last_seen(cache, "b") == at(400)

    # Listed again: seen now, by its own row.
    await cache.upsert_listed("p", rows(job("a")), seen_at=at(600), stamp_unchanged=False)
    assert await last_seen(cache, "a") == at(600)


async def test_a_sweep_that_started_earlier_but_ended_later_does_not_set_the_time_back(cache: JobCache) -> None:
    await cache.upsert_listed("p", rows(job("a")), seen_at=at(100))
    await cache.mark_missing("p", {"a"}, seen_at=at(260), sweep_started_at=at(250))
    await cache.mark_missing("p", {"a"}, seen_at=at(270), sweep_started_at=at(200))  # another process's
    assert await last_seen(cache, "a") == at(250)


async def test_a_job_confirmed_during_a_sweep_keeps_its_own_later_sighting(cache: JobCache) -> None:
    await cache.upsert_listed("p", rows(job("a")), seen_at=at(100))
    await cache.upsert_jobs("p", [job("new", created=5)], seen_at=at(150))  # submitted while the sweep ran
    await cache.mark_missing("p", {"a"}, seen_at=at(160), sweep_started_at=at(140))
    assert await last_seen(cache, "new") == at(150)
    assert await last_seen(cache, "a") == at(140)
