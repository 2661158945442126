"""Typed domain events from the engine to any number of subscribers, coalesced, never unbounded.

Each subscriber has a mailbox keyed by what an event is about (one job, one job's documents,
connectivity...). A newer event about the same thing replaces the older one, so a burst of poll
results for 10,000 jobs costs a subscriber at most one pending event per job, however slowly it
reads. Events without a natural key (finished actions) are kept in order up to a fixed bound.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from ..domain.errors import DeidError


@dataclass(frozen=True, slots=True)
class JobUpdated:
    """A job was added, changed, found deleted on the service, or restored."""

    kind: Literal["added", "changed", "deleted", "restored"]
    name: str
    job: Any  # deidtui.cache.CachedJob

    @property
    def key(self) -> tuple[str, str]:
        return ("job", self.name)


@dataclass(frozen=True, slots=True)
class DocumentsUpdated:
    """New document states for one job (only the documents that changed), with its progress."""

    job_name: str
    changed: tuple[Any, ...]  # deidtui.domain.models.Document
    progress: Any  # deidtui.domain.models.Progress

    @property
    def key(self) -> tuple[str, str]:
        return ("documents", self.job_name)


@dataclass(frozen=True, slots=True)
class Connectivity:
    """Whether the service answered the last call; `error` explains why not."""

    online: bool
    error: DeidError | None
    last_success: datetime | None

    @property
    def key(self) -> tuple[str]:
        return ("connectivity",)


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

    key = None  # never coalesced


Event = JobUpdated | DocumentsUpdated | Connectivity | Throttling | BudgetUse | SweepFinished | Notice


class Subscription:
    """A mailbox of pending events; iterate it to receive batches (lists) of events."""

    def __init__(self, bus: EventBus, max_unkeyed: int) -> None:
        self._bus = bus
        self._keyed: OrderedDict[tuple, Event] = OrderedDict()
        self._unkeyed: deque[Event] = deque(maxlen=max_unkeyed)
        self._ready = asyncio.Event()
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

    def drain(self) -> list[Event]:
        batch: list[Event] = list(self._keyed.values()) + list(self._unkeyed)
        self._keyed.clear()
        self._unkeyed.clear()
        self._ready.clear()
        return batch

    @property
    def pending(self) -> int:
        return len(self._keyed) + len(self._unkeyed)

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

    def publish(self, event: Event) -> None:
        for subscription in self._subscribers:
            subscription.put(event)
