"""One request budget shared by polling and user actions: a sliding window with priorities.

The service allows about 100 requests per 5 seconds. The budget grants at most `limit` (80 by
default: a safe margin) in any window of `window` seconds, counted from the grants themselves, so a
burst may use a whole window at once: a sweep of 50 pages goes as fast as the service answers, where
a token bucket holding every window to 80 (16 at once, then 12.8 a second) made it wait 2.7 s. The
last tenth of each window is kept for the operator (actions and the job on screen), so background
work never makes an action wait for the window to pass. When the service still answers 429 or 503
with Retry-After, every request waits that long (capped), and for one window after it requests go
at an even pace, so the next burst cannot land on a window the service still counts as full.
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
        reserve_share: float = 0.1,
        max_pause: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("the request budget needs at least one request per positive window")
        self.limit = limit
        self.window = window
        self.reserve = int(limit * reserve_share)  # grants only the operator's requests may take
        self.max_pause = max_pause
        self._clock = clock
        self._pace = window / limit  # the even pace after a pause
        self._paused_until = 0.0
        self._paced_until = 0.0
        self._waiters: list[tuple[int, int, asyncio.Future[float]]] = []
        self._order = itertools.count()
        self._granted: deque[float] = deque()  # when each request of the last window was granted
        self.grants = 0  # requests granted since start (one each on the wire: see azure/transport.py)
        self._wakeup: asyncio.TimerHandle | None = None

    # -- public -----------------------------------------------------------------------

    async def acquire(self, priority: Priority = Priority.SWEEP) -> None:
        """Wait until one request may be sent."""
        now = self._clock()
        if not self._waiters and self._wait_for(priority, now) == 0.0:
            self._grant(now)
            return
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (int(priority), next(self._order), future))
        self._schedule()
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self._granted.remove(future.result())  # granted but not used: give it back
                self.grants -= 1
            self._waiters = [w for w in self._waiters if w[2] is not future]
            heapq.heapify(self._waiters)
            self._schedule()
            raise

    def pause(self, seconds: float) -> float:
        """Honour a Retry-After: nobody sends for `seconds` (capped); returns the pause applied."""
        seconds = min(max(seconds, 0.0), self.max_pause)
        until = self._clock() + seconds
        if until > self._paused_until:
            self._paused_until = until
            self._paced_until = until + self.window
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
        """Share of the window currently free (0..1): background work runs only when there is room."""
        now = self._clock()
        if self._paused_until > now:
            return 0.0
        self._forget_old(now)
        return max(0.0, 1.0 - len(self._granted) / self.limit)

    # -- internals --------------------------------------------------------------------

    def _forget_old(self, now: float) -> None:
        while self._granted and self._granted[0] <= now - self.window:
            self._granted.popleft()

    def _wait_for(self, priority: int, now: float) -> float:
        """Seconds until a request at `priority` may be granted (0: now)."""
        if now < self._paused_until:
            return self._paused_until - now
        self._forget_old(now)
        granted = self._granted
        room = self.limit if priority <= Priority.SELECTED else self.limit - self.reserve
        if len(granted) >= room:  # full: until enough of the oldest grants leave the window
            return max(granted[len(granted) - room] + self.window - now, 0.001)
        if now < self._paced_until and granted and now < granted[-1] + self._pace:
            return granted[-1] + self._pace - now
        return 0.0

    def _grant(self, now: float) -> float:
        self._granted.append(now)
        self.grants += 1
        return now

    def _schedule(self) -> None:
        """Grant to waiters now if possible, else set a timer for when the first of them may go."""
        while self._waiters:
            priority, _, future = self._waiters[0]
            if future.done():
                heapq.heappop(self._waiters)
                continue
            now = self._clock()
            wait = self._wait_for(priority, now)
            if wait > 0:
                # A timer set for a later waiter may be due after this one could go (an action
                # queued behind background work held back by the reserve): the earlier one wins.
                loop = asyncio.get_running_loop()
                if self._wakeup is not None and self._wakeup.when() > loop.time() + wait:
                    self._wakeup.cancel()
                    self._wakeup = None
                if self._wakeup is None:
                    self._wakeup = loop.call_later(wait, self._on_timer)
                return
            heapq.heappop(self._waiters)
            future.set_result(self._grant(now))

    def _on_timer(self) -> None:
        self._wakeup = None
        self._schedule()
