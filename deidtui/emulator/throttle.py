"""The service's request budget: about 100 requests per 5 seconds, then 429 with Retry-After."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLimiter:
    """Counts requests in a moving window; answers how long to wait when the window is full."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._stamps: deque[float] = deque()
        self.enabled = True
        self.rejected = 0  # 429s answered, for benchmarks and tests

    def admit(self) -> float | None:
        """Record a request; None when admitted, otherwise seconds until a slot frees up."""
        if not self.enabled:
            return None
        now = self._clock()
        while self._stamps and self._stamps[0] <= now - self.window:
            self._stamps.popleft()
        if len(self._stamps) >= self.limit:
            self.rejected += 1
            return max(self._stamps[0] + self.window - now, 0.001)
        self._stamps.append(now)
        return None

    @staticmethod
    def retry_after_header(seconds: float) -> str:
        return str(max(1, math.ceil(seconds)))
