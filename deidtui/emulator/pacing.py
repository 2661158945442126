"""How fast jobs move, and the polling hints that go with it: realistic by default, fast for tests.

The recorded service (python SDK recordings, 2024-11-15 and 2025-07-15-preview) lists a job's
documents within a second of creation (the summary's `total` appears, or the job fails as
`EmptyJob`), keeps it `NotStarted` for 2 to 60 seconds, then takes 10 to 20 seconds for three
small documents. Its job answers carry `Retry-After` of 2 to 5 seconds, finished jobs included,
except the create answer and answers within about two seconds of the job's last change.

Every delay is drawn from the emulator's seed and the job's name, so a run can be replayed.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, replace

from .config_errors import ConfigError


@dataclass(frozen=True, slots=True)
class Span:
    """A range of seconds a delay is drawn from (uniformly); `low == high` is a fixed delay."""

    low: float
    high: float

    def __post_init__(self) -> None:
        if self.low < 0 or self.high < self.low:
            raise ConfigError(f"a range of seconds needs 0 <= low <= high, not {self.low:g}-{self.high:g}")

    def at(self, unit: float) -> float:
        """The value at `unit` (0 to 1) across the range."""
        return self.low + (self.high - self.low) * unit

    @classmethod
    def parse(cls, text: str, option: str) -> Span:
        """`"5"` or `"2-60"` (seconds, decimals allowed), as written on the command line."""
        low_text, sep, high_text = text.partition("-")
        try:
            low = float(low_text)
            high = float(high_text) if sep else low
        except ValueError:
            raise ConfigError(f"{option}: write seconds as N or MIN-MAX (e.g. 2-60), not {text!r}") from None
        if low < 0 or high < low:
            raise ConfigError(f"{option}: {text!r} must be N or MIN-MAX with 0 <= MIN <= MAX")
        return cls(low, high)

    def __str__(self) -> str:
        return f"{self.low:g}" if self.low == self.high else f"{self.low:g}-{self.high:g}"


@dataclass(frozen=True, slots=True)
class Pacing:
    """Delays of a job's life and the `Retry-After` hints of job answers."""

    name: str
    listing: Span  # create -> documents listed (summary total known, or EmptyJob)
    queue: Span  # listed -> Running (the job waits NotStarted)
    document: Span  # each document's processing time
    retry_after: tuple[int, int]  # whole seconds, drawn per answer
    quiet_seconds: float  # no Retry-After on answers within this long of the job's last change

    def with_queue(self, span: Span) -> Pacing:
        return replace(self, queue=span)

    def with_document(self, span: Span) -> Pacing:
        return replace(self, document=span)


REALISTIC = Pacing(
    name="realistic",
    listing=Span(0.4, 1.5),
    queue=Span(2.0, 60.0),
    document=Span(5.0, 15.0),
    retry_after=(2, 5),
    quiet_seconds=2.0,
)
# For tests: nothing waits, and Retry-After is 1 on every job answer so that SDK pollers left at
# their default 30 s interval still finish quickly.
FAST = Pacing(
    name="fast",
    listing=Span(0.0, 0.0),
    queue=Span(0.0, 0.0),
    document=Span(0.0, 0.0),
    retry_after=(1, 1),
    quiet_seconds=0.0,
)


def _unit(seed: int, *parts: str) -> float:
    """A number in [0, 1) that depends only on the seed and `parts` (not on call order)."""
    digest = hashlib.sha256("\x1f".join((str(seed), *parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


class Pacer:
    """The delays and hints of one emulator: `Pacing` values drawn with the emulator's seed."""

    def __init__(self, pacing: Pacing, seed: int) -> None:
        self.pacing = pacing
        self.seed = seed
        self._hints = random.Random(seed)

    def listing_seconds(self, job: str) -> float:
        return self.pacing.listing.at(_unit(self.seed, "listing", job))

    def queue_seconds(self, job: str) -> float:
        return self.pacing.queue.at(_unit(self.seed, "queue", job))

    def document_seconds(self, job: str, ordinal: int) -> float:
        return self.pacing.document.at(_unit(self.seed, "document", job, str(ordinal)))

    def listing_key(self, job: str, input_name: str) -> str:
        """Where a document sorts in its job's listing: stable per job, not alphabetical."""
        return hashlib.sha256(f"{self.seed}\x1f{job}\x1f{input_name}".encode()).hexdigest()[:16]

    def retry_after(self, seconds_since_change: float) -> int | None:
        """The `Retry-After` of a job answer (None: send none), as the recordings show it."""
        if seconds_since_change < self.pacing.quiet_seconds:
            return None
        low, high = self.pacing.retry_after
        return self._hints.randint(low, high)
