"""A sweep's store path: only changed jobs are decoded and written, storing a page never delays
the request for the next one, and the poller keeps only names and scheduling state. A scripted
listing (pages of the service's JSON) feeds a real Poller and a real cache file; the end-to-end
sweep against the emulator is in test_polling."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncGenerator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deidtui.cache import JobCache, JobView
from deidtui.cache.codec import J_CREATED, job_row, job_values
from deidtui.config import PollSettings
from deidtui.domain.models import Job, JobSpec, JobStatus, JobSummary, Operation, ServiceError
from deidtui.engine.budget import Priority, RequestBudget
from deidtui.engine.events import EventBus
from deidtui.engine.listed import cache_row, listed_as
from deidtui.engine.poller import Poller, Watched

from ..support import wait_for

PROFILE = "p"
T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def listed(i: int, status: JobStatus = JobStatus.SUCCEEDED, updated: int = 0) -> dict[str, Any]:
    """Job `i` as the service lists it (newest first: higher i, later createdAt)."""
    spec = JobSpec(f"https://acct.blob.core.windows.net/c{i % 3}", "in/", "out/")
    created = T0 + timedelta(seconds=i)
    return Job(f"job-{i:04}", spec, status, created, created + timedelta(seconds=updated)).to_rest()


class ScriptedListing:
    """A gateway whose `list_jobs` serves fixed pages and notes when each page is asked for."""

    def __init__(self, pages: list[list[dict[str, Any]]]) -> None:
        self.pages = pages
        self.asked: list[int] = []  # page numbers, in the order they were asked for
        self.asked_for = [asyncio.Event() for _ in pages]

    async def list_jobs(self, priority: Priority, page_size: int) -> AsyncGenerator[list[Mapping[str, Any]], None]:
        for number, page in enumerate(self.pages):
            self.asked.append(number)
            self.asked_for[number].set()
            await asyncio.sleep(0)  # the request's round trip
            yield page


class WatchedCache:
    """The real cache, noting which jobs it wrote (`upsert_listed`'s changes) and which reached
    `upsert_jobs` (decoded first), and optionally holding each page's store until a condition
    holds (its methods wrapped on the instance)."""

    def __init__(self, cache: JobCache) -> None:
        self.cache = cache
        self.written: list[str] = []
        self.decoded: list[str] = []
        self.hold: Any = None
        upsert_listed, upsert_jobs = cache.upsert_listed, cache.upsert_jobs

        async def listed(profile: str, rows: Any, **kwargs: Any) -> Any:
            rows = list(rows)
            if self.hold is not None:
                await self.hold(dict(rows))
            changes = await upsert_listed(profile, rows, **kwargs)
            self.written.extend(change.name for change in changes)
            return changes

        async def decoded(profile: str, jobs: Any, **kwargs: Any) -> Any:
            self.decoded.extend(job.name for job in jobs)
            changes = await upsert_jobs(profile, jobs, **kwargs)
            self.written.extend(change.name for change in changes)
            return changes

        cache.upsert_listed = listed  # type: ignore[method-assign]
        cache.upsert_jobs = decoded  # type: ignore[method-assign]

    def clear(self) -> None:
        self.written.clear()
        self.decoded.clear()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cache, name)


@pytest.fixture
async def cache(tmp_path: Path) -> AsyncGenerator[WatchedCache, None]:
    opened = await JobCache.open(tmp_path / "cache.sqlite3")
    await opened.verified()
    yield WatchedCache(opened)
    await opened.close()


def poller_over(gateway: ScriptedListing, cache: WatchedCache) -> Poller:
    return Poller(PROFILE, gateway, cache.cache, EventBus(), RequestBudget(1000, 5.0), PollSettings(page_size=3))  # type: ignore[arg-type]


async def test_a_sweep_where_nothing_changed_decodes_and_writes_no_job(cache: WatchedCache) -> None:
    pages = [[listed(i) for i in range(start, start + 3)] for start in (6, 3, 0)]
    await poller_over(ScriptedListing(pages), cache).sweep_once()
    assert sorted(cache.written) == sorted(f"job-{i:04}" for i in range(9))
    assert cache.decoded == []  # new jobs too are written as listed
    first_seen = {view.name: view.last_seen for view in await cache.jobs(PROFILE)}
    _, revision = await cache.changed_since(PROFILE, 0)
    stored = stored_rows(cache.path)

    cache.clear()
    await poller_over(ScriptedListing(pages), cache).sweep_once()

    assert cache.written == [] and cache.decoded == []
    assert await cache.changed_since(PROFILE, revision) == ([], revision)
    assert stored_rows(cache.path) == stored  # not even `last_seen`: no row written at all
    again = {view.name: view.last_seen for view in await cache.jobs(PROFILE)}
    assert all(again[name] > first_seen[name] for name in first_seen)  # "seen 2 s ago" still moves

    # A partial sweep (refreshing unfinished jobs) stamps the jobs it lists, since it proves
    # nothing of the others.
    await poller_over(ScriptedListing(pages), cache).sweep_once(until_seen={"job-0007"})
    partial = {view.name: view.last_seen for view in await cache.jobs(PROFILE)}
    assert {name for name in partial if partial[name] > again[name]} == {f"job-{i:04}" for i in (6, 7, 8)}


async def test_a_sweep_where_nothing_changed_takes_one_write_for_all_its_pages(cache: WatchedCache) -> None:
    """Each page is compared with the rows read while it was fetched; a page that only repeats
    them is not written at all, and the sweep's one write records its completion."""
    pages = [[listed(i) for i in range(start, start + 3)] for start in (6, 3, 0)]
    await poller_over(ScriptedListing(pages), cache).sweep_once()
    writes: list[None] = []
    cache.on_write(lambda: writes.append(None))
    await poller_over(ScriptedListing(pages), cache).sweep_once()
    assert len(writes) == 1
    pages[1][1] = listed(4, JobStatus.FAILED, updated=30)
    writes.clear()
    cache.clear()
    await poller_over(ScriptedListing(pages), cache).sweep_once()
    assert len(writes) == 2 and cache.written == ["job-0004"]


def stored_rows(path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT * FROM jobs ORDER BY name").fetchall()


async def test_only_the_jobs_that_changed_are_decoded_and_written(cache: WatchedCache) -> None:
    pages = [[listed(i, JobStatus.RUNNING) for i in range(start, start + 3)] for start in (3, 0)]
    poller = poller_over(ScriptedListing(pages), cache)
    await poller.sweep_once()
    _, revision = await cache.changed_since(PROFILE, 0)
    cache.clear()
    pages[0][1] = listed(4, JobStatus.SUCCEEDED, updated=60)  # finished
    summary = JobSummary(successful=2, failed=0, canceled=0, total=5, bytes_processed=10).to_rest()
    pages[1][0] = {**listed(0, JobStatus.RUNNING), "summary": summary}  # progress, same lastUpdatedAt

    await poller.sweep_once()

    assert sorted(cache.written) == ["job-0000", "job-0004"] and cache.decoded == []
    changed, _ = await cache.changed_since(PROFILE, revision)
    assert {view.name: view.status for view in changed} == {
        "job-0000": JobStatus.RUNNING,
        "job-0004": JobStatus.SUCCEEDED,
    }
    assert "job-0004" not in poller._active and "job-0000" in poller._active


async def test_a_job_deleted_in_the_cache_is_restored_by_the_next_sweep(cache: WatchedCache) -> None:
    pages = [[listed(i) for i in range(3)]]
    await poller_over(ScriptedListing(pages), cache).sweep_once()
    await cache.mark_deleted(PROFILE, {"job-0001"}, seen_at=T0)
    cache.clear()
    await poller_over(ScriptedListing(pages), cache).sweep_once()
    assert cache.written == ["job-0001"]
    assert not (await cache.job(PROFILE, "job-0001")).deleted  # type: ignore[union-attr]


async def test_a_job_listed_in_another_form_is_decoded_and_stored_with_the_others(cache: WatchedCache) -> None:
    other_zone = {**listed(1, JobStatus.RUNNING), "createdAt": "2026-03-01T10:30:01+01:00"}
    poller = poller_over(ScriptedListing([[listed(2), other_zone, listed(0, JobStatus.RUNNING)]]), cache)
    await poller.sweep_once()
    assert cache.decoded == ["job-0001"]
    assert sorted(cache.written) == ["job-0000", "job-0001", "job-0002"]
    assert (await cache.job(PROFILE, "job-0001")).job.created_at == T0 + timedelta(seconds=1)  # type: ignore[union-attr]
    assert set(poller._active) == {"job-0000", "job-0001"}


async def test_storing_a_page_never_holds_up_the_requests_for_the_next_ones(cache: WatchedCache) -> None:
    pages = [[listed(i) for i in range(start, start + 3)] for start in (9, 6, 3, 0)]
    gateway = ScriptedListing(pages)
    order: list[str] = []

    async def hold(rows: Mapping[str, Any]) -> None:
        page = pages.index(next(p for p in pages if p[0]["name"] in rows))
        if page + 2 < len(pages):
            # Page N is still being stored when page N+2 is asked for: a sweep that waited for
            # each store before asking for the page after the next would never get there.
            await wait_for(lambda: gateway.asked_for[page + 2].is_set(), timeout=10)
        order.append(f"stored {page}")

    cache.hold = hold
    await poller_over(gateway, cache).sweep_once()
    assert gateway.asked == [0, 1, 2, 3]
    assert order == ["stored 0", "stored 1", "stored 2", "stored 3"]  # still stored in order
    assert len(await cache.jobs(PROFILE)) == 12


async def test_a_partial_sweep_asks_for_no_page_past_the_jobs_it_looks_for(cache: WatchedCache) -> None:
    pages = [[listed(i, JobStatus.RUNNING) for i in range(start, start + 3)] for start in (6, 3, 0)]
    gateway = ScriptedListing(pages)
    requests = await poller_over(gateway, cache).sweep_once(until_seen={"job-0004"})
    assert requests == 2 and gateway.asked == [0, 1]
    assert len(await cache.jobs(PROFILE)) == 6


timestamps = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@st.composite
def jobs(draw: st.DrawFn) -> Job:
    spec = JobSpec(
        source_location=draw(
            st.sampled_from(["https://a.blob.core.windows.net/c", "https://b.blob.core.windows.net/d?sv=1"])
        ),
        source_prefix=draw(texts),
        target_prefix=draw(texts),
        operation=draw(st.sampled_from(list(Operation))),
        target_location=draw(st.sampled_from([None, "https://t.blob.core.windows.net/out"])),
        extensions=draw(st.sampled_from([("*",), (".txt",), (".txt", ".json")])),
        overwrite=draw(st.booleans()),
        redaction_format=draw(st.none() | texts),
        surrogate_locale=draw(st.none() | st.just("en-US")),
        input_locale=draw(st.none() | st.just("fr-FR")),
    )
    created = draw(timestamps)
    summary = draw(st.none() | st.builds(JobSummary, *(st.integers(0, 10**12) for _ in range(5))))
    error = draw(st.none() | st.builds(ServiceError, texts.filter(bool), texts, st.none() | texts))
    return Job(
        name=draw(texts.filter(bool)),
        spec=spec,
        status=draw(st.sampled_from(list(JobStatus))),
        created_at=created,
        last_updated_at=created + draw(st.timedeltas(timedelta(0), timedelta(days=3))),
        started_at=draw(st.none() | st.just(created + timedelta(seconds=1))),
        summary=summary,
        error=error,
    )


@settings(max_examples=200, deadline=None)
@given(jobs(), st.sampled_from(["Z", "+00:00", "7 digits"]))
def test_the_row_read_from_the_answer_is_the_row_decoding_would_store(job: Job, zone: str) -> None:
    body = job.to_rest()
    for key in ("createdAt", "lastUpdatedAt", "startedAt"):
        if key in body and zone == "+00:00":
            body[key] = body[key].replace("Z", "+00:00")
        elif key in body and zone == "7 digits":
            body[key] = body[key].replace("Z", "3Z")
    assert cache_row(body) == job_row(job_values(Job.from_rest(body)))


def _in_form(body: dict[str, Any], zone: str) -> dict[str, Any]:
    for key in ("createdAt", "lastUpdatedAt", "startedAt"):
        if key in body and zone == "+00:00":
            body[key] = body[key].replace("Z", "+00:00")
        elif key in body and zone == "7 digits":
            body[key] = body[key].replace("Z", "3Z")
    return body


@settings(max_examples=300, deadline=None)
@given(jobs(), jobs(), st.sampled_from(["Z", "+00:00", "7 digits"]))
def test_a_job_is_found_as_stored_only_when_its_row_is_the_stored_row(job: Job, other: Job, zone: str) -> None:
    """`listed_as` spares a sweep building the row of a job found as it was: it must never say
    so of a row that differs, down to one field (each field in turn taken from another job),
    and it must say so of a job in the service's own form."""
    body = _in_form(job.to_rest(), zone)
    row, elsewhere = cache_row(body), cache_row(_in_form(other.to_rest(), zone))
    assert row is not None and elsewhere is not None
    if zone != "+00:00" and "?" not in job.spec.source_location:
        assert listed_as(body, row)
    for field in range(len(row)):
        changed = (*row[:field], elsewhere[field], *row[field + 1 :])
        if changed != row:
            assert not listed_as(body, changed), f"field {field} differs: {row[field]!r} != {elsewhere[field]!r}"
    near = [f"{row[J_CREATED][:-2]}{digit}Z" for digit in "09"] + [row[J_CREATED][:-1] + "0Z", None]
    for created in near:
        changed = (*row[:J_CREATED], created, *row[J_CREATED + 1 :])
        assert changed == row or not listed_as(body, changed)


def test_an_answer_in_another_form_takes_the_decoding_path() -> None:
    body = listed(1)
    assert cache_row({**body, "createdAt": "2026-03-01T10:30:01+01:00"}) is None  # another zone
    assert cache_row({**body, "status": "succeeded"}) is None  # another spelling
    assert cache_row({key: value for key, value in body.items() if key != "sourceLocation"}) is None


# -- what the poller keeps of the jobs it watches ---------------------------------------------------


def _held_jobs(poller: Poller) -> list[object]:
    """Every Job or JobView among the poller's attributes and the items of its containers."""
    found: list[object] = []
    for value in vars(poller).values():
        items = value.values() if isinstance(value, dict) else value if isinstance(value, (set, list)) else (value,)
        found += [item for item in items if isinstance(item, (Job, JobView))]
    return found


async def test_the_poller_keeps_names_and_scheduling_state_never_the_jobs(cache: WatchedCache) -> None:
    summary = JobSummary(successful=1, failed=0, canceled=0, total=4, bytes_processed=9).to_rest()
    page = [listed(0, JobStatus.RUNNING), {**listed(1, JobStatus.RUNNING), "summary": summary}]
    page += [listed(2, JobStatus.NOT_STARTED), listed(3, JobStatus.SUCCEEDED)]
    await poller_over(ScriptedListing([page]), cache).sweep_once()

    poller = poller_over(ScriptedListing([]), cache)
    await poller.load_from_cache()
    assert poller._active == {
        "job-0000": Watched(T0, documents_needed=True),
        "job-0001": Watched(T0 + timedelta(seconds=1), documents_needed=False),  # progress comes with it
        "job-0002": Watched(T0 + timedelta(seconds=2), documents_needed=False),
    }
    briefs, _ = await cache.changed_briefs(PROFILE, 0)
    poller.observe(briefs)  # what the feed hands it: the same state, in brief
    assert poller._active == {
        "job-0000": Watched(T0, documents_needed=True),
        "job-0001": Watched(T0 + timedelta(seconds=1), documents_needed=False),
        "job-0002": Watched(T0 + timedelta(seconds=2), documents_needed=False),
    }
    assert _held_jobs(poller) == []


class CountingGateway(ScriptedListing):
    def __init__(self, pages: list[list[dict[str, Any]]]) -> None:
        super().__init__(pages)
        self.got: list[str] = []

    async def get_job(self, name: str, priority: Priority) -> Job:
        self.got.append(name)
        return Job.from_rest(next(item for page in self.pages for item in page if item["name"] == name))


@pytest.mark.parametrize(
    ("running", "by"),
    [({0}, "get"), ({0, 8}, "get"), ({8}, "get"), ({0, 3, 6, 8}, "pages"), ({6, 7, 8}, "first page")],
)
async def test_unfinished_jobs_are_refreshed_by_the_cheaper_of_gets_and_pages(
    cache: WatchedCache, running: set[int], by: str
) -> None:
    """Nine jobs, three a page: the cache counts the jobs in front of the oldest running one, so
    job 0 lies three pages deep (one or two gets are cheaper, four are not) and jobs 6-8 on the
    first page (three gets cost more than one page)."""
    pages = [
        [listed(i, JobStatus.RUNNING if i in running else JobStatus.FAILED) for i in (s + 2, s + 1, s)]
        for s in (6, 3, 0)
    ]
    await poller_over(ScriptedListing(pages), cache).sweep_once()
    gateway = CountingGateway(pages)
    poller = poller_over(gateway, cache)
    await poller.load_from_cache()
    await poller.refresh_active()
    if by == "get":
        assert sorted(gateway.got) == sorted(f"job-{i:04}" for i in running) and gateway.asked == []
    else:
        assert gateway.got == [] and gateway.asked == ([0, 1, 2] if by == "pages" else [0])


class DocumentsGateway(ScriptedListing):
    """Lists no documents, and notes whose it was asked for."""

    def __init__(self) -> None:
        super().__init__([])
        self.documents_of: list[str] = []

    async def list_documents(self, name: str, priority: Priority, page_size: int) -> AsyncGenerator[list, None]:
        self.documents_of.append(name)
        return
        yield []


class PassBudget:
    """Room for `per_pass` fetches, then none, until `next_pass`."""

    def __init__(self, per_pass: int) -> None:
        self.per_pass, self.left = per_pass, per_pass

    def spare(self) -> float:
        self.left -= 1
        return 1.0 if self.left >= 0 else 0.0

    def next_pass(self) -> None:
        self.left = self.per_pass


async def test_running_jobs_take_turns_for_their_documents_across_passes(cache: WatchedCache) -> None:
    """Each pass fetches as many jobs' documents as the budget leaves room for, from the front of
    the line, each sent to its back: every running job gets its turn, a job that finished leaves
    the line and a new one joins at its end."""
    gateway = DocumentsGateway()
    poller = poller_over(gateway, cache)
    budget = PassBudget(per_pass=2)
    poller._budget = budget  # type: ignore[assignment]
    for i in range(5):
        poller._active[f"job-{i:04}"] = Watched(T0 + timedelta(seconds=i), documents_needed=True)

    passes = []
    for _ in range(3):
        budget.next_pass()
        before = len(gateway.documents_of)
        await poller.refresh_running_documents()
        passes.append(gateway.documents_of[before:])
    assert passes == [["job-0000", "job-0001"], ["job-0002", "job-0003"], ["job-0004", "job-0000"]]

    del poller._active["job-0001"]  # finished
    poller._active["job-0009"] = Watched(T0, documents_needed=True)  # started
    budget.per_pass = 10  # room for everyone: each once, in the line's order
    budget.next_pass()
    before = len(gateway.documents_of)
    await poller.refresh_running_documents()
    assert gateway.documents_of[before:] == ["job-0002", "job-0003", "job-0004", "job-0000", "job-0009"]
