"""Two deidtui processes writing the same cache file side by side."""

from __future__ import annotations

import asyncio
import multiprocessing
import sqlite3
import time
from pathlib import Path

import pytest

from deidtui.cache import CacheBusy, JobCache
from deidtui.domain.models import JobStatus

from . import hammer
from .factories import at

WORKERS = 2


@pytest.mark.timeout(180)
async def test_two_processes_hammering_upserts_never_see_locked_errors_and_agree(cache_path: Path) -> None:
    async with await JobCache.open(cache_path):
        pass  # create and migrate first, so the workers measure writes, not who migrates
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    processes = [
        ctx.Process(target=hammer.run, args=(str(cache_path), worker, WORKERS, barrier)) for worker in range(WORKERS)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(150)
    assert [p.exitcode for p in processes] == [0] * WORKERS  # a "database is locked" would exit 1

    async with await JobCache.open(cache_path) as cache:
        jobs = {c.name: c for c in await cache.jobs("p")}
        for worker in range(WORKERS):
            own = [jobs[f"w{worker}-{i:04d}"] for i in range(hammer.OWN_JOBS)]
            assert {(c.status, c.job.last_updated_at) for c in own} == {(JobStatus.SUCCEEDED, at(hammer.ROUNDS - 1))}
            assert [t.status for t in await cache.transitions("p", f"w{worker}-0000")] == [
                JobStatus.RUNNING,
                JobStatus.SUCCEEDED,
            ]
            progress = jobs[f"w{worker}-0000"].progress
            assert progress is not None and (progress.total, progress.succeeded) == (hammer.DOCS, hammer.DOCS)
        shared = [jobs[f"shared-{i:03d}"] for i in range(hammer.SHARED_JOBS)]
        assert {c.job.last_updated_at for c in shared} == {at(hammer.final_shared_update(WORKERS))}
        assert len(await cache.audit_log("p", limit=10_000)) == WORKERS * hammer.ROUNDS
        assert await cache.pending_intents("p") == []


async def test_opening_a_new_file_waits_for_another_opener_instead_of_failing_at_once(cache_path: Path) -> None:
    # Two deidtui engines (a fleet's, or the dashboard and a command) may create the same file at
    # once. Turning a fresh file to WAL needs it to itself, and SQLite answers "locked" at once,
    # without waiting out busy_timeout, while another connection holds a write lock on it.
    cache_path.parent.mkdir(parents=True)
    other = sqlite3.connect(cache_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("CREATE TABLE being_created (x)")
    asyncio.get_running_loop().call_later(0.3, other.execute, "COMMIT")
    try:
        async with await JobCache.open(cache_path, busy_timeout=5) as cache:
            assert not cache.in_memory
            assert await cache.jobs("p") == []
    finally:
        other.close()


async def test_a_file_locked_longer_than_busy_timeout_still_says_so(cache_path: Path) -> None:
    cache_path.parent.mkdir(parents=True)
    other = sqlite3.connect(cache_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("CREATE TABLE being_created (x)")
    try:
        started = time.monotonic()
        with pytest.raises(CacheBusy, match=r"stayed locked by another process for more than 0\.3 s"):
            await JobCache.open(cache_path, busy_timeout=0.3)
        assert time.monotonic() - started >= 0.3  # it waited, as the message says
    finally:
        other.close()
