"""Several services at once: one Engine per profile, side by side, and nothing shared between them.

    fleet = Fleet([Engine(eus), Engine(weu), Engine(test)])
    subscription = fleet.subscribe()      # every engine's events, each tagged with its service
    await fleet.open()                    # every cache read at once
    problems = await fleet.start()        # each service on its own: one failing stops no other
    await fleet.cancel(views)             # each job to the service it belongs to

Each engine keeps its own request budget, credential, poller and cache feed: a service that is
slow, throttled, signed out or unreachable only ever delays its own tasks. A job's service is its
view's `profile` (the cache keys every row by profile, so the same job name on two services is two
jobs); events that are not about a job arrive as `ServiceEvent`s naming their service.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..domain.errors import DeidError
from ..domain.jobs import JobView
from ..domain.models import JobStatus, Operation
from ..domain.rules import Standing
from .engine import Engine
from .events import Event, Subscription, wait_then_cancel
from .outcomes import ActionResult
from .service_calls import ACTION_WORDS, Action

SEPARATOR = "/"  # in a job's fleet key, `service/name`: profile names cannot hold it (see `check_names`)


@dataclass(frozen=True, slots=True)
class ServiceEvent:
    """One engine's event, with the service (profile name) it came from."""

    service: str
    event: Event


@dataclass(frozen=True, slots=True)
class ServiceResult:
    """An action's result on one job, with the service that answered."""

    service: str
    result: ActionResult


def job_key(view: JobView | Standing) -> str:
    """A job's identity across services: `service/name`."""
    return f"{view.profile}{SEPARATOR}{view.name}"


def split_key(key: str) -> tuple[str, str]:
    """`service/name` -> (service, name); the service is everything before the first separator."""
    service, _, name = key.partition(SEPARATOR)
    return service, name


def per_service(counts: dict[str, int], noun: str = "job") -> str:
    """`3 jobs on prod-eus, 1 job on test`: what a bulk action across services says it will touch."""
    return ", ".join(f"{n} {noun}{'s' if n != 1 else ''} on {service}" for service, n in counts.items() if n)


class FleetSubscription:
    """A mailbox over every engine's subscription: a batch holds whatever any engine has pending,
    so an engine with nothing to say (or a slow one) never holds the others' events back."""

    def __init__(self, subscriptions: dict[str, Subscription]) -> None:
        self._subscriptions = subscriptions

    def drain(self) -> list[ServiceEvent]:
        return [
            ServiceEvent(service, event)
            for service, subscription in self._subscriptions.items()
            for event in subscription.drain()
        ]

    async def next_batch(self) -> list[ServiceEvent]:
        while True:
            batch = self.drain()
            if batch:
                return batch
            await wait_then_cancel((s.wait() for s in self._subscriptions.values()), first=True)

    async def filled(self, count: int, timeout: float) -> None:
        """Return once an engine has `count` events pending, or after `timeout` seconds."""
        await wait_then_cancel((s.filled(count, timeout) for s in self._subscriptions.values()), first=True)

    def close(self) -> None:
        for subscription in self._subscriptions.values():
            subscription.close()


