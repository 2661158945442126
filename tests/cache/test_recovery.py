"""A damaged cache file is moved aside with its companions and replaced by a fresh one."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from deidtui.cache import CacheError, JobCache
from deidtui.domain.models import JobStatus

from .factories import damage_a_page, job


async def fill(path: Path, count: int = 3_000) -> None:
    async with await JobCache.open(path) as cache:
        jobs = [job(f"job-{i:05d}", JobStatus.SUCCEEDED, created=i, updated=i + 1) for i in range(count)]
        for start in range(0, count, 1_000):
            await cache.upsert_jobs("p", jobs[start : start + 1_000])


async def test_a_healthy_cache_is_not_recovered(cache_path: Path) -> None:
    await fill(cache_path, 10)
    async with await JobCache.open(cache_path) as cache:
        assert await cache.verified() is None and cache.recovered_from is None
        assert len(await cache.jobs("p")) == 10
    assert not list(cache_path.parent.glob("*.corrupt-*"))


async def test_a_file_of_garbage_is_moved_aside_with_its_wal_and_shm(cache_path: Path) -> None:
    cache_path.parent.mkdir(mode=0o700)
    garbage = os.urandom(8192)
    cache_path.write_bytes(garbage)
    wal, shm = (cache_path.with_name(cache_path.name + s) for s in ("-wal", "-shm"))
    wal.write_bytes(b"stale wal")
    shm.write_bytes(b"stale shm")

    async with await JobCache.open(cache_path) as cache:
        moved = cache.recovered_from
        assert moved is not None and moved.parent == cache_path.parent
        assert moved.name.startswith("cache.sqlite3.corrupt-")
        # The fresh cache works, and is empty until the engine refills it.
        assert await cache.jobs("p") == []
        await cache.upsert_jobs("p", [job("after-recovery")])
        assert [c.name for c in await cache.jobs("p")] == ["after-recovery"]

    assert moved.read_bytes() == garbage
    assert moved.with_name(moved.name + "-wal").read_bytes() == b"stale wal"
    # SQLite rebuilds the -shm index as soon as it opens a file; that it moved along is what matters.
    assert moved.with_name(moved.name + "-shm").exists()
    with sqlite3.connect(cache_path) as db:
        assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"


async def test_a_real_cache_truncated_mid_page_is_recovered(cache_path: Path) -> None:
    await fill(cache_path)
    size = cache_path.stat().st_size
    assert size > 4 * 4096
    with open(cache_path, "r+b") as handle:
        handle.truncate(size // 2 + 123)  # not on a page boundary

    async with await JobCache.open(cache_path) as cache:
        assert await cache.verified() is not None
        assert cache.recovered_from.stat().st_size == size // 2 + 123
        assert await cache.jobs("p") == []


async def page_cache_kib(cache: JobCache) -> int:
    async with cache._read() as conn, conn.execute("PRAGMA cache_size") as cursor:
        row = await cursor.fetchone()
    assert row is not None
    return -int(row[0])  # negative: KiB


async def test_the_cache_keeps_a_small_page_cache_also_after_a_recovery(cache_path: Path) -> None:
    # The queue reads every job once and keeps them in brief: SQLite's default 2 MiB of cached pages
    # stayed resident for nothing (1.3 MB of the dashboard at 10,000 jobs).
    async with await JobCache.open(cache_path) as cache:
        assert await page_cache_kib(cache) == 512
    await fill(cache_path)
    with open(cache_path, "r+b") as handle:
        handle.truncate(cache_path.stat().st_size // 2 + 123)
    async with await JobCache.open(cache_path) as cache:
        assert await cache.verified() is not None  # recovered onto a fresh file and connection
        assert await page_cache_kib(cache) == 512


async def test_a_cache_with_a_damaged_page_is_recovered(cache_path: Path) -> None:
    await fill(cache_path)
    damage_a_page(cache_path)

    async with await JobCache.open(cache_path) as cache:
        # Opening reads only the header and the schema; the whole-file check runs beside the first
        # reads, and the first write waits for it: it lands in the fresh file, never the damaged one.
        await cache.upsert_jobs("p", [job("after-recovery")])
        assert cache.recovered_from is not None
        assert [c.name for c in await cache.jobs("p")] == ["after-recovery"]
        assert await cache.verified() == cache.recovered_from


async def test_closing_during_the_integrity_check_is_clean(cache_path: Path) -> None:
    await fill(cache_path, 10)
    cache = await JobCache.open(cache_path)
    await cache.close()  # at once: the check is interrupted, nothing is moved, nothing is printed
    assert not list(cache_path.parent.glob("*.corrupt-*"))
    async with await JobCache.open(cache_path) as cache:
        assert await cache.verified() is None
        assert len(await cache.jobs("p")) == 10


async def test_recovery_does_not_overwrite_an_earlier_corrupt_copy(cache_path: Path) -> None:
    cache_path.parent.mkdir(mode=0o700)
    cache_path.write_bytes(b"first garbage" * 500)
    async with await JobCache.open(cache_path) as first:
        pass
    cache_path.write_bytes(b"second garbage" * 500)  # the same second, as likely as not
    for side in (cache_path.with_name(cache_path.name + s) for s in ("-wal", "-shm")):
        side.unlink(missing_ok=True)
    async with await JobCache.open(cache_path) as second:
        pass
    assert first.recovered_from != second.recovered_from
    assert first.recovered_from is not None and second.recovered_from is not None
    assert first.recovered_from.read_bytes().startswith(b"first garbage")
    assert second.recovered_from.read_bytes().startswith(b"second garbage")


async def test_an_unopenable_path_is_a_clear_cache_error(tmp_path: Path) -> None:
    (tmp_path / "a-directory.sqlite3").mkdir()
    with pytest.raises(CacheError, match=r"a-directory\.sqlite3"):
        await JobCache.open(tmp_path / "a-directory.sqlite3")
