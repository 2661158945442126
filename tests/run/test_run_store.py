"""The cache's record of runs (migration 5): a run is recorded with its plan, its jobs in part
order, its verified downloads, and its new state and summary; what it was asked never changes."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from deidtui.cache import JobCache
from deidtui.domain.runs import RunFile, RunRecord


def record(name: str, created: datetime, **changes) -> RunRecord:
    base = RunRecord(
        profile="p",
        name=name,
        source_dir="/notes",
        out_dir="/out",
        container_url="http://127.0.0.1:10000/devstoreaccount1/deidtui-runs",
        prefix=f"{name}/",
        settings={"operation": "Redact", "extensions": ["*.txt"]},
        state="started",
        created_at=created,
        updated_at=created,
    )
    return dataclasses.replace(base, **changes)


async def test_a_run_is_kept_with_its_plan_jobs_and_downloads(tmp_path):
    now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    plan = [RunFile("a/x.txt", 1, 10, "aa"), RunFile("b.txt", 2, 20, "bb")]
    async with await JobCache.open(tmp_path / "c.sqlite3") as cache:
        await cache.save_run(record("older", now - timedelta(hours=1)), plan[:1])
        await cache.save_run(record("night", now), plan)
        await cache.link_run_job("p", "night", 2, "night-2")
        await cache.link_run_job("p", "night", 1, "night-1")
        await cache.link_run_job("p", "night", 1, "night-1")  # linking again is harmless
        await cache.record_run_downloads("p", "night", [("b.txt", "etag-b", "sha-b")])
        finished = record("night", now, state="finished", summary={"documents": {"total": 2}}, source_dir="/moved")
        await cache.save_run(finished)
        runs = await cache.runs("p")
        assert [r.name for r in runs] == ["night", "older"]  # newest first
        night = runs[0]
        assert night.jobs == ("night-1", "night-2") and night.state == "finished"
        assert night.summary == {"documents": {"total": 2}}
        assert night.source_dir == "/notes"  # what the run was asked is kept as first recorded
        assert await cache.run_plan("p", "night") == [
            RunFile("a/x.txt", 1, 10, "aa"),
            RunFile("b.txt", 2, 20, "bb", "etag-b", "sha-b"),
        ]
        assert await cache.runs("other") == []
