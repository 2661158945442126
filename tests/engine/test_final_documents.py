"""A finished job and its documents tell one story in the cache: the job is stored finished only
after its final documents (never beside documents last seen running), and a job whose documents
were paged while it ran has them read once more when it finishes, whoever saw it finish. A
scripted service (a job's answer and its documents' pages) feeds a real Poller and a real cache;
the end-to-end path against the emulator is test_polling's selected-job test."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from deidtui.cache import JobCache
from deidtui.config import PollSettings
from deidtui.domain.models import Document, DocumentLocation, Job, JobSpec, JobStatus, JobSummary
from deidtui.engine.budget import Priority, RequestBudget
from deidtui.engine.events import EventBus
from deidtui.engine.poller import Poller

PROFILE = "p"
T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
SPEC = JobSpec("https://acct.blob.core.windows.net/c", "in/", "out/")


def job(status: JobStatus, *, done: int = 0, total: int = 4) -> Job:
    summary = JobSummary(done, 0, 0, total, 0) if status.is_terminal else None
    return Job("job", SPEC, status, T0, T0 + timedelta(seconds=done), summary=summary)


def documents(done: int, total: int = 4) -> list[Document]:
    return [
        Document(
            f"d{i}",
            DocumentLocation(f"{SPEC.source_location}/in/{i}.txt"),
            JobStatus.SUCCEEDED if i < done else JobStatus.RUNNING,
        )
        for i in range(total)
    ]


class ScriptedJob:
    """One job's answer and its documents, as a gateway serves them; each documents page first
    notes what the cache says at that moment (`seen`)."""

    def __init__(self, cache: JobCache) -> None:
        self.cache = cache
        self.answer = job(JobStatus.RUNNING)
        self.docs = documents(1)
        self.seen: list[tuple[JobStatus | None, list[JobStatus]]] = []
        self.listings = 0
        self.listed: list[str] = []  # the jobs whose documents were listed, in order

    async def get_job(self, name: str, priority: Priority) -> Job:
        return replace(self.answer, name=name)

    async def list_documents(self, name: str, priority: Priority, page_size: int) -> AsyncGenerator[list[Document]]:
        self.listings += 1
        self.listed.append(name)
        for start in range(0, len(self.docs), page_size):
            view = await self.cache.job(PROFILE, name)
            cached = await self.cache.documents(PROFILE, name)
            self.seen.append((view.status if view else None, [d.status for d in cached]))
            await asyncio.sleep(0)
            yield self.docs[start : start + page_size]


@pytest.fixture
async def cache(tmp_path: Path) -> AsyncGenerator[JobCache]:
    opened = await JobCache.open(tmp_path / "cache.sqlite3")
    await opened.verified()
    yield opened
    await opened.close()


def poller_over(service: ScriptedJob, cache: JobCache) -> Poller:
    settings = PollSettings(page_size=2)
    return Poller(PROFILE, service, cache, EventBus(), RequestBudget(1000, 5.0), settings)  # type: ignore[arg-type]


def told_twice(seen: list[tuple[JobStatus | None, list[JobStatus]]]) -> list[tuple[JobStatus | None, list[JobStatus]]]:
    """The moments the cache held a finished job beside a document it last saw unfinished."""
    return [
        (status, docs)
        for status, docs in seen
        if status is not None and status.is_terminal and any(d.is_active for d in docs)
    ]


async def test_a_finished_job_is_stored_after_its_final_documents(cache: JobCache) -> None:
    service = ScriptedJob(cache)
    poller = poller_over(service, cache)
    await poller.refresh_job("job", priority=Priority.SELECTED)  # running: 1 of 4 done
    service.answer, service.docs = job(JobStatus.SUCCEEDED, done=4), documents(4)

    await poller.refresh_job("job", priority=Priority.SELECTED)

    assert told_twice(service.seen) == []
    view = await cache.job(PROFILE, "job")
    assert view is not None and view.status is JobStatus.SUCCEEDED
    assert [d.status for d in await cache.documents(PROFILE, "job")] == [JobStatus.SUCCEEDED] * 4
    listings = service.listings
    await poller.refresh_job("job", priority=Priority.SELECTED)
    assert service.listings == listings  # its documents are final: not listed again


async def test_documents_paged_while_it_ran_are_read_once_more_when_a_sweep_sees_it_finish(cache: JobCache) -> None:
    service = ScriptedJob(cache)
    poller = poller_over(service, cache)
    await poller.refresh_job("job", priority=Priority.DOCUMENTS)  # not selected: no summary while it runs
    await poller.refresh_running_documents()
    assert [d.status for d in await cache.documents(PROFILE, "job")].count(JobStatus.RUNNING) == 3

    finished = job(JobStatus.SUCCEEDED, done=4)
    service.docs = documents(4)
    await poller.store_listed([finished.to_rest()], asked_at=T0 + timedelta(minutes=1))  # a sweep's page
    listings = service.listings
    await poller.refresh_running_documents()

    assert service.listings == listings + 1
    assert [d.status for d in await cache.documents(PROFILE, "job")] == [JobStatus.SUCCEEDED] * 4
    await poller.refresh_running_documents()
    assert service.listings == listings + 1  # once


async def test_the_selected_job_seen_finished_by_a_sweep_is_read_again_at_once(cache: JobCache) -> None:
    service = ScriptedJob(cache)
    poller = poller_over(service, cache)
    poller.select("job")
    await poller.refresh_job("job", priority=Priority.SELECTED)
    poller._selected_changed.clear()  # the loop has served the selection

    await poller.store_listed([job(JobStatus.SUCCEEDED, done=4).to_rest()], asked_at=T0 + timedelta(minutes=1))

    assert poller._selected_changed.is_set()  # the selected loop wakes instead of sleeping out its 2 s


async def test_the_running_jobs_documents_come_before_a_finished_jobs_last_read(cache: JobCache) -> None:
    service = ScriptedJob(cache)
    poller = poller_over(service, cache)
    for name in ("a", "b"):
        await poller.refresh_job(name, priority=Priority.ACTIVE, documents=False)
    await poller.refresh_running_documents()
    assert service.listed == ["a", "b"]
    await poller.store_listed([replace(job(JobStatus.SUCCEEDED, done=4), name="a").to_rest()], asked_at=T0)

    service.listed.clear()
    requests = iter([1.0, 0.0])  # the budget has room for one listing
    poller._budget.spare = lambda: next(requests, 0.0)  # type: ignore[method-assign]
    await poller.refresh_running_documents()
    assert service.listed == ["b"]  # the running job's progress first

    poller._budget.spare = lambda: 1.0  # type: ignore[method-assign]
    await poller.refresh_running_documents()
    assert service.listed == ["b", "b", "a"]


async def test_a_job_whose_documents_were_never_paged_is_not_read_when_it_finishes(cache: JobCache) -> None:
    service = ScriptedJob(cache)
    poller = poller_over(service, cache)
    await poller.refresh_job("a", priority=Priority.ACTIVE, documents=False)
    await poller.store_listed([replace(job(JobStatus.SUCCEEDED, done=4), name="a").to_rest()], asked_at=T0)
    await poller.refresh_running_documents()
    assert service.listed == []  # nothing cached to correct: it is read when selected
