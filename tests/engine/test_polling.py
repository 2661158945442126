"""The watch loops against the emulator: sweeps by pages, live progress, deletions, clean stop."""

from __future__ import annotations

import asyncio
import math

from deidtui.domain.models import JobStatus
from deidtui.engine import JobChanged, SweepFinished

from ..support import deid_client, foreign_spec, job_body, wait_for

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."


async def create_jobs(url: str, count: int, prefix: str = "bulk") -> list[str]:
    names = [f"{prefix}-{i:05}" for i in range(count)]
    async with deid_client(url) as client:
        slots = asyncio.Semaphore(16)

        async def one(i: int, name: str) -> None:
            async with slots:
                await client.begin_deidentify_documents(name, foreign_spec(i), polling=False)

        await asyncio.gather(*(one(i, n) for i, n in enumerate(names)))
    return names


async def test_sweep_of_thousands_of_jobs_costs_pages_not_jobs(make_engine, emulator):
    names = await create_jobs(emulator.url, 2500)
    engine = make_engine(emulator.url, page_size=1000, sweep_interval=60)
    await engine.start()
    try:
        subscription = engine.subscribe()
        await wait_for(lambda: engine.sweeps >= 1, timeout=60)
        cached = await engine.jobs()
        assert {c.name for c in cached} == set(names)
        listing = [e for e in engine.activity.recent() if e.operation == "list jobs"]
        assert len(listing) == math.ceil(2500 / 1000)
        assert not [e for e in engine.activity.recent() if e.operation == "get job"]
        events: list = []

        def heard_every_job() -> bool:  # read as they come: the feed waits for a page to be taken
            events.extend(subscription.drain())
            return {e.brief.name for e in events if isinstance(e, JobChanged)} == set(names)

        await wait_for(heard_every_job, timeout=30)
        assert any(isinstance(e, SweepFinished) and e.jobs == 2500 for e in events)
    finally:
        await engine.stop()


async def test_cached_jobs_are_readable_before_any_network_call(make_engine, emulator, tmp_path):
    await create_jobs(emulator.url, 30)
    first = make_engine(emulator.url, cache_path=tmp_path / "shared.sqlite3")
    await first.start()
    await wait_for(lambda: first.sweeps >= 1)
    await first.stop()
    offline = make_engine("http://127.0.0.1:9", poll=False, cache_path=tmp_path / "shared.sqlite3")
    jobs = await offline.jobs()
    assert len(jobs) == 30 and all(j.status is JobStatus.FAILED for j in jobs)
    await offline.stop()


async def test_selected_running_job_reports_progress_from_its_documents(make_engine, emulator_factory, container):
    emulator = emulator_factory(doc_delay_ms=100, concurrency=2)
    for i in range(20):
        container.put(f"in/{i:02}.txt", NOTE)
    async with deid_client(emulator.url) as client:
        await client.begin_deidentify_documents("watched", job_body(container.url, "in/", "out/"), polling=False)
    engine = make_engine(emulator.url)
    await engine.start()
    try:
        subscription = engine.subscribe()
        engine.select("watched")
        progress_seen = []

        async def finished():
            for event in subscription.drain():
                if isinstance(event, JobChanged) and event.brief.name == "watched" and event.brief.total:
                    progress_seen.append(event.brief.done)
            job = await engine.job("watched")
            return job is not None and job.status is JobStatus.SUCCEEDED and progress_seen and progress_seen[-1] == 20

        await wait_for(finished, timeout=30)
        assert len(set(progress_seen)) >= 2, progress_seen  # progress moved in steps, live
        assert progress_seen == sorted(progress_seen)
        docs = await engine.documents("watched")
        assert len(docs) == 20 and all(d.status is JobStatus.SUCCEEDED for d in docs)
        job = await engine.job("watched")
        assert job.job.summary.successful == 20
        timeline = [t.status for t in await engine.transitions("watched")]
        assert timeline[-1] is JobStatus.SUCCEEDED and JobStatus.RUNNING in timeline
    finally:
        await engine.stop()


async def test_job_deleted_elsewhere_is_marked_deleted_and_keeps_history(make_engine, emulator, container):
    container.put("in/a.txt", NOTE)
    async with deid_client(emulator.url) as client:
        await client.begin_deidentify_documents("short-lived", job_body(container.url, "in/", "out/"), polling=False)
    engine = make_engine(emulator.url)
    await engine.start()
    try:
        await wait_for(lambda: _status(engine, "short-lived", JobStatus.SUCCEEDED))
        async with deid_client(emulator.url) as client:
            await client.delete_job("short-lived")
        await wait_for(lambda: _deleted(engine, "short-lived"), timeout=10)
        assert await engine.transitions("short-lived")
    finally:
        await engine.stop()


async def test_stop_leaves_no_task_behind(make_engine, emulator):
    before = set(asyncio.all_tasks())
    engine = make_engine(emulator.url)
    await engine.start()
    await wait_for(lambda: engine.sweeps >= 1)
    await engine.stop()
    await asyncio.sleep(0)
    leaked = [t for t in asyncio.all_tasks() - before if not t.done() and t is not asyncio.current_task()]
    assert leaked == []


async def _status(engine, name, status):
    job = await engine.job(name)
    return job is not None and job.status is status


async def _deleted(engine, name):
    job = await engine.job(name)
    return job is not None and job.deleted


async def _progress_of_two_running_jobs(make_engine, emulator_factory, container, *, summaries: bool):
    """Two running jobs, neither selected: how the engine learns their progress, and at what cost."""
    from deidtui.emulator.pacing import FAST, Span

    emulator = emulator_factory(
        pacing=FAST.with_document(Span(0.3, 0.3)),
        concurrency=1,
        summary_while_running=summaries,
    )
    for i in range(30):
        container.put(f"in/{i:02}.txt", NOTE)
    async with deid_client(emulator.url) as client:
        for name in ("first", "second"):
            await client.begin_deidentify_documents(name, job_body(container.url, "in/", f"{name}/"), polling=False)
    engine = make_engine(emulator.url, active_interval=0.3, sweep_interval=60)
    await engine.start()

    async def moving() -> bool:
        views = [await engine.job(n) for n in ("first", "second")]
        return all(v is not None and v.status is JobStatus.RUNNING and (v.progress or v.job.summary) for v in views)

    await wait_for(moving, timeout=60)
    await asyncio.sleep(6)  # long enough for the documents loop to take its turns
    listings = [e for e in engine.activity.recent() if e.operation == "list job documents"]
    await engine.stop()
    return listings


async def test_a_running_jobs_summary_spares_its_document_listings(make_engine, emulator_factory, container):
    with_summary = await _progress_of_two_running_jobs(make_engine, emulator_factory, container, summaries=True)
    assert with_summary == []  # progress came with the jobs themselves


async def test_without_a_running_summary_progress_comes_from_documents(make_engine, emulator_factory, container):
    without = await _progress_of_two_running_jobs(make_engine, emulator_factory, container, summaries=False)
    assert {e.target for e in without} == {"first", "second"}
