"""A cache file that cannot be used: the engine works from the service on a cache in memory, and
says so once, to every subscriber however late it comes."""

from __future__ import annotations

import pytest

from deidtui.engine import Notice

from ..cache_paths import UNUSABLE, unprivileged_permissions
from ..support import deid_client, foreign_spec


@pytest.mark.parametrize("make_path", list(UNUSABLE.values()), ids=list(UNUSABLE))
async def test_an_unusable_cache_falls_back_to_memory_and_works_from_the_service(
    make_engine, emulator, tmp_path, monkeypatch, make_path
):
    unprivileged_permissions(monkeypatch)
    path = make_path(tmp_path)
    async with deid_client(emulator.url) as client:
        await client.begin_deidentify_documents("from-service", foreign_spec(0), polling=False)
    engine = make_engine(emulator.url, cache_path=path, poll=False)
    early = engine.subscribe()
    await engine.start()
    late = engine.subscribe()
    assert engine.cache_problem is not None and str(path) in str(engine.cache_problem)
    await engine.sync_jobs()
    assert [view.name for view in await engine.jobs()] == ["from-service"]
    for subscription in (early, late):
        notices = [e for e in subscription.drain() if isinstance(e, Notice)]
        assert [n.title for n in notices] == ["Working without the local cache"]
        assert "cache in memory" in notices[0].detail


async def test_a_usable_cache_is_not_replaced(make_engine, emulator, tmp_path):
    engine = make_engine(emulator.url, cache_path=tmp_path / "fine.sqlite3", poll=False)
    await engine.start()
    assert engine.cache_problem is None and (tmp_path / "fine.sqlite3").stat().st_size > 0


async def test_a_read_only_cache_is_read_into_memory_and_then_follows_the_service(
    make_engine, emulator, tmp_path, monkeypatch
):
    """Its history is shown at once; a job the service no longer has is marked deleted, as in a
    writable cache, instead of lingering."""
    from deidtui.cache import JobCache

    from ..cache.factories import job

    unprivileged_permissions(monkeypatch)
    path = tmp_path / "cache.sqlite3"
    async with await JobCache.open(path) as cache:
        await cache.upsert_jobs("test", [job("gone-from-service")])
    path.chmod(0o400)
    async with deid_client(emulator.url) as client:
        await client.begin_deidentify_documents("from-service", foreign_spec(0), polling=False)
    engine = make_engine(emulator.url, cache_path=path, poll=False)
    await engine.start()
    assert engine.cache_problem is not None
    assert [view.name for view in await engine.jobs()] == ["gone-from-service"]
    await engine.sync_jobs()
    assert [view.name for view in await engine.jobs()] == ["from-service"]
    assert (await engine.job("gone-from-service")).deleted
    notices = [e for e in engine.subscribe().drain() if isinstance(e, Notice)]
    assert "Cannot use the cache" in notices[0].detail and "the file is read-only for this user" in notices[0].detail
    assert "The jobs it held are shown" in notices[0].detail, notices[0].detail


async def test_a_cache_file_that_cannot_be_read_either_is_said_to_hide_its_history(make_engine, emulator, tmp_path):
    """A cache written by a newer deidtui can be neither used nor read into memory: the notice says
    its jobs are not shown, rather than letting an empty queue pass for their history."""
    import sqlite3

    from deidtui.cache import JobCache

    from ..cache.factories import job

    path = tmp_path / "cache.sqlite3"
    async with await JobCache.open(path) as cache:
        await cache.upsert_jobs("test", [job("kept-by-a-newer-deidtui")])
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 999")
    engine = make_engine(emulator.url, cache_path=path, poll=False)
    await engine.start()
    assert engine.cache_problem is not None
    assert await engine.jobs() == []
    notices = [e for e in engine.subscribe().drain() if isinstance(e, Notice)]
    assert [n.title for n in notices] == ["Working without the local cache"]
    assert "could not be read either" in notices[0].detail, notices[0].detail
