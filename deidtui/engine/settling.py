"""Settling submissions left between intent and confirmation (a crash, a kill, a lost answer):
none lost, none doubled, each said for what it is.

Every submission records its intent in the cache before its PUT. A pending intent is settled by
asking the service: the job is there with the same spec (confirmed), or not there (sent now: the
PUT is idempotent), or another job holds the name (taken: nothing is sent). Another deidtui process
may settle the same intent at the same moment; whichever resolves it first has the word.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from ..cache import CacheError, Intent, IntentState, JobCache
from ..domain.errors import Conflict, DeidError
from ..domain.models import Job, JobSpec
from .events import EventBus, Notice
from .outcomes import Settlement
from .retrying import RETRYABLE
from .service import ServiceGateway


async def resolve_once(
    cache: JobCache, profile: str, intent: Intent, state: IntentState, message: str | None = None
) -> bool:
    """Resolve an intent; False when another deidtui process (settling the same pending intent at
    the same time) resolved it otherwise first: its word stands."""
    try:
        await cache.resolve_intent(intent.id, state, message)
    except CacheError:
        if any(p.id == intent.id for p in await cache.pending_intents(profile)):
            raise  # still pending: a real cache problem
        return False
    return True


class IntentSettler:
    def __init__(
        self,
        profile: str,
        cache: JobCache,
        gateway: ServiceGateway,
        bus: EventBus,
        *,
        existing: Callable[[str], Awaitable[Job | None]],
        put: Callable[[str, JobSpec], Awaitable[Job]],
        record: Callable[[Job], Awaitable[None]],
        audit: Callable[[str, str, bool, str], Awaitable[None]],
    ) -> None:
        """`existing`, `put`, `record` and `audit` are the actions' own: reading a job back, the
        retried PUT, writing a job to the cache, and the audit log."""
        self._profile = profile
        self._cache = cache
        self._gateway = gateway
        self._bus = bus
        self._existing = existing
        self._put = put
        self._record = record
        self._audit = audit

    async def settle_all(self, *, max_requests: int | None = None) -> list[Settlement]:
        """Settle every pending intent of the profile, oldest first. Stops starting new ones once
        `max_requests` requests have been spent; those left are reported unsettled (and stay
        pending for next time). One settled meanwhile by another process is left out."""
        settlements: list[Settlement] = []
        spent_before = self._gateway.sent
        for intent in await self._cache.pending_intents(self._profile):
            if max_requests is not None and self._gateway.sent - spent_before >= max_requests:
                settlements.append(Settlement(intent.name, "unsettled", "left for later: request allowance spent"))
                continue
            settlement = await self._settle(intent)
            if settlement is not None:
                settlements.append(settlement)
        return settlements

    async def _resolve(self, intent: Intent, state: IntentState, message: str | None = None) -> bool:
        return await resolve_once(self._cache, self._profile, intent, state, message)

    async def _settle(self, intent: Intent) -> Settlement | None:
        """What became of one pending intent; None when another process settled it meanwhile."""
        try:
            existing = await self._existing(intent.name)
        except DeidError as error:
            return Settlement(intent.name, "unsettled", error.title)
        if existing is not None and not existing.spec.same_job_as(intent.spec):
            if not await self._resolve(intent, "failed", "another job took the name meanwhile"):
                return None
            self._bus.publish(
                Notice(
                    "warning",
                    f"Submission of {intent.name} was not completed",
                    "A different job with that name exists on the service.",
                    intent.name,
                )
            )
            return Settlement(intent.name, "taken")
        try:
            job = existing or await self._put(intent.name, intent.spec)
        except Conflict:
            if not await self._resolve(intent, "failed", "another job took the name meanwhile"):
                return None
            return Settlement(intent.name, "taken")
        except RETRYABLE as error:
            return Settlement(intent.name, "unsettled", error.title)
        except DeidError as error:
            if not await self._resolve(intent, "failed", str(error)):
                return None
            await self._audit(intent.kind, intent.name, False, f"refused after a restart: {error}")
            return Settlement(intent.name, "refused", str(error))
        how = "confirmed" if existing is not None else "submitted"
        if not await self._resolve(intent, "confirmed", f"{how} after a restart"):
            return None
        await self._record(job)
        if intent.parent:
            await self._cache.set_parent(
                self._profile, intent.name, intent.parent, kind="retry" if intent.kind == "retry" else "resubmit"
            )
        detail = "submission confirmed after a restart" if existing else "submitted after a restart (never received)"
        await self._audit(intent.kind, intent.name, True, detail)
        self._bus.publish(Notice("info", f"Submission of {intent.name} {how} after a restart", "", intent.name))
        return Settlement(intent.name, how)  # type: ignore[arg-type]