class Fleet:
    """The engines of several profiles, in the order given (the first is the primary: the one whose
    storage the dashboard browses and where new jobs go)."""

    def __init__(self, engines: Sequence[Engine]) -> None:
        if not engines:
            raise ValueError("a fleet needs at least one engine")
        self._engines: dict[str, Engine] = {}
        for engine in engines:
            if engine.name in self._engines:
                raise ValueError(f"profile {engine.name!r} is twice in the fleet")
            self._engines[engine.name] = engine

    # -- membership ------------------------------------------------------------------------------

    @property
    def names(self) -> list[str]:
        return list(self._engines)

    @property
    def primary(self) -> Engine:
        return next(iter(self._engines.values()))

    def engine(self, service: str) -> Engine:
        return self._engines[service]

    def engine_of(self, view: JobView | Standing) -> Engine:
        """The engine of the service a job belongs to."""
        return self._engines[view.profile]

    def __iter__(self) -> Iterator[Engine]:
        return iter(self._engines.values())

    def __len__(self) -> int:
        return len(self._engines)

    def __contains__(self, service: object) -> bool:
        return service in self._engines

    @property
    def all_read_only(self) -> bool:
        return all(engine.read_only for engine in self)

    # -- lifecycle -------------------------------------------------------------------------------

    def subscribe(self) -> FleetSubscription:
        return FleetSubscription({name: engine.subscribe() for name, engine in self._engines.items()})

    async def _each(self, work: Callable[[Engine], Awaitable[None]]) -> dict[str, BaseException | None]:
        """Run `work` on every engine at once; what each raised (or None), by service."""
        outcomes = await asyncio.gather(*(work(engine) for engine in self), return_exceptions=True)
        return {
            name: outcome if isinstance(outcome, BaseException) else None
            for name, outcome in zip(self._engines, outcomes, strict=True)
        }

    def preload(self) -> None:
        """Import what every engine's service needs (slow: call it in a thread)."""
        for engine in self:
            engine.preload()

    async def open(self) -> dict[str, BaseException | None]:
        """Open every engine's cache at once; what failed, by service."""
        return await self._each(lambda engine: engine.open())

    async def start(self) -> dict[str, BaseException | None]:
        """Start every engine at once, each on its own: one that cannot start (its `state` and
        `problem` say why) leaves the others running. What failed, by service."""
        return await self._each(lambda engine: engine.start())

    async def stop(self) -> None:
        await self._each(lambda engine: engine.stop())

    # -- reading ---------------------------------------------------------------------------------

    async def jobs(
        self,
        *,
        include_deleted: bool = False,
        statuses: Iterable[JobStatus] | None = None,
        operations: Iterable[Operation] | None = None,
        created_since: datetime | None = None,
    ) -> list[JobView]:
        """Every service's cached jobs (each view names its service in `profile`), chosen as
        `Engine.jobs` chooses them."""
        lists = await asyncio.gather(
            *(
                engine.jobs(
                    include_deleted=include_deleted,
                    statuses=statuses,
                    operations=operations,
                    created_since=created_since,
                )
                for engine in self
            )
        )
        return [view for views in lists for view in views]

    def by_service(self, views: Iterable[JobView | Standing]) -> dict[str, list[JobView | Standing]]:
        """The jobs grouped by their service, in the fleet's order (services without any left out)."""
        groups: dict[str, list[JobView | Standing]] = {name: [] for name in self._engines}
        for view in views:
            groups[view.profile].append(view)
        return {name: group for name, group in groups.items() if group}

    # -- what may run, and running it on the right service -----------------------------------------

    def cannot(self, action: Action, views: Sequence[JobView | Standing]) -> str | None:
        """None when `action` can run on at least one of `views` (on its own service), else why
        not, each service's reason named."""
        groups = self.by_service(views)
        if not groups:
            return None
        reasons = {name: self.engine(name).cannot(action, group) for name, group in groups.items()}
        if any(reason is None for reason in reasons.values()):
            return None
        return "; ".join(f"{name}: {reason}" for name, reason in reasons.items())

    async def act(
        self,
        action: Action,
        views: Sequence[JobView | Standing],
        run: Callable[[Engine, list[str]], Awaitable[list[ActionResult]]],
    ) -> list[ServiceResult]:
        """Run a bulk action: each service's jobs go to that service's engine, all services at once.
        A service where it cannot run (read-only, signed out...) reports each of its jobs as not
        done with the reason; the others go ahead."""

        async def on(name: str, group: list[JobView | Standing]) -> list[ServiceResult]:
            engine = self.engine(name)
            reason = engine.cannot(action, group)
            if reason is not None:
                return [ServiceResult(name, ActionResult(view.name, False, reason)) for view in group]
            try:
                results = await run(engine, [view.name for view in group])
            except DeidError as error:
                words = ACTION_WORDS[action]
                message = f"{words} failed: {error.detail or error.title}"
                return [ServiceResult(name, ActionResult(view.name, False, message, error=error)) for view in group]
            return [ServiceResult(name, result) for result in results]

        groups = self.by_service(views)
        per = await asyncio.gather(*(on(name, group) for name, group in groups.items()))
        return [result for results in per for result in results]

    async def cancel(self, views: Sequence[JobView | Standing]) -> list[ServiceResult]:
        return await self.act("cancel", views, lambda engine, names: engine.cancel(names))

    async def delete(self, views: Sequence[JobView | Standing]) -> list[ServiceResult]:
        return await self.act("delete", views, lambda engine, names: engine.delete(names))

    def refresh(self) -> list[str]:
        """Sweep every service that can be reached now; the services asked."""
        asked = []
        for engine in self:
            if engine.cannot("preview") is None:
                engine.refresh()
                asked.append(engine.name)
        return asked
