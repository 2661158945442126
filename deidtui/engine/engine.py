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
from collections.abc import Coroutine, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..cache import CacheError, Intent, JobCache, JobQuery, peek_jobs
from ..cache.documents import END
from ..config import ConfigError, Profile
from ..domain import rules
from ..domain.errors import AuthError, DeidError, NotFound
from ..domain.jobs import AuditEntry, DocumentDelta, JobView, Transition
from ..domain.models import Document, JobSpec, JobStatus, Operation
from ..domain.rules import Standing
from .activity import ActivityLog
from .budget import BudgetSnapshot, Priority, RequestBudget
from .events import BudgetUse, EngineState, EngineStatus, EventBus, Notice, Subscription
from .feed import FOREIGN_CHECK, CacheFeed
from .outcomes import (
    ActionRefused,
    ActionResult,
    ActionUnavailable,
    PreviewItem,
    ReadOnlyError,
    RetryPlan,
    Settlement,
    SpecCheck,
)
from .retrying import READ_ATTEMPTS, read_retried

if TYPE_CHECKING:  # the Azure SDK loads on first use, after the dashboard's first paint
    from ..azure.clients import Clients
    from ..azure.credentials import DeviceCodePrompt
    from .actions import Actions
    from .poller import Poller
    from .run.store import RunStore
    from .service import ServiceGateway
    from .storage import StorageBrowser

log = logging.getLogger("deidtui.engine")

DOCUMENTS_END = END  # `document_page(before=DOCUMENTS_END)`: the last documents of a job

Action = Literal["submit", "cancel", "delete", "resubmit", "retry_failed", "preview"]
ACTION_WORDS: dict[Action, str] = {
    "submit": "submitting jobs",
    "cancel": "cancelling jobs",
    "delete": "deleting jobs",
    "resubmit": "resubmitting jobs",
    "retry_failed": "retrying failed documents",
    "preview": "previewing",
}
_JOB_RULES = {
    "cancel": rules.cannot_cancel,
    "delete": rules.cannot_delete,
    "resubmit": rules.cannot_resubmit,
    "retry_failed": rules.cannot_retry_failed,
}
_MUTATING: frozenset[Action] = frozenset({"submit", "cancel", "delete", "resubmit", "retry_failed"})


