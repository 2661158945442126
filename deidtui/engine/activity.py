"""What the engine has done lately (requests, actions, errors), for the activity view; no secrets.

Entries name the operation and the job or blob concerned, never tokens, keys, SAS or document text.
Bounded: the oldest entries fall off.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ..domain.models import utcnow

Kind = Literal["request", "action", "error", "info"]


@dataclass(frozen=True, slots=True)
class ActivityEntry:
    at: datetime
    kind: Kind
    operation: str
    target: str | None
    outcome: str  # "ok", an HTTP status, or an error title
    duration_ms: float | None = None
    priority: str | None = None


class ActivityLog:
    def __init__(self, capacity: int = 2000) -> None:
        self._entries: deque[ActivityEntry] = deque(maxlen=capacity)
        self.requests = 0
        self.errors = 0

    def add(
        self,
        kind: Kind,
        operation: str,
        target: str | None,
        outcome: str,
        *,
        duration_ms: float | None = None,
        priority: str | None = None,
    ) -> ActivityEntry:
        entry = ActivityEntry(utcnow(), kind, operation, target, outcome, duration_ms, priority)
        self._entries.append(entry)
        if kind == "request":
            self.requests += 1
        if kind == "error" or (kind == "request" and outcome != "ok"):
            self.errors += 1
        return entry

    def recent(self, limit: int = 500) -> list[ActivityEntry]:
        """Newest last."""
        return list(self._entries)[-limit:]
