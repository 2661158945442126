"""What callers ask of the service through the engine: the actions (submit, cancel, delete,
resubmit, retry, preview, settling interrupted submissions) and the refreshes the CLI asks for
(`sync_*`), each refused with its reason in one line unless it can run now (`cannot`), so a UI offers
only what can run. `EngineServiceCalls` is the part of `Engine` (engine.py) that does this, a class of
its own so that the engine's module keeps to its lifecycle; it builds on `EngineReads`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from ..domain import rules
from ..domain.errors import DeidError, NotFound
from ..domain.jobs import JobView
from ..domain.models import JobSpec
from ..domain.rules import Standing
from .budget import Priority
from .events import EngineState
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
from .reads import EngineReads
from .retrying import READ_ATTEMPTS, read_retried

if TYPE_CHECKING:
    from .actions import Actions
    from .poller import Poller

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


class EngineServiceCalls(EngineReads):
    """The actions and on-demand refreshes of `Engine`; the engine's state they check is declared
    here, and set by `Engine.__init__` and its lifecycle."""

    read_only: bool
    _state: EngineState
    _problem: DeidError | None
    _actions: Actions | None

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
