"""The engine: one object the dashboard and the CLI share, complete from construction.

    engine = Engine(profile)
    subscription = engine.subscribe()
    await engine.open()                 # the cache: instant reads, and the feed of its changes
    await engine.start()                # the service: polling and actions (raises if it cannot)
    await engine.cancel(["nightly-0412"])
    await engine.stop()

Callers use its methods and its typed events only; its parts (cache, gateway, poller, actions) are
private. Its lifecycle is observable (`state`, and `EngineStatus` events): an action that cannot
run in the current state, or on a job it does not apply to, raises `ActionUnavailable` with the
reason in one line, and `cannot()` tells in advance, so a UI offers only what can run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cache import CacheError, JobCache
from ..cache.documents import END
from ..config import ConfigError, Profile
from ..domain.errors import AuthError, DeidError
from .activity import ActivityLog
from .budget import RequestBudget
from .cache_opening import CacheOpening
from .events import BudgetUse, EngineState, EngineStatus, EventBus, Notice, Subscription
from .feed import FOREIGN_CHECK, CacheFeed
from .service_calls import EngineServiceCalls

if TYPE_CHECKING:  # the Azure SDK loads on first use, after the dashboard's first paint
    from ..azure.clients import Clients
    from ..azure.credentials import DeviceCodePrompt
    from .actions import Actions
    from .poller import Poller
    from .service import ServiceGateway
    from .storage import StorageBrowser

log = logging.getLogger("deidtui.engine")

DOCUMENTS_END = END  # `document_page(before=DOCUMENTS_END)`: the last documents of a job


class Engine(EngineServiceCalls):
    """One profile's engine: its state and lifecycle here; what it reads from the cache
    (`EngineReads`, reads.py) and what it asks of the service (`EngineServiceCalls`,
    service_calls.py) in the classes it builds on."""

    def __init__(
        self,
        profile: Profile,
        *,
        cache_path: Path | None = None,
        read_only: bool | None = None,
        clients: Clients | None = None,
        device_code_prompt: DeviceCodePrompt | None = None,
        poll: bool = True,
        foreign_check: float = FOREIGN_CHECK,
    ) -> None:
        """`poll`: run the watch loops after `start()` (the dashboard) or not (the CLI, which
        refreshes what it needs with `sync_*`). `foreign_check`: how often the feed looks for
        another process's writes to the cache."""
        self.profile = profile
        self.read_only = profile.read_only if read_only is None else read_only
        self.activity = ActivityLog()
        self.budget = RequestBudget(profile.poll.budget_requests, profile.poll.budget_window)
        self._cache_path = cache_path
        self._clients = clients
        self._device_code_prompt = device_code_prompt
        self._poll = poll
        self._foreign_check = foreign_check
        self._bus = EventBus()
        self._state = EngineState.STARTING
        self._problem: DeidError | None = None
        self._last_success: datetime | None = None
        self._start_task: asyncio.Future[None] | None = None
        self._cache: JobCache | None = None
        self._opening = CacheOpening(cache_path, self._bus)
        self._feed: CacheFeed | None = None
        self._gateway: ServiceGateway | None = None
        self._poller: Poller | None = None
        self._actions: Actions | None = None
        self._storage: StorageBrowser | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._selected: str | None = None

    def preload(self) -> None:
        """Import the Azure SDK and the engine's network parts (slow: call it in a thread). The
        storage SDK (with its cryptography and requests, about 18 MB) only for a profile with
        storage: one without never browses, so never loads it."""
        from . import actions, poller, service  # noqa: F401

        if self.profile.has_storage:  # the storage module itself loads its SDK on first use
            from ..azure import blob_source  # noqa: F401
            from . import storage  # noqa: F401

    # -- identity and state ----------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def state(self) -> EngineState:
        return self._state

    @property
    def problem(self) -> DeidError | None:
        """Why the engine is not online (failed to start, offline, signed out), or None."""
        return self._problem

    @property
    def last_success(self) -> datetime | None:
        return self._last_success

    @property
    def online(self) -> bool | None:
        """True online, False offline or signed out, None before the service has answered."""
        if self._state is EngineState.ONLINE:
            return True
        if self._state in (EngineState.OFFLINE, EngineState.SIGNED_OUT):
            return False
        return None

    def status(self) -> EngineStatus:
        return EngineStatus(self._state, self._problem, self._last_success)

    def _set_state(self, state: EngineState, problem: DeidError | None = None) -> None:
        if self._state is EngineState.STOPPED:
            return
        same = problem.same_as(self._problem) if problem is not None else self._problem is None
        if state is not self._state or not same:
            # Kept for as long as the state lasts (and by the dashboard, as shown): detached from
            # the frames the failure passed through.
            self._state, self._problem = state, problem.detached() if problem is not None else None
            self._bus.publish(self.status())

    def _service_answered(self, online: bool, error: DeidError | None, last_success: datetime | None) -> None:
        """The gateway's report of each request's outcome: the engine's state follows it."""
        self._last_success = last_success
        if online:
            self._set_state(EngineState.ONLINE)
        elif isinstance(error, AuthError) and not error.denied:
            self._set_state(EngineState.SIGNED_OUT, error)
        else:
            self._set_state(EngineState.OFFLINE, error)

    @property
    def account_urls(self) -> list[str]:
        """The storage accounts this profile can browse (their URLs, never a SAS), without signing in."""
        if not self.profile.has_storage:
            return []
        from ..azure.clients import service_account_url

        return [service_account_url(service) for service in self._get_clients().blob_services.values()]

    def _get_clients(self) -> Clients:
        if self._clients is None:
            from ..azure.clients import Clients

            self._clients = Clients(self.profile, device_code_prompt=self._device_code_prompt)
        return self._clients

    @property
    def storage(self) -> StorageBrowser | None:
        """Storage browsing, available before the engine has started; None without storage."""
        if self._storage is None and self.profile.has_storage:
            from .storage import StorageBrowser

            self._storage = StorageBrowser(self._get_clients(), str(self.profile.credential))
        return self._storage

    # -- lifecycle ---------------------------------------------------------------------------------

    async def open(self) -> None:
        """Open the cache (reads work from then on) and, for a watching engine or one with
        subscribers, start the feed of its changes. A cache file that cannot be used (a read-only
        file or folder, a folder or a dangling link at its path...) is replaced by one in memory:
        deidtui works from the service, says so once (a Notice; `cache_problem`), and keeps
        nothing after it stops."""
        await self._open_cache()

    @property
    def cache_problem(self) -> CacheError | None:
        """Why the cache file could not be used (the engine then works on a cache in memory), or None."""
        return self._opening.problem

    @property
    def cache_history_unread(self) -> bool:
        """The cache file could not be used, and the jobs it holds could not be read into memory
        either (damaged, locked, too new): their history is not shown."""
        return self._opening.unread

    async def _open_cache(self) -> JobCache:
        if self._cache is None:
            cache = await self._opening.open()
            if self._cache is None:
                self._cache = cache
                self._feed = CacheFeed(cache, self.name, self._bus, foreign_check=self._foreign_check)
                if self._poll or self._bus.has_subscribers:
                    self._spawn(self._feed.run(), "feed")
        return self._cache

    def _spawn(self, work: Coroutine[Any, Any, None], label: str) -> None:
        task = asyncio.ensure_future(work)
        task.set_name(f"deidtui-engine:{self.name}:{label}")
        self._tasks.append(task)
        task.add_done_callback(self._task_ended)

    def _task_ended(self, task: asyncio.Task[None]) -> None:
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:  # a loop that ends by itself is a bug: say so, never silently
            log.error("engine task %s ended", task.get_name(), exc_info=error)
            self._bus.publish(
                Notice("error", "Part of deidtui stopped working", f"{task.get_name()}: {type(error).__name__}")
            )

    async def start(self) -> None:
        """Open the cache and the service clients, settle interrupted submissions (unless
        read-only) and, for a watching engine, start polling. On failure the state is FAILED
        with the reason (`problem`), the cache stays readable, and the error is raised."""
        if self._start_task is None:
            self._start_task = asyncio.ensure_future(self._start())
        await asyncio.shield(self._start_task)

    async def _start(self) -> None:
        from .actions import Actions
        from .poller import Poller
        from .service import ServiceGateway

        try:
            cache = await self._open_cache()
            moved = await cache.verified()
            clients = self._get_clients()
            deid = clients.deid
        except ConfigError as error:
            self._set_state(EngineState.FAILED, DeidError(str(error), title="Configuration problem"))
            raise
        except DeidError as error:
            self._set_state(EngineState.FAILED, error)
            raise
        if moved is not None:
            # Said here, where subscribers (the dashboard) already listen, rather than at open.
            self._bus.publish(
                Notice(
                    "warning",
                    "The local cache was damaged and has been rebuilt",
                    f"The damaged file was kept as {moved}; jobs are being reloaded from the service.",
                )
            )
        kind = str(self.profile.credential)
        self._gateway = ServiceGateway(
            deid,
            self.budget,
            self.activity,
            self._bus,
            self._service_answered,
            kind,
            api_version=self.profile.api_version,
        )
        self._poller = Poller(self.name, self._gateway, cache, self._bus, self.budget, self.profile.poll)
        self._poller.select(self._selected)
        await self._poller.load_from_cache()
        assert self._feed is not None
        self._feed.observe(self._poller.observe)
        self._actions = Actions(
            self.name,
            self._gateway,
            cache,
            self.storage,
            self._poller,
            self._bus,
            self.activity,
            self.read_only,
            self.profile.api_version,
        )
        if self._poll:
            self._spawn(self._poller.run(), "poller")
            self._spawn(self._report_budget(), "budget")
            if not self.read_only:
                self._spawn(self._settle_quietly(), "intents")

    async def _settle_quietly(self) -> None:
        with contextlib.suppress(DeidError):
            await self.settle_intents()

    async def _report_budget(self) -> None:
        last = None
        while True:
            snap = self.budget.snapshot()
            current = (snap.used, snap.waiting)
            if current != last:
                self._bus.publish(BudgetUse(snap.used, snap.limit, snap.window, snap.waiting))
                last = current
            await asyncio.sleep(1.0)

    async def stop(self) -> None:
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        starting, self._start_task = self._start_task, None
        if starting is not None and not starting.done():
            starting.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await starting
        if self._clients is not None:
            with contextlib.suppress(Exception):
                await self._clients.close()
            self._clients = None
        self._storage = None
        self._gateway = self._poller = self._actions = None
        opening = self._opening.take_pending()
        if opening is not None:
            with contextlib.suppress(Exception):
                self._cache = self._cache or await opening
        if self._cache is not None:
            await self._cache.close()
            self._cache = None
        self._feed = None
        self._set_state(EngineState.STOPPED)
        self._state = EngineState.STOPPED

    async def __aenter__(self) -> Engine:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- events ------------------------------------------------------------------------------------

    def subscribe(self) -> Subscription:
        """A mailbox of this engine's events; the current status is in it from the start, and the
        standing warning of a cache in memory, however late the subscriber comes."""
        subscription = self._bus.subscribe()
        subscription.put(self.status())
        if self._opening.warning is not None:
            subscription.put(self._opening.warning)
        if self._feed is not None and not any(t.get_name().endswith(":feed") for t in self._tasks):
            self._spawn(self._feed.run(), "feed")
        return subscription

    # -- what the dashboard steers -----------------------------------------------------------------

    def select(self, name: str | None) -> None:
        """The job the operator looks at: it is refreshed first, with its documents."""
        self._selected = name
        if self._poller is not None:
            self._poller.select(name)

    def refresh(self) -> None:
        """Sweep every job now (no-op until started)."""
        if self._poller is not None:
            self._poller.request_sweep()
