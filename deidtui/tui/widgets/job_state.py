"""What the detail pane knows about the shown job, and the words for its times and states.

`DetailState` is written by the pane (`JobDetail`) and read by the section builders; `Throughput`
measures documents per minute from the progress updates the pane receives.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

from ...domain import rules
from ...domain.jobs import JobView, Transition
from ...domain.models import Progress
from ..formatting import STATUS_LABEL, STATUS_SYMBOL, duration

Density = Literal["full", "compact", "minimal"]


# -- words for times and states ------------------------------------------------------------------


def span(seconds: float | None) -> str:
    """A duration precise enough for a detail pane: `12s`, `4m 09s`, `2h 05m`, `3d 04h`."""
    return duration(seconds, precise=True)


def live_span(seconds: float | None) -> str:
    """A duration still growing (a running job's elapsed time): whole minutes, so it ticks rarely."""
    if seconds is not None and 0 <= seconds < 60:
        return "<1m"
    if seconds is not None and seconds < 3600:
        return f"{int(seconds // 60)}m"
    return span(seconds)


def status_words(view: JobView) -> str:
    """The job's status as the detail pane says it: symbol and the domain's word for its outcome."""
    outcome = rules.outcome(view)
    label = "partially failed" if outcome is rules.Outcome.PARTIAL else STATUS_LABEL[view.status]
    return f"{STATUS_SYMBOL[view.status]} {label}"


# -- state ------------------------------------------------------------------------------------------


class Throughput:
    """Documents per minute: from the change between recent updates, else the average since start.

    Samples are (local time, done) pairs taken when progress arrives. The recent rate divides by the
    time up to *now*, so a job that stops progressing shows a falling rate rather than a stale one.
    """

    WINDOW = timedelta(minutes=2)
    MIN_SPAN = timedelta(seconds=3)

    def __init__(self) -> None:
        self._samples: deque[tuple[datetime, int]] = deque(maxlen=256)

    def reset(self) -> None:
        self._samples.clear()

    def observe(self, at: datetime, done: int) -> None:
        if self._samples and self._samples[-1][1] == done:
            return  # a plateau: keep its first sample, so the rate decays while nothing finishes
        if self._samples and done < self._samples[-1][1]:
            self._samples.clear()  # fewer done than before: a new incarnation, start again
        self._samples.append((at, done))

    def per_minute(self, now: datetime, started_at: datetime | None, done: int) -> tuple[float | None, str]:
        """(documents per minute, how it was measured: "recent" or "average"), or (None, "")."""
        while len(self._samples) > 1 and now - self._samples[0][0] > self.WINDOW:
            self._samples.popleft()
        if len(self._samples) >= 2:
            first_at, first_done = self._samples[0]
            elapsed = now - first_at
            if elapsed >= self.MIN_SPAN and self._samples[-1][1] > first_done:
                return (self._samples[-1][1] - first_done) / elapsed.total_seconds() * 60, "recent"
        if started_at is not None and done > 0:
            elapsed_s = (now - started_at).total_seconds()
            if elapsed_s > 0:
                return done / elapsed_s * 60, "average"
        return None, ""


@dataclass
class DetailState:
    """Everything the pane shows about one job; the sections read it, the pane writes it."""

    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    name: str | None = None
    cached: JobView | None = None
    progress: Progress | None = None
    transitions: list[Transition] = field(default_factory=list)
    parent: str | None = None
    children: list[str] = field(default_factory=list)
    throughput: Throughput = field(default_factory=Throughput)
    online: bool | None = None
    throttled_until: datetime | None = None
    density: Density = "full"
    hint: str = ""

    def now(self) -> datetime:
        return self.clock()

    def set_progress(self, progress: Progress | None) -> bool:
        """Accept newer progress; a smaller done count of the same total is a late, older reading."""
        if progress is None:
            return False
        old = self.progress
        if old is not None and old.total == progress.total and progress.done < old.done:
            return False
        self.progress = progress
        self.throughput.observe(self.now(), progress.done)
        return True
