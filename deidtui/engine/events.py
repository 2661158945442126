"""Typed events from the engine to any number of subscribers, coalesced, never unbounded.

Each subscriber has a mailbox keyed by what an event is about (one job, the engine's status, the
budget...). Every keyed event carries the whole current state of its subject, never a delta, so a
newer event about the same thing simply replaces the older one: a burst of changes to 10,000 jobs
costs a subscriber at most one pending event per job, however slowly it reads, and nothing is lost
by coalescing. Events without a natural key (notices) are kept in order up to a fixed bound.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Awaitable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import ClassVar, Literal

from ..domain.briefs import JobBrief
from ..domain.errors import DeidError


class EngineState(StrEnum):
    """Where the engine stands, and so what it can do.

    - starting: reading the cache is possible; the service has not answered yet. Actions run once
      the service clients are ready (`Engine.cannot` says when they are not).
    - online: the service answered the last request; everything works.
    - offline: the service did not answer (network, outage); cached jobs are shown, actions are
      tried and fail with the reason, polling retries with backoff.
    - signed out: signing in failed or expired; cached jobs are shown; no action runs until the
      operator signs in (the problem's hint says how).
    - failed: the engine could not start (configuration, credential, SDK); the cache, if it
      opened, is still readable; nothing is sent to the service.
    - stopped: closed for good.
    """

    STARTING = "starting"
    ONLINE = "online"
    OFFLINE = "offline"
    SIGNED_OUT = "signed out"
    FAILED = "failed"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class JobChanged:
    """The cache holds a new state of this job (written by this process or another), in brief
    (`domain.briefs`: what the queue and the poller keep), deleted jobs included (`brief.deleted`);
    whoever needs the whole job reads it from the cache."""

    brief: JobBrief

    @property
    def key(self) -> tuple[str, str]:
        return ("job", self.brief.name)


@dataclass(frozen=True, slots=True)
class EngineStatus:
    """The engine's state, why it is not online (`problem`), and when the service last answered."""

    state: EngineState
    problem: DeidError | None
    last_success: datetime | None

    @property
    def key(self) -> tuple[str]:
        return ("status",)


@dataclass(frozen=True, slots=True)
class Throttling:
    """The service asked us to wait (429/503 Retry-After); `until` is a monotonic deadline."""

    retry_after: float
    until: float

    @property
    def key(self) -> tuple[str]:
        return ("throttling",)


@dataclass(frozen=True, slots=True)
class BudgetUse:
    used: int
    limit: int
    window: float
    waiting: int

    @property
    def key(self) -> tuple[str]:
        return ("budget",)


@dataclass(frozen=True, slots=True)
class SweepFinished:
    """A complete refresh of the job list ended; the UI shows "last refreshed N s ago" from it."""

    at: datetime
    jobs: int
    requests: int

    @property
    def key(self) -> tuple[str]:
        return ("sweep",)


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the operator should read: an action's outcome, a recovered cache, a warning."""

    level: Literal["info", "warning", "error"]
    title: str
    detail: str = ""
    job_name: str | None = None

    key: ClassVar[None] = None  # never coalesced


@dataclass(frozen=True, slots=True)
class CacheReplaced:
    """The cache file was damaged and rebuilt empty (the damaged one kept as `moved`): whatever was
    read from the old file is void, its revisions included (the new file counts from the start
    again). The jobs read from the new file come after this event, in this batch or later ones:
    it is keyed, so a job's event published after it is delivered after it."""

    moved: Path

    @property
    def key(self) -> tuple[str, str]:
        return ("cache", "replaced")


Event = JobChanged | CacheReplaced | EngineStatus | Throttling | BudgetUse | SweepFinished | Notice


async def wait_then_cancel(
    awaitables: Iterable[Awaitable[object]], *, timeout: float | None = None, first: bool = False
) -> None:
    """Wait for all of `awaitables` (or, with `first`, for one of them), at most `timeout` seconds,
    then cancel those still waiting."""
    waiters = [asyncio.ensure_future(awaitable) for awaitable in awaitables]
    if not waiters:
        return
    try:
        await asyncio.wait(
            waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED if first else asyncio.ALL_COMPLETED
        )
    finally:
        for waiter in waiters:
            waiter.cancel()


class Subscription:
    """A mailbox of pending events; iterate it to receive batches (lists) of events."""

    def __init__(self, bus: EventBus, max_unkeyed: int) -> None:
        self._bus = bus
        self._keyed: OrderedDict[Hashable, Event] = OrderedDict()
        self._unkeyed: deque[Event] = deque(maxlen=max_unkeyed)
        self._ready = asyncio.Event()
        self._taken = asyncio.Event()  # set while nothing is pending
        self._taken.set()
        self._grew = asyncio.Event()  # set by every event put
        self.dropped = 0

    def put(self, event: Event) -> None:
        key = event.key
        if key is None:
            if len(self._unkeyed) == self._unkeyed.maxlen:
                self.dropped += 1
            self._unkeyed.append(event)
        else:
            self._keyed.pop(key, None)
            self._keyed[key] = event
        self._ready.set()
        self._taken.clear()
        self._grew.set()

    def drain(self) -> list[Event]:
        batch: list[Event] = list(self._keyed.values()) + list(self._unkeyed)
        self._keyed.clear()
        self._unkeyed.clear()
        self._ready.clear()
        self._taken.set()
        return batch

    @property
    def pending(self) -> int:
        return len(self._keyed) + len(self._unkeyed)

    async def wait(self) -> None:
        """Return once an event is pending (at once if one is)."""
        await self._ready.wait()

    async def taken(self) -> None:
        """Return once nothing is pending (at once if nothing is)."""
        await self._taken.wait()

    async def filled(self, count: int, timeout: float) -> None:
        """Return once `count` events are pending, or after `timeout` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.pending < count:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            self._grew.clear()
            try:
                await asyncio.wait_for(self._grew.wait(), remaining)
            except TimeoutError:
                return

    async def next_batch(self) -> list[Event]:
        await self._ready.wait()
        return self.drain()

    def close(self) -> None:
        self._bus.unsubscribe(self)

    def __aiter__(self) -> AsyncIterator[list[Event]]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[list[Event]]:
        while True:
            yield await self.next_batch()


class EventBus:
    def __init__(self, *, max_unkeyed: int = 256) -> None:
        self._subscribers: list[Subscription] = []
        self._max_unkeyed = max_unkeyed

    def subscribe(self) -> Subscription:
        subscription = Subscription(self, self._max_unkeyed)
        self._subscribers.append(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        if subscription in self._subscribers:
            self._subscribers.remove(subscription)

    @property
    def has_subscribers(self) -> bool:
        return bool(self._subscribers)

    def publish(self, event: Event) -> None:
        for subscription in self._subscribers:
            subscription.put(event)

    async def taken(self, timeout: float) -> None:
        """Return once every subscriber has taken what was published (or after `timeout` seconds,
        so that one which stopped reading holds nobody back for good)."""
        await wait_then_cancel((s.taken() for s in self._subscribers if s.pending), timeout=timeout)
