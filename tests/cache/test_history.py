"""A job's history is written when the job changes, not when it is first seen, and reads the same.

The reference is the change stream itself: every write the cache reports as a new job, a new
incarnation or a new status adds one entry (status, when it entered it, seen at, incarnation),
which is what the history held when each first sighting was written at once. A job entered its
status at its lastUpdatedAt, or, running, at its startedAt (`Job.status_since`, on decoded jobs: the
cache applies the rule to its stored text).
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Sequence

import pytest

from deidtui.cache import JobCache
from deidtui.cache.codec import job_row, job_values
from deidtui.cache.records import JobChange, RowChange
from deidtui.domain.models import JobStatus, JobSummary, ServiceError

from .factories import at, job

S = JobStatus
Entry = tuple[JobStatus, object, object, int]


def history_rows(cache: JobCache) -> int:
    with sqlite3.connect(cache.path) as db:
        return db.execute("SELECT count(*) FROM transitions").fetchone()[0]


async def test_a_first_sweep_of_new_jobs_writes_no_history_and_each_job_still_has_its_first_status(
    cache: JobCache,
) -> None:
    jobs = [job(f"j{i}", S.SUCCEEDED if i % 3 else S.RUNNING, created=i, updated=i + 5) for i in range(300)]
    await cache.upsert_listed("p", [(j.name, job_row(job_values(j))) for j in jobs], seen_at=at(1000))
    assert history_rows(cache) == 0
    for j in jobs[:10]:
        assert [(t.status, t.at, t.seen_at, t.incarnation) for t in await cache.transitions("p", j.name)] == [
            (j.status, j.status_since, at(1000), 1)
        ]
    assert await cache.transitions("p", "never-seen") == []


async def test_a_change_that_keeps_the_status_records_the_first_one_as_it_was_seen(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a", S.RUNNING, updated=5)], seen_at=at(100))
    await cache.upsert_jobs("p", [job("a", S.RUNNING, updated=9)], seen_at=at(200))  # progress, same status
    await cache.upsert_jobs("p", [job("a", S.SUCCEEDED, updated=12)], seen_at=at(300))
    assert [(t.status, t.at, t.seen_at) for t in await cache.transitions("p", "a")] == [
        (S.RUNNING, at(1), at(100)),  # its startedAt (the factory's: created + 1)
        (S.SUCCEEDED, at(12), at(300)),
    ]


@pytest.mark.parametrize("seed", range(6))
async def test_the_history_equals_one_written_at_every_first_sighting(cache: JobCache, seed: int) -> None:
    rng = random.Random(seed)
    expected: dict[str, list[Entry]] = {}
    created = dict.fromkeys("abc", 0.0)
    updated = dict.fromkeys("abc", 1.0)
    for step in range(60):
        seen = at(1000 + step)
        if rng.random() < 0.1:
            await cache.mark_missing("p", {n for n in "abc" if rng.random() < 0.5}, seen_at=seen)
            continue
        page = []
        for name in rng.sample("abc", rng.randint(1, 3)):
            move = rng.random()
            if move < 0.1:  # deleted and created again under its name
                created[name] = updated[name] + 1
                updated[name] = created[name]
            elif move < 0.7:
                updated[name] += rng.choice([0, 1, 2])
            elif move < 0.8:
                updated[name] -= 1  # a late answer, ignored unless it is news
            status = rng.choice(list(S))
            summary = JobSummary(2, 1, 0, 3, 10) if rng.random() < 0.3 else None
            error = ServiceError("E", "failed") if status is S.FAILED and rng.random() < 0.5 else None
            page.append(job(name, status, created=created[name], updated=updated[name], summary=summary, error=error))
        changes: Sequence[JobChange | RowChange] = (
            await cache.upsert_jobs("p", page, seen_at=seen)
            if rng.random() < 0.5
            else await cache.upsert_listed("p", [(j.name, job_row(job_values(j))) for j in page], seen_at=seen)
        )
        for change in changes:
            view = await cache.job("p", change.name)
            assert view is not None
            entry = (view.status, view.job.status_since, seen, view.incarnation)
            if change.kind == "added" or change.recreated or change.old_status is not view.status:
                expected.setdefault(change.name, []).append(entry)
    for name, entries in expected.items():
        view = await cache.job("p", name)
        assert view is not None
        got = [(t.status, t.at, t.seen_at, t.incarnation) for t in await cache.transitions("p", name)]
        assert got == [e for e in entries if e[3] == view.incarnation], (seed, name)
        everything = await cache.transitions("p", name, all_incarnations=True)
        assert [(t.status, t.at, t.seen_at, t.incarnation) for t in everything] == entries, (seed, name)
