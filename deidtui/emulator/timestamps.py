"""Timestamps as the service writes them: UTC, up to 7 fractional digits, trailing zeros dropped.

The recorded service serialises .NET times ("2025-08-05T21:19:49.2572731Z", and
"2025-08-05T21:20:35.525201Z" when the seventh digit is 0). Each stamp the emulator hands out is
at least a microsecond after the previous one, so a job's `createdAt < startedAt < lastUpdatedAt`
holds even for clients that keep only microseconds, as Python's datetime does.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

TICKS_PER_SECOND = 10_000_000  # .NET ticks: 100 ns
_MIN_STEP = 10  # one microsecond


def format_ticks(ticks: int) -> str:
    seconds, fraction = divmod(ticks, TICKS_PER_SECOND)
    whole = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    digits = f"{fraction:07d}".rstrip("0")
    return f"{whole}.{digits}Z" if digits else f"{whole}Z"


def parse_ticks(stamp: str) -> int:
    """Ticks of a stamp written by `format_ticks` (or by older emulators, with 6 digits)."""
    text = stamp.strip().rstrip("Zz")
    whole, _, fraction = text.partition(".")
    if "+" in fraction:  # "+00:00" instead of "Z"
        fraction = fraction.split("+", 1)[0]
    base = datetime.fromisoformat(whole).replace(tzinfo=UTC)
    return int(base.timestamp()) * TICKS_PER_SECOND + int((fraction or "0")[:7].ljust(7, "0"))


def seconds_since(stamp: str) -> float:
    return (time.time_ns() // 100 - parse_ticks(stamp)) / TICKS_PER_SECOND


class StampClock:
    """Hands out strictly increasing stamps (a microsecond apart at least)."""

    def __init__(self) -> None:
        self._last = 0
        self._lock = threading.Lock()

    def next(self) -> str:
        with self._lock:
            ticks = max(time.time_ns() // 100, self._last + _MIN_STEP)
            self._last = ticks
        return format_ticks(ticks)
