"""The watch loops: a sweep of all jobs, quick refreshes of unfinished ones, and document progress.

Cost model (what makes thousands of jobs affordable): one `list_jobs` page carries up to
`page_size` jobs, so a full sweep of N jobs costs ceil(N / page_size) requests, never N.
Unfinished jobs are refreshed more often than that, each time by whichever is cheaper: one
`get_job` per unfinished job, or the first pages of the newest-first listing up to the oldest
unfinished job. Finished jobs are never polled one by one. Live progress comes with the job
itself when the service sends a running job's summary (it does: the recorded sessions show it);
otherwise from documents: the job the operator looks at has all its document pages fetched every
tick (for its per-document detail, summary or not); other running jobs without a summary get
theirs in turn, only while the budget has room.
Each loop runs one iteration at a time (no overlap) and backs off with jitter after failures.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..cache import JobCache, StoredSpan
from ..cache.codec import J_CREATED, J_STATUS, J_SUMMARY_TOTAL, STATUS_BY_VALUE, dt, ts
from ..config import PollSettings
from ..domain.briefs import JobBrief
from ..domain.errors import DeidError, NotFound, Throttled
from ..domain.models import Job, JobStatus, utcnow
from .budget import Priority, RequestBudget
from .events import EventBus, Notice, SweepFinished
from .listed import cache_row, listed_as
from .service import ServiceGateway
from .sweep import list_and_store

log = logging.getLogger("deidtui.engine")
_ACTIVE_VALUES = frozenset(status.value for status in JobStatus if status.is_active)


def _nothing_stored(name: str) -> None:
    return None


class Backoff:
    """Exponential backoff with full jitter, reset by a success."""

    def __init__(self, base: float = 1.0, cap: float = 60.0) -> None:
        self.base, self.cap, self.failures = base, cap, 0

    def next_delay(self) -> float:
        self.failures += 1
        return random.uniform(0, min(self.cap, self.base * 2 ** (self.failures - 1)))

    def reset(self) -> None:
        self.failures = 0


@dataclass(frozen=True, slots=True)
class Watched:
    """What the loops need of an unfinished job, rather than the job itself (at 50,000 jobs, a
    quarter running, copies of the jobs and every job's createdAt cost the poller 11 MB)."""

    created_at: datetime  # which job bears the name now, and how deep in the listing it lies
    documents_needed: bool  # running with no summary: its progress comes from its documents


class Poller:
    def __init__(
        self,
        profile: str,
        gateway: ServiceGateway,
        cache: JobCache,
        bus: EventBus,
        budget: RequestBudget,
        settings: PollSettings,
    ) -> None:
        self.profile = profile
        self._gateway = gateway
        self._cache = cache
        self._bus = bus
        self._budget = budget
        self._settings = settings
        self.selected: str | None = None
        self._active: dict[str, Watched] = {}  # the unfinished jobs; the cache knows the rest
        self._selected_changed = asyncio.Event()
        self._sweep_now = asyncio.Event()
        self._documents_final: set[str] = set()  # finished jobs whose documents are all cached
        # Finished jobs whose documents were paged while they ran: read once more, final (in order).
        # Only when the budget has requests to spare, after the running jobs' documents.
        self._documents_closing: dict[str, None] = {}
        # Running jobs in the order their documents get a turn, each with whether they were paged
        # yet: a dict keeps insertion order and answers membership in O(1) (a list made each pass
        # quadratic in running jobs).
        self._round_robin: dict[str, bool] = {}
        self.sweeps = 0

    # -- control ---------------------------------------------------------------------------

    def select(self, name: str | None) -> None:
        if name != self.selected:
            self.selected = name
            self._selected_changed.set()

    def request_sweep(self) -> None:
        self._sweep_now.set()

    def track(self, job: Job) -> None:
        """Note a job's state (from a poll or an action), so the right loops watch it."""
        self._watch(job.name, job.status, job.created_at, job.summary is not None)

    def _watch(self, name: str, status: JobStatus, created_at: datetime, summary: bool) -> None:
        if status.is_active:
            self._active[name] = Watched(created_at, status is JobStatus.RUNNING and not summary)
        else:
            self._finished(name)

    def _finished(self, name: str) -> None:
        """A job is no longer unfinished: the documents cached while it ran are not its last word
        (those paged for its progress are read once more; the selected job's loop wakes for it)."""
        watched = self._active.pop(name, None)
        if watched is None or name in self._documents_final:
            return
        if name == self.selected:
            self._selected_changed.set()
        elif self._round_robin.pop(name, False):
            self._documents_closing[name] = None

    def untrack(self, name: str) -> None:
        self._active.pop(name, None)
        self._documents_closing.pop(name, None)

    def observe(self, briefs: list[JobBrief]) -> None:
        """Follow the cache's state (whoever wrote it): watch what is unfinished there, forget what
        was deleted, start again on a job created anew."""
        for brief in briefs:
            if brief.deleted:
                self.untrack(brief.name)
                continue
            known = self._active.get(brief.name)
            if known is None and not brief.status.is_active:
                continue  # neither watched nor to be (most of 50,000 jobs at start)
            created_at = brief.created_at
            if known is not None and known.created_at != created_at:
                self._documents_final.discard(brief.name)
            self._watch(brief.name, brief.status, created_at, brief.summarized)

    async def load_from_cache(self) -> None:
        """What to watch at start: the unfinished jobs (their names and scheduling state only)."""
        for name, created_at, status, summary in await self._cache.watched_jobs(self.profile):
            self._watch(name, JobStatus.parse(status), created_at, summary)

    async def run(self) -> None:
        async with asyncio.TaskGroup() as group:
            group.create_task(self._loop("sweep", self.sweep_once, self._sweep_wait))
            group.create_task(self._loop("active", self.refresh_active, self._active_wait))
            group.create_task(self._loop("selected", self.refresh_selected, self._selected_wait))
            group.create_task(self._loop("documents", self.refresh_running_documents, self._documents_wait))

    async def _loop(
        self, name: str, body: Callable[[], Awaitable[object]], wait: Callable[[], Awaitable[None]]
    ) -> None:
        backoff = Backoff()
        while True:
            delay: float | None = None
            try:
                await body()
            except asyncio.CancelledError:
                raise
            except Throttled:
                pass  # the budget is paused for Retry-After; the next request simply waits
            except DeidError as error:
                delay = backoff.next_delay()
                log.debug("%s loop: %s; retrying in %.1f s", name, error, delay)
            except Exception:  # a bug must not silently stop the watch: report and keep going
                log.exception("%s loop failed", name)
                self._bus.publish(
                    Notice(
                        "error",
                        f"Polling ({name}) hit an unexpected error",
                        "deidtui keeps trying; see the activity view.",
                    )
                )
                delay = backoff.next_delay()
            if delay is not None:
                # Waited out of the except block: the failure is let go first. Held through the
                # wait, its traceback kept the frames it came through alive (a sweep's names of
                # every active job), and a gc.freeze() in that time would make them permanent.
                await asyncio.sleep(delay)
                continue
            backoff.reset()
            await wait()

    async def _sleep_or(self, seconds: float, event: asyncio.Event) -> None:
        # asyncio.timeout, not wait_for: Python 3.11's wait_for can swallow the cancellation that
        # stops the engine when its timeout expires at the same moment, and then never returns.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await event.wait()
        event.clear()

    async def _sweep_wait(self) -> None:
        await self._sleep_or(self._settings.sweep_interval, self._sweep_now)

    async def _active_wait(self) -> None:
        await asyncio.sleep(self._settings.active_interval)

    async def _selected_wait(self) -> None:
        await self._sleep_or(min(2.0, self._settings.active_interval), self._selected_changed)

    async def _documents_wait(self) -> None:
        await asyncio.sleep(max(self._settings.active_interval * 3, 5.0))

    # -- publishing --------------------------------------------------------------------------

    async def store_jobs(self, jobs: list[Job], *, asked_at: datetime | None = None) -> None:
        """Write polled jobs to the cache; the feed publishes what changed (whoever wrote it).
        `asked_at`: when they were asked for (a deletion recorded since is not undone)."""
        for job in jobs:
            self.track(job)
        for change in await self._cache.upsert_jobs(self.profile, jobs, seen_at=asked_at or utcnow()):
            if change.recreated:
                self._documents_final.discard(change.name)

    async def forget(self, name: str) -> None:
        """The service no longer knows this job: mark it deleted, keep its history."""
        self.untrack(name)
        await self._cache.mark_deleted(self.profile, {name}, seen_at=utcnow())

    # -- the loops' bodies ---------------------------------------------------------------------

    async def store_listed(
        self,
        items: Sequence[Mapping[str, Any]],
        *,
        asked_at: datetime,
        full_sweep: bool = False,
        ahead: StoredSpan | None = None,
    ) -> datetime | None:
        """Write a page of listed jobs (as the service sent them): the rows the cache would store are
        read from the answer's own strings (`cache_row`) and written as they are, nothing decoded;
        only a job whose fields the cache would spell otherwise is decoded and stored as polled.
        `full_sweep`: a page of a sweep meant to list every job, which writes only what changed
        (its completion stamps when every job it listed was seen: `JobCache.mark_missing`).
        `ahead`: the stored rows read while the page was fetched (`read_ahead`): a job found as
        stored there is not even built into a row (`listed_as`). Returns the oldest createdAt on
        the page (None for a page with no job)."""
        rows: list[tuple[str, tuple[Any, ...]]] = []
        undecoded: list[Mapping[str, Any]] = []
        stored = ahead.fields if ahead is not None else _nothing_stored
        for item in items:
            name = item.get("name")
            known = stored(name) if isinstance(name, str) else None
            row = known if known is not None and listed_as(item, known) else cache_row(item)
            if isinstance(name, str) and row is not None:
                rows.append((name, row))
                self._watch_row(name, row)
            else:
                undecoded.append(item)
        if rows:
            for change in await self._cache.upsert_listed(
                self.profile, rows, seen_at=asked_at, stamp_unchanged=not full_sweep, ahead=ahead
            ):
                if change.recreated:
                    self._documents_final.discard(change.name)
        created = [row[J_CREATED] for _, row in rows]  # the cache's fixed-width text: sorts as time
        if undecoded:
            jobs = [Job.from_rest(item) for item in undecoded]
            await self.store_jobs(jobs, asked_at=asked_at)
            created += [ts(job.created_at) for job in jobs]
        return dt(min(created)) if created else None

    def _watch_row(self, name: str, row: tuple[Any, ...]) -> None:
        """`track` for a listed job's cache row; its createdAt is parsed only if it is unfinished."""
        if row[J_STATUS] in _ACTIVE_VALUES:
            status = STATUS_BY_VALUE[row[J_STATUS]]  # cache_row only passes the service's own spellings
            self._watch(name, status, dt(row[J_CREATED]), row[J_SUMMARY_TOTAL] is not None)
        elif name in self._active:  # most of a sweep's jobs: finished, and known so
            self._finished(name)

    async def sweep_once(self, *, priority: Priority = Priority.SWEEP, until_seen: set[str] | None = None) -> int:
        """List jobs page by page (`sweep.list_and_store`); a complete pass also finds deletions.
        Returns requests made. `until_seen`: stop (an incomplete pass) once every job named there
        was listed."""
        started = utcnow()
        full = until_seen is None

        async def store(
            page: Sequence[Mapping[str, Any]], asked_at: datetime, ahead: StoredSpan | None
        ) -> datetime | None:
            return await self.store_listed(page, asked_at=asked_at, full_sweep=full, ahead=ahead)

        pages = self._gateway.list_jobs(priority, self._settings.page_size)
        seen = await list_and_store(
            pages, self._cache, self.profile, self._settings.page_size, store, until_seen=until_seen
        )
        if seen.complete:
            for change in await self._cache.mark_missing(
                self.profile, seen.present, seen_at=utcnow(), sweep_started_at=started, among=seen.unlisted
            ):
                if change.kind == "deleted":
                    self.untrack(change.name)
            self.sweeps += 1
            self._bus.publish(SweepFinished(utcnow(), len(seen.present), seen.requests))
        return seen.requests

    async def _pages_to_reach(self, names: set[str]) -> int:
        """Pages of the newest-first listing needed to see every job in `names` (the cache counts
        the jobs in front of the oldest: the poller keeps no list of every job)."""
        oldest = min(self._active[n].created_at for n in names)
        in_front = await self._cache.count_created_since(self.profile, oldest)
        return max(1, math.ceil(in_front / self._settings.page_size))

    async def refresh_active(self) -> None:
        names = set(self._active) - {self.selected}
        if not names:
            return
        if len(names) <= await self._pages_to_reach(names):
            for name in sorted(names):
                with contextlib.suppress(NotFound):  # forgotten: the cache says it is deleted
                    await self.refresh_job(name, priority=Priority.ACTIVE, documents=False)
        else:
            await self.sweep_once(priority=Priority.ACTIVE, until_seen=names)

    async def refresh_selected(self) -> None:
        name = self.selected
        if name is None:
            return
        with contextlib.suppress(NotFound):  # forgotten: the cache says it is deleted
            await self.refresh_job(name, priority=Priority.SELECTED)

    async def refresh_job(self, name: str, *, priority: Priority, documents: bool = True) -> Job:
        """Read one job from the service into the cache and, while it runs or until its final
        documents are cached, its documents. NotFound: the service does not know it (forgotten)."""
        asked = utcnow()
        try:
            job = await self._gateway.get_job(name, priority)
        except NotFound:
            await self.forget(name)
            raise
        if documents and job.status.is_terminal and name not in self._documents_final:
            # Its final documents first, then the finished job: the cache never holds a finished
            # job beside documents it last saw running. (Storing a job created anew under the name
            # drops the old one's documents and this mark: its own are read on the next refresh.)
            await self.fetch_documents(name, priority)
            self._documents_final.add(name)
            self._documents_closing.pop(name, None)
            await self.store_jobs([job], asked_at=asked)
            return job
        await self.store_jobs([job], asked_at=asked)
        if documents and job.status.is_active:
            await self.fetch_documents(name, priority)
        return job

    async def refresh_running_documents(self) -> None:
        await self._page_running_documents()
        await self._close_documents()

    async def _page_running_documents(self) -> None:
        # A running job whose answer carries a summary (the service sends one while it runs) has
        # its progress from the job listings already; only the others need their documents paged.
        # In the order they were first seen (a dict: ordered, and a quick membership test).
        running = dict.fromkeys(
            n for n, watched in self._active.items() if watched.documents_needed and n != self.selected
        )
        if not running:
            self._round_robin.clear()
            return
        # Round robin, so every running job gets its turn across ticks: those still running keep
        # their place, new ones queue at the end.
        queue = self._round_robin
        for name in [n for n in queue if n not in running]:
            del queue[name]
        for name in running:
            queue.setdefault(name, False)
        del running  # a pass fetches a few jobs' documents: no copy of every running name is held meanwhile
        for _ in range(len(queue)):  # each job at most once: the front of the line, then to its back
            if self._budget.spare() < 0.5 or not queue:
                break
            name = next(iter(queue))
            await self.fetch_documents(name, Priority.DOCUMENTS)
            queue.pop(name, None)
            queue[name] = True  # paged: when it finishes, what the cache holds is read once more

    async def _close_documents(self) -> None:
        """The final documents of the jobs that finished since their documents were paged, oldest
        finish first, with the requests the running jobs' pass left spare (the rest wait: these
        change no figure on screen, only the documents a finished job shows until it is selected)."""
        closing = self._documents_closing
        while closing and self._budget.spare() >= 0.5:
            name = next(iter(closing))
            with contextlib.suppress(NotFound):  # deleted meanwhile: the sweep marks it so
                await self.fetch_documents(name, Priority.DOCUMENTS)
            # Not noted in `_documents_final` (thousands of names, kept for the whole session):
            # selected later, the job has its documents listed once more, and nothing changes.
            closing.pop(name, None)

    async def fetch_documents(self, name: str, priority: Priority) -> int:
        """Page a job's documents into the cache (the feed publishes their job's new state).
        Returns the pages read."""
        pages = 0
        listing = self._gateway.list_documents(name, priority, self._settings.page_size)
        async with contextlib.aclosing(listing):
            async for page in listing:
                pages += 1
                await self._cache.upsert_documents(self.profile, name, page)
        return pages
