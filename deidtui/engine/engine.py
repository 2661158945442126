"""The engine: one object the dashboard and the CLI share, owning the task tree and every client.

    async with Engine(profile) as engine:
        subscription = engine.subscribe()
        jobs = await engine.jobs()          # instant: from the cache, before any network call
        await engine.actions.cancel(["nightly-0412"])

`start()` opens the cache and the clients and starts the watch loops as one task tree; `stop()`
cancels the tree and closes everything (no task, thread or connection outlives it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cache import CachedJob, JobCache, Transition, peek_jobs
from ..config import Profile
from ..domain.models import Document, JobStatus
from .activity import ActivityLog
from .budget import BudgetSnapshot, RequestBudget
from .events import BudgetUse, EventBus, Notice, Subscription

if TYPE_CHECKING:  # the Azure SDK loads on first use, after the dashboard's first paint
    from ..azure.clients import Clients
    from .actions import Actions
    from .poller import Poller
    from .service import ServiceGateway
    from .storage import StorageBrowser

log = logging.getLogger("deidtui.engine")


class Engine:
    def __init__(
        self,
        profile: Profile,
        *,
        cache_path: Path | None = None,
        read_only: bool | None = None,
        clients: Clients | None = None,
        device_code_prompt: Any = None,
        poll: bool = True,
    ) -> None:
        self.profile = profile
        self.read_only = profile.read_only if read_only is None else read_only
        self._cache_path = cache_path
        self._open_task: asyncio.Future[JobCache] | None = None
        self._clients = clients
        self._device_code_prompt = device_code_prompt
        self._poll = poll
        self.bus = EventBus()
        self.activity = ActivityLog()
        settings = profile.poll
        self.budget = RequestBudget(settings.budget_requests, settings.budget_window)
        self.cache: JobCache | None = None
        self.gateway: ServiceGateway | None = None
        self.poller: Poller | None = None
        self.actions: Actions | None = None
        self._tree: asyncio.Task[None] | None = None
        self._storage: StorageBrowser | None = None

    @staticmethod
    def preload() -> None:
        """Import the Azure SDK and the engine's network parts (slow: call it in a thread)."""
        from . import actions, poller, service, storage  # noqa: F401

    @property
    def clients(self) -> Clients:
        """The SDK clients; building them sends nothing (the first use imports the Azure SDK)."""
        if self._clients is None:
            from ..azure.clients import Clients

            self._clients = Clients(self.profile, device_code_prompt=self._device_code_prompt)
        return self._clients

    @property
    def storage(self) -> StorageBrowser | None:
        """Storage browsing, available before the engine has started; None without storage."""
        if self._storage is None and self.profile.has_storage:
            from .storage import StorageBrowser

            self._storage = StorageBrowser(self.clients, str(self.profile.credential))
        return self._storage

    @property
    def name(self) -> str:
        return self.profile.name

    async def open_cache(self) -> JobCache:
        """The cache alone (instant start-up reads before any network call)."""
        if self.cache is None:
            # One open however many ask at once (the dashboard's reads and `start`), and a caller
            # cancelled meanwhile (the app quitting) does not cut SQLite's thread off half-way:
            # the open completes, and `stop` closes what it opened.
            if self._open_task is None:
                self._open_task = asyncio.ensure_future(JobCache.open(self._cache_path))
            opening = self._open_task
            try:
                self.cache = await asyncio.shield(opening)
            finally:
                if opening.done() and self._open_task is opening:
                    self._open_task = None
        return self.cache

    async def start(self) -> None:
        from .actions import Actions
        from .poller import Poller
        from .service import ServiceGateway

        cache = await self.open_cache()
        # Polling starts on a cache that passed its integrity check (or was rebuilt): said here,
        # where subscribers (the dashboard) already listen, rather than when the cache was opened.
        moved = await cache.verified()
        if moved is not None:
            self.bus.publish(
                Notice(
                    "warning",
                    "The local cache was damaged and has been rebuilt",
                    f"The damaged file was kept as {moved}; jobs are being reloaded from the service.",
                )
            )
        kind = str(self.profile.credential)
        self.gateway = ServiceGateway(self.clients.deid, self.budget, self.bus, self.activity, credential_kind=kind)
        self.poller = Poller(self.name, self.gateway, cache, self.bus, self.budget, self.profile.poll)
        await self.poller.load_from_cache()
        self.actions = Actions(
            self.name, self.gateway, cache, self.storage, self.poller, self.bus, self.activity, read_only=self.read_only
        )
        if self._poll:
            self._tree = asyncio.create_task(self._run(), name=f"deidtui-engine:{self.name}")

    async def _run(self) -> None:
        assert self.poller is not None and self.actions is not None
        async with asyncio.TaskGroup() as group:
            group.create_task(self.poller.run())
            group.create_task(self._report_budget())
            if not self.read_only:
                group.create_task(self._reconcile())

    async def _reconcile(self) -> None:
        assert self.actions is not None
        with contextlib.suppress(Exception):
            await self.actions.reconcile_intents()

    async def _report_budget(self) -> None:
        last = None
        while True:
            snap = self.budget.snapshot()
            current = (snap.used, snap.waiting)
            if current != last:
                self.bus.publish(BudgetUse(snap.used, snap.limit, snap.window, snap.waiting))
                last = current
            await asyncio.sleep(1.0)

    async def stop(self) -> None:
        tree, self._tree = self._tree, None
        if tree is not None:
            tree.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await tree
        if self._clients is not None:
            with contextlib.suppress(Exception):
                await self._clients.close()
            self._clients = None
        self._storage = None
        opening, self._open_task = self._open_task, None
        if opening is not None:
            with contextlib.suppress(Exception):
                self.cache = self.cache or await opening
        if self.cache is not None:
            await self.cache.close()
            self.cache = None

    async def __aenter__(self) -> Engine:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- what the UI and the CLI read ---------------------------------------------------------

    def subscribe(self) -> Subscription:
        return self.bus.subscribe()

    def select(self, name: str | None) -> None:
        if self.poller is not None:
            self.poller.select(name)

    def refresh(self) -> None:
        if self.poller is not None:
            self.poller.request_sweep()

    def peek_jobs(self, limit: int) -> list[CachedJob] | None:
        """The newest `limit` cached jobs, read at once without opening the cache (see
        `deidtui.cache.peek_jobs`); None when that is not possible: use `jobs()` then."""
        if self.cache is not None:
            return None
        return peek_jobs(self._cache_path, self.name, limit=limit)

    async def jobs(
        self, *, include_deleted: bool = False, limit: int | None = None, offset: int = 0
    ) -> list[CachedJob]:
        cache = await self.open_cache()
        return await cache.jobs(self.name, include_deleted=include_deleted, limit=limit, offset=offset)

    async def job(self, name: str) -> CachedJob | None:
        cache = await self.open_cache()
        return await cache.job(self.name, name)

    async def documents(self, name: str, *, status: JobStatus | None = None) -> list[Document]:
        cache = await self.open_cache()
        return await cache.documents(self.name, name, status=status)

    async def transitions(self, name: str) -> list[Transition]:
        cache = await self.open_cache()
        return await cache.transitions(self.name, name)

    async def lineage(self, name: str) -> tuple[str | None, list[str]]:
        cache = await self.open_cache()
        return await cache.lineage(self.name, name)

    def budget_snapshot(self) -> BudgetSnapshot:
        return self.budget.snapshot()

    @property
    def online(self) -> bool | None:
        return self.gateway.online if self.gateway else None