class Engine:
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
        self._open_task: asyncio.Future[JobCache] | None = None
        self._start_task: asyncio.Future[None] | None = None
        self._cache: JobCache | None = None
        self._cache_problem: CacheError | None = None
        self._cache_warning: Notice | None = None  # said to every subscriber while the cache is in memory
        self._cache_unread = False  # the unusable cache file's jobs could not be read into memory either
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
        return self._cache_problem

    @property
    def cache_history_unread(self) -> bool:
        """The cache file could not be used, and the jobs it holds could not be read into memory
        either (damaged, locked, too new): their history is not shown."""
        return self._cache_unread

    async def _open_file_or_memory(self) -> JobCache:
        try:
            return await JobCache.open(self._cache_path)
        except CacheError as error:
            log.warning("the cache cannot be opened (%s); using one in memory", error)
            path = self._resolved_cache_path()
            cache = await JobCache.open_in_memory(seed_from=path)
            self._cache_problem = error
            self._cache_unread = not cache.seeded and path.is_file()
            self._cache_warning = self._cache_notice(error, history=cache.seeded, unread=self._cache_unread)
            self._bus.publish(self._cache_warning)
            return cache

    def _resolved_cache_path(self) -> Path:
        from ..cache import default_cache_path

        return Path(self._cache_path).expanduser() if self._cache_path is not None else default_cache_path()

    @staticmethod
    def _cache_notice(error: CacheError, *, history: bool, unread: bool) -> Notice:
        """`history`: the file's jobs were read into memory and are shown; else, with `unread`, the
        file is there but its jobs could not be read (damaged, locked, too new): they are not shown."""
        if history:
            held = " The jobs it held are shown, read from it once."
        elif unread:
            held = " The jobs it held could not be read either, so the history they hold is not shown."
        else:
            held = ""
        return Notice(
            "warning",
            "Working without the local cache",
            f"{error}{held} deidtui works from the service with a cache in memory: nothing is kept after it "
            "exits, and a submission interrupted meanwhile cannot be settled later.",
        )

    async def _open_cache(self) -> JobCache:
        if self._cache is None:
            # One open however many ask at once (the dashboard's reads and `start`), and a caller
            # cancelled meanwhile (the app quitting) does not cut SQLite's thread off half-way:
            # the open completes, and `stop` closes what it opened.
            if self._open_task is None:
                self._open_task = asyncio.ensure_future(self._open_file_or_memory())
            opening = self._open_task
            try:
                cache = await asyncio.shield(opening)
            finally:
                if opening.done() and self._open_task is opening:
                    self._open_task = None
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
        opening, self._open_task = self._open_task, None
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
        if self._cache_warning is not None:
            subscription.put(self._cache_warning)
        if self._feed is not None and not any(t.get_name().endswith(":feed") for t in self._tasks):
            self._spawn(self._feed.run(), "feed")
        return subscription

    # -- reading (from the cache: instant, and possible offline) -----------------------------------

    def peek_jobs(self, limit: int) -> list[JobView] | None:
        """The newest `limit` cached jobs, read at once without opening the cache (see
        `deidtui.cache.peek_jobs`); None when that is not possible: use `jobs()` then."""
        if self._cache is not None:
            return None
        return peek_jobs(self._cache_path, self.name, limit=limit)

    async def jobs(
        self,
        *,
        include_deleted: bool = False,
        limit: int | None = None,
        offset: int = 0,
        statuses: Iterable[JobStatus] | None = None,
        operations: Iterable[Operation] | None = None,
        created_since: datetime | None = None,
    ) -> list[JobView]:
        """Cached jobs, newest first; `statuses`, `operations` and `created_since` choose them in the
        cache's query, so the others are never decoded."""
        cache = await self._open_cache()
        query = None
        if statuses is not None or operations is not None or created_since is not None:
            query = JobQuery(
                frozenset(statuses) if statuses is not None else None,
                frozenset(operations) if operations is not None else None,
                created_since,
            )
        return await cache.jobs(self.name, include_deleted=include_deleted, limit=limit, offset=offset, query=query)

    async def job(self, name: str) -> JobView | None:
        cache = await self._open_cache()
        return await cache.job(self.name, name)

    async def documents(self, name: str, *, status: JobStatus | None = None) -> list[Document]:
        cache = await self._open_cache()
        return await cache.documents(self.name, name, status=status)

    async def document(self, name: str, doc_id: str) -> Document | None:
        """One cached document of a job, by its id."""
        cache = await self._open_cache()
        return await cache.document(self.name, name, doc_id)

    async def document_delta(self, name: str, since: int | None = None) -> DocumentDelta:
        """A job's documents written after revision `since` (all of them for None), whoever wrote
        them, with the revision to ask from next time."""
        cache = await self._open_cache()
        return await cache.document_delta(self.name, name, since)

    async def document_census(self, name: str) -> dict[JobStatus, int]:
        """How many documents of a job are cached, by status."""
        cache = await self._open_cache()
        return await cache.document_census(self.name, name)

    async def document_page(
        self,
        name: str,
        *,
        status: JobStatus | None = None,
        after: int | None = None,
        before: int | None = None,
        offset: int | None = None,
        limit: int,
    ) -> list[tuple[int, Document]]:
        """A page of a job's cached documents as (seq, document) in listing order: after seq `after`,
        the last before seq `before` (`DOCUMENTS_END` for the very last), or from position `offset`."""
        cache = await self._open_cache()
        return await cache.document_page(
            self.name, name, status=status, after=after, before=before, offset=offset, limit=limit
        )

    async def document_rank(self, name: str, seq: int, *, status: JobStatus | None = None) -> int:
        """How many of a job's cached documents (of `status`, if given) come before seq `seq`."""
        cache = await self._open_cache()
        return await cache.document_rank(self.name, name, seq, status=status)

    async def transitions(self, name: str) -> list[Transition]:
        cache = await self._open_cache()
        return await cache.transitions(self.name, name)

    async def lineage(self, name: str) -> tuple[str | None, list[str]]:
        cache = await self._open_cache()
        return await cache.lineage(self.name, name)

    async def audit_log(self, *, limit: int = 200, target: str | None = None) -> list[AuditEntry]:
        cache = await self._open_cache()
        return await cache.audit_log(self.name, limit=limit, target=target)

    async def last_sweep(self) -> datetime | None:
        cache = await self._open_cache()
        return await cache.last_sweep(self.name)

    async def pending_intents(self) -> list[Intent]:
        """Submissions recorded but not yet confirmed (a crash between intent and answer)."""
        cache = await self._open_cache()
        return await cache.pending_intents(self.name)

    async def run_store(self) -> RunStore:
        """The cache's records of `deidtui run` runs for this profile."""
        from .run.store import RunStore

        return RunStore(await self._open_cache(), self.name)

    def budget_snapshot(self) -> BudgetSnapshot:
        return self.budget.snapshot()

    @property
    def sweeps(self) -> int:
        """Complete refreshes of the job list done since start."""
        return self._poller.sweeps if self._poller is not None else 0

    @property
    def recovered_from(self) -> Path | None:
        """Where a damaged cache file was moved when it was rebuilt, or None."""
        return self._cache.recovered_from if self._cache is not None else None

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

    # -- what may run --------------------------------------------------------------------------------

    def cannot(self, action: Action, views: Sequence[JobView | Standing] = ()) -> str | None:
        """None when `action` can run now on `views` (one of them, for bulk actions), else why not,
        in one line. The same check guards each action method."""
        if action in _MUTATING and self.read_only:
            return f"this profile is read-only: {ACTION_WORDS[action]} is disabled"
        unreachable = self._unreachable()
        if unreachable is not None:
            return unreachable
        rule = _JOB_RULES.get(action)
        if rule is None or not views:
            return None
        reasons = [rule(view) for view in views]
        if any(reason is None for reason in reasons):
            return None
        if len(reasons) == 1:
            return reasons[0]
        return f"none of the {len(reasons)} selected jobs: {reasons[0]}"

    def _unreachable(self) -> str | None:
        """Why nothing can be sent to the service now, or None."""
        state = self._state
        if state is EngineState.FAILED:
            title = self._problem.title if self._problem else "it could not start"
            return f"deidtui is not connected to the service ({title}); see the activity view (a)"
        if state is EngineState.STOPPED:
            return "deidtui has stopped"
        if state is EngineState.SIGNED_OUT:
            hint = self._problem.hint if self._problem and self._problem.hint else "sign in again"
            return f"not signed in: {hint}"
        if self._actions is None:
            return "deidtui is still connecting to the service; try again in a moment"
        return None

    def _guard(self, action: Action, views: Sequence[JobView | Standing] = ()) -> Actions:
        reason = self.cannot(action, views)
        if reason is not None:
            if action in _MUTATING and self.read_only:
                raise ReadOnlyError(
                    f"This profile is read-only; {ACTION_WORDS[action]} is disabled.",
                    hint="Start deidtui without --read-only, or set read_only = false in the profile.",
                )
            refused = ActionRefused if views and self._unreachable() is None else ActionUnavailable
            named = any(reason.startswith(view.name) for view in views)  # a job's name keeps its case
            raise refused((reason if named else reason[:1].upper() + reason[1:]) + ".")
        assert self._actions is not None  # every state that passes `cannot` has started
        return self._actions

    async def _views(self, names: Iterable[str]) -> list[JobView]:
        cache = await self._open_cache()
        found = []
        for name in names:
            view = await cache.job(self.name, name)
            if view is not None:
                found.append(view)
        return found

    # -- actions ---------------------------------------------------------------------------------------

    async def check(self, spec: JobSpec, name: str | None = None) -> SpecCheck:
        """Validate a job before submitting it: the spec, the name, what the prefix matches."""
        return await self._guard("submit").check(spec, name)

    async def submit(self, spec: JobSpec, name: str | None = None, *, parent: str | None = None) -> ActionResult:
        """Check, record the intent, create the job, confirm; raises SubmitRejected if checks fail.
        With `parent`, the job is a resubmission of that job (its lineage and audit say so)."""
        actions = self._guard("submit")
        if parent is None:
            return await actions.submit(spec, name)
        return await actions.submit(spec, name, kind="resubmit", parent=parent)

    async def cancel(self, names: Iterable[str]) -> list[ActionResult]:
        """Cancel each job; one that already finished is reported as skipped, not as an error."""
        return await self._guard("cancel").cancel(list(names))

    async def delete(self, names: Iterable[str]) -> list[ActionResult]:
        """Delete finished jobs' records (documents are kept); a running job is refused."""
        return await self._guard("delete").delete(list(names))

    async def resubmit(self, name: str, **changes: object) -> ActionResult:
        """The same spec (with `changes`, e.g. overwrite=True or another target_prefix) under a
        new name."""
        views = await self._views([name])
        return await self._guard("resubmit", views).resubmit(name, **changes)

    async def resubmission_name(self, name: str) -> str:
        """The name a resubmission of `name` would get now (`<name>-r2`, `-r3`...)."""
        return await self._guard("resubmit", await self._views([name])).resubmission_name(name)

    async def retry_plan(self, name: str) -> RetryPlan:
        """What `retry_failed` would retry and what it would leave out (and why), before it does."""
        views = await self._views([name])
        return await self._guard("retry_failed", views).retry_plan(name)

    async def retry_failed(self, name: str, *, include_unretryable: bool = False) -> ActionResult:
        """A job over the failed documents a retry can fix (all of them with `include_unretryable`)."""
        views = await self._views([name])
        return await self._guard("retry_failed", views).retry_failed(name, include_unretryable=include_unretryable)

    async def preview(self, spec: JobSpec, samples: int = 3) -> list[PreviewItem]:
        return await self._guard("preview").preview(spec, samples)

    async def settle_intents(self, *, max_requests: int | None = None) -> list[Settlement]:
        """Settle submissions a crash left half-done (none lost, none doubled), spending at most
        about `max_requests` requests (those left stay pending); says what became of each."""
        return await self._guard("submit").reconcile_intents(max_requests=max_requests)

    # -- refreshing from the service on demand (the CLI) ---------------------------------------------------

    def _service(self) -> Poller:
        reason = self._unreachable()
        if reason is not None:
            raise ActionUnavailable(reason[:1].upper() + reason[1:] + ".")
        assert self._poller is not None
        return self._poller

    # Each is retried after a transient failure (see `retrying.read_retried`): a service whose limit
    # binds answers 429 now and then, and a command must not fail for that.

    async def sync_jobs(self) -> int:
        """List every job from the service into the cache (a full sweep); returns requests made."""
        poller = self._service()
        return await read_retried(lambda: poller.sweep_once(priority=Priority.ACTION))

    async def sync_job(
        self, name: str, *, documents: bool = True, priority: Priority = Priority.ACTION, attempts: int | None = None
    ) -> JobView:
        """Read one job (and, unless finished and already cached, its documents) from the service
        into the cache; raises NotFound if the service does not know it (the cache marks it).
        `attempts`: how many times to try (default READ_ATTEMPTS; 1 for a caller with its own
        retry schedule)."""
        poller = self._service()
        await read_retried(
            lambda: poller.refresh_job(name, priority=priority, documents=documents),
            attempts=attempts or READ_ATTEMPTS,
        )
        view = await self.job(name)
        if view is None:
            raise NotFound(f"No job named {name!r}.", resource=name)
        return view

    async def sync_unfinished(self) -> None:
        """Refresh every unfinished job now, by the cheaper of one request each or listing pages."""
        await self._service().refresh_active()

    async def sync_documents(self, name: str) -> None:
        poller = self._service()
        await read_retried(lambda: poller.fetch_documents(name, Priority.ACTION))
