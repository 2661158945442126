"""One request budget shared by polling and user actions: a token bucket with priorities.

The service allows about 100 requests per 5 seconds. A bucket of capacity C refilled at r tokens
per second never lets more than C + r*W requests through in any window of W seconds, so the
defaults (C = 16, r = 12.8/s) hold every 5-second window to at most 80 requests: a safe margin.
When the service still answers 429 or 503 with Retry-After, every request waits that long (capped),
and the bucket restarts empty so the next burst cannot land on a full window.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum


class Priority(IntEnum):
    """Who goes first when requests queue for the budget (lower value first)."""

    ACTION = 0  # an operator's submit, cancel, delete...
    SELECTED = 1  # the job the operator is looking at
    ACTIVE = 2  # refreshing unfinished jobs
    SWEEP = 3  # the background sweep of all jobs
    DOCUMENTS = 4  # document listings of other running jobs


@dataclass(frozen=True, slots=True)
class BudgetSnapshot:
    limit: int  # requests per window
    window: float
    used: int  # requests granted in the last window
    waiting: int
    paused_for: float  # seconds until a Retry-After pause ends (0 when not paused)


class RequestBudget:
    """Grants permission to send one request, highest priority first, within the rate."""

    def __init__(
        self,
        limit: int = 80,
        window: float = 5.0,
        *,
        burst_share: float = 0.2,
        max_pause: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("the request budget needs at least one request per positive window")
        self.limit = limit
        self.window = window
        self.capacity = max(1.0, round(limit * burst_share))
        self.rate = max(limit - self.capacity, 1) / window
        self.max_pause = max_pause
        self._clock = clock
        self._tokens = self.capacity
        self._stamp = clock()
        self._paused_until = 0.0
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._granted: deque[float] = deque()
        self.grants = 0  # requests granted since start (one each on the wire: see azure/transport.py)
        self._wakeup: asyncio.TimerHandle | None = None

    # -- public -----------------------------------------------------------------------

    async def acquire(self, priority: Priority = Priority.SWEEP) -> None:
        """Wait until one request may be sent."""
        if not self._waiters and self._try_take():
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (int(priority), next(self._order), future))
        self._schedule()
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self._tokens = min(self.capacity, self._tokens + 1)  # granted but not used: give it back
                self.grants -= 1
            self._waiters = [w for w in self._waiters if w[2] is not future]
            heapq.heapify(self._waiters)
            raise

    def pause(self, seconds: float) -> float:
        """Honour a Retry-After: nobody sends for `seconds` (capped); returns the pause applied."""
        seconds = min(max(seconds, 0.0), self.max_pause)
        until = self._clock() + seconds
        if until > self._paused_until:
            self._paused_until = until
        self._tokens = 0.0
        self._stamp = self._clock()
        self._schedule()
        return seconds

    def snapshot(self) -> BudgetSnapshot:
        now = self._clock()
        self._forget_old(now)
        return BudgetSnapshot(
            limit=self.limit,
            window=self.window,
            used=len(self._granted),
            waiting=len(self._waiters),
            paused_for=max(0.0, self._paused_until - now),
        )

    def spare(self) -> float:
        """Share of the bucket currently free (0..1): background work runs only when there is room."""
        self._refill(self._clock())
        return 0.0 if self._paused_until > self._clock() else self._tokens / self.capacity

    # -- internals --------------------------------------------------------------------

    def _refill(self, now: float) -> None:
        if now > self._stamp:
            self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now

    def _forget_old(self, now: float) -> None:
        while self._granted and self._granted[0] <= now - self.window:
            self._granted.popleft()

    def _try_take(self) -> bool:
        now = self._clock()
        if now < self._paused_until:
            return False
        self._refill(now)
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            self._granted.append(now)
            self.grants += 1
            self._forget_old(now)
            return True
        return False

    def _schedule(self) -> None:
        """Grant to waiters now if possible, else set a timer for when the next token arrives."""
        while self._waiters:
            if self._waiters[0][2].done():
                heapq.heappop(self._waiters)
                continue
            if not self._try_take():
                break
            _, _, future = heapq.heappop(self._waiters)
            future.set_result(None)
        if self._waiters and self._wakeup is None:
            now = self._clock()
            delay = max(self._paused_until - now, (1.0 - self._tokens) / self.rate, 0.001)
            loop = asyncio.get_running_loop()
            self._wakeup = loop.call_later(delay, self._on_timer)

    def _on_timer(self) -> None:
        self._wakeup = None
        self._schedule()
