"""peek_jobs: the dashboard's first screenful read without opening the cache, or None."""

from __future__ import annotations

from pathlib import Path

import pytest

from deidtui.cache import JobCache, peek_jobs
from deidtui.domain.models import JobStatus

from .factories import job, write_release_cache


async def test_peek_reads_the_newest_jobs_like_the_cache_does(cache_path: Path) -> None:
    async with await JobCache.open(cache_path) as cache:
        await cache.upsert_jobs("p", [job(f"job-{i:03d}", JobStatus.SUCCEEDED, created=i) for i in range(120)])
        await cache.upsert_jobs("other", [job("not-mine", created=500)])
        await cache.mark_deleted("p", {"job-119"})
        expected = await cache.jobs("p", limit=50)
    peeked = peek_jobs(cache_path, "p", limit=50)
    assert peeked == expected
    assert [j.name for j in peeked][:2] == ["job-118", "job-117"]  # newest first; deleted and other profiles left out


def test_no_file_means_none_and_no_file_is_created(tmp_path: Path) -> None:
    path = tmp_path / "state" / "cache.sqlite3"
    assert peek_jobs(path, "p", limit=10) is None
    assert not path.exists() and not path.parent.exists()


async def test_a_cache_that_needs_a_migration_or_is_damaged_is_left_to_open(
    cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_release_cache(cache_path, 1, "p", [job("old-schema")])
    assert peek_jobs(cache_path, "p", limit=10) is None  # JobCache.open migrates it; the peek never writes
    async with await JobCache.open(cache_path) as cache:
        assert [j.name for j in await cache.jobs("p")] == ["old-schema"]
    assert [j.name for j in peek_jobs(cache_path, "p", limit=10)] == ["old-schema"]

    garbage = cache_path.with_name("garbage.sqlite3")
    garbage.write_bytes(b"not a database" * 1000)
    assert peek_jobs(garbage, "p", limit=10) is None
    assert garbage.read_bytes() == b"not a database" * 1000
