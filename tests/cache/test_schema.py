"""Migrations keyed on user_version: from nothing, atomically, and never over a newer schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from deidtui.cache import CacheError, CacheTooNew, JobCache, latest_version, schema

from .factories import job, write_release_cache

TABLES = {"jobs", "documents", "transitions", "intents", "lineage", "audit", "meta"}


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def user_version(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA user_version").fetchone()[0]


async def test_an_empty_file_is_migrated_to_the_latest_schema(cache_path: Path) -> None:
    cache_path.parent.mkdir()
    cache_path.touch()
    cache = await JobCache.open(cache_path)
    await cache.close()
    assert user_version(cache_path) == latest_version() >= 1
    assert tables(cache_path) >= TABLES


async def test_reopening_keeps_data_and_does_not_migrate_again(cache_path: Path) -> None:
    async with await JobCache.open(cache_path) as cache:
        await cache.upsert_jobs("p", [job("keep-me")])
    async with await JobCache.open(cache_path) as cache:
        assert [c.name for c in await cache.jobs("p")] == ["keep-me"]
    assert user_version(cache_path) == latest_version()


async def test_a_newer_schema_is_refused_with_a_precise_message_and_left_untouched(cache_path: Path) -> None:
    async with await JobCache.open(cache_path):
        pass
    newer = latest_version() + 3
    with sqlite3.connect(cache_path) as db:
        db.execute(f"PRAGMA user_version = {newer}")
    before = cache_path.read_bytes()

    with pytest.raises(CacheTooNew) as caught:
        await JobCache.open(cache_path)

    message = str(caught.value)
    assert str(cache_path) in message
    assert str(newer) in message and str(latest_version()) in message
    assert "Upgrade deidtui" in message
    assert (caught.value.found, caught.value.known) == (newer, latest_version())
    assert cache_path.read_bytes() == before  # not migrated, not moved aside as "corrupt"
    assert not list(cache_path.parent.glob("*.corrupt-*"))


async def test_a_failing_migration_leaves_no_half_applied_schema(
    cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = ("CREATE TABLE half_done (x INTEGER)", "THIS IS NOT SQL")
    monkeypatch.setattr(schema, "MIGRATIONS", [broken])

    with pytest.raises(CacheError, match="syntax error"):
        await JobCache.open(cache_path)

    assert user_version(cache_path) == 0
    assert "half_done" not in tables(cache_path)


async def test_migrations_apply_one_version_at_a_time(cache_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    second = ("CREATE TABLE added_later (x INTEGER)",)
    async with await JobCache.open(cache_path) as cache:
        await cache.upsert_jobs("p", [job("old-row")])
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, second])

    async with await JobCache.open(cache_path) as cache:
        assert [c.name for c in await cache.jobs("p")] == ["old-row"]

    assert user_version(cache_path) == len(schema.MIGRATIONS)
    assert "added_later" in tables(cache_path)


async def test_a_version_1_cache_gains_the_queue_index_and_keeps_its_jobs(
    cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a cache written by the first release
    write_release_cache(cache_path, 1, "p", [job("older", created=0), job("newer", created=100)])
    assert user_version(cache_path) == 1

    async with await JobCache.open(cache_path) as cache:
        assert [c.name for c in await cache.jobs("p", limit=1)] == ["newer"]
        assert [c.name for c in await cache.jobs("p")] == ["newer", "older"]
    assert user_version(cache_path) == latest_version() >= 2
    with sqlite3.connect(cache_path) as db:
        plan = " ".join(
            str(row)
            for row in db.execute(
                "EXPLAIN QUERY PLAN SELECT name FROM jobs WHERE profile = ? AND deleted_at IS NULL "
                "ORDER BY created_at DESC, name LIMIT 50",
                ("p",),
            )
        )
    assert "jobs_by_created" in plan and "TEMP B-TREE" not in plan


async def test_the_rebuilt_jobs_table_keeps_every_row_its_indexes_and_its_triggers(cache_path: Path) -> None:
    """Migration 7 rebuilds `jobs` (a rowid table, and a CHECK that every row carries its stamp): every value of every
    row survives, the rows of a release before revisions get one stamp, and the table keeps its
    indexes, its change trigger and the other tables' triggers that write it."""
    write_release_cache(cache_path, 6, "p", [job("a"), job("b", created=5, updated=30)])
    with sqlite3.connect(cache_path) as db:
        db.execute("UPDATE jobs SET rev = 0 WHERE name = 'b'")  # as a release before revisions left it
        before = db.execute("SELECT * FROM jobs ORDER BY name").fetchall()
        columns = [row[1] for row in db.execute("PRAGMA table_info(jobs)")]
        revision = db.execute("SELECT value FROM revision").fetchone()[0]
    async with await JobCache.open(cache_path):
        pass
    with sqlite3.connect(cache_path) as db:
        after = db.execute("SELECT * FROM jobs ORDER BY name").fetchall()
        assert [row[1] for row in db.execute("PRAGMA table_info(jobs)")] == columns
        objects = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'jobs'")}
        triggers = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA legacy_alter_table").fetchone() == (0,)
        table = db.execute("SELECT sql FROM sqlite_master WHERE name = 'jobs'").fetchone()[0]
    rev = columns.index("rev")
    assert after[0] == before[0]
    assert after[1][:rev] + after[1][rev + 1 :] == before[1][:rev] + before[1][rev + 1 :]
    assert after[1][rev] == revision + 1
    assert objects >= {"jobs", "jobs_by_created", "jobs_by_rev", "jobs_changed"} and "jobs_inserted" not in objects
    assert {"documents_inserted", "documents_changed", "run_jobs_linked"} <= triggers
    assert "WITHOUT ROWID" not in table and "CHECK (rev > 0)" in table  # rows appended, keyed by an index
