"""Settings of one emulator instance, and the `--chaos` fault-injection specification."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .config_errors import ConfigError
from .pacing import FAST, REALISTIC, Pacing, Span

__all__ = ["FAST", "REALISTIC", "ChaosConfig", "ConfigError", "EmulatorConfig", "Pacing", "Span"]

THROTTLE_LIMIT = 100
THROTTLE_WINDOW_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class ChaosConfig:
    """Faults injected into answers, for resilience tests.

    Written on the command line as comma-separated `key=value` pairs, e.g.
    `--chaos error-rate=0.1,reset-rate=0.05,latency-ms=200,burst-rate=0.02,seed=7`.
    """

    error_rate: float = 0.0  # share of requests answered 500 or 503 instead of being handled
    reset_rate: float = 0.0  # share of connections dropped (half before handling, half after)
    latency_ms: int = 0  # added to every answer
    burst_rate: float = 0.0  # chance that a request starts a burst of 429 answers
    burst_seconds: float = 2.0  # how long such a burst lasts
    seed: int | None = None

    @property
    def enabled(self) -> bool:
        return any((self.error_rate, self.reset_rate, self.latency_ms, self.burst_rate))

    @classmethod
    def parse(cls, text: str | None) -> ChaosConfig:
        if not text:
            return cls()
        keys = {
            "error-rate": ("error_rate", float),
            "reset-rate": ("reset_rate", float),
            "latency-ms": ("latency_ms", int),
            "burst-rate": ("burst_rate", float),
            "burst-seconds": ("burst_seconds", float),
            "seed": ("seed", int),
        }
        values: dict[str, float | int] = {}
        for item in text.split(","):
            item = item.strip()
            if not item:
                continue
            key, sep, raw = item.partition("=")
            if not sep or key not in keys:
                raise ConfigError(
                    f"--chaos: cannot read {item!r}; use comma-separated key=value with keys {', '.join(keys)}"
                )
            attr, kind = keys[key]
            try:
                value = kind(raw)
            except ValueError:
                raise ConfigError(
                    f"--chaos: {key} must be a {'whole ' if kind is int else ''}number, not {raw!r}"
                ) from None
            if key.endswith("-rate") and not 0.0 <= float(value) <= 1.0:
                raise ConfigError(f"--chaos: {key} is a share of requests between 0 and 1, not {raw}")
            if key in ("latency-ms", "burst-seconds") and float(value) < 0:
                raise ConfigError(f"--chaos: {key} cannot be negative")
            values[attr] = value
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class EmulatorConfig:
    """Settings of one emulator. Jobs move at the recorded service's pace unless `pacing=FAST`."""

    host: str = "127.0.0.1"
    port: int = 0
    storage_connection_string: str | None = None
    state_dir: Path | None = None  # None: a temporary folder removed on exit
    pacing: Pacing = REALISTIC
    # A fixed time per document in milliseconds, overriding `pacing.document` (0: the pacing's own).
    doc_delay_ms: int = 0
    seed: int = 0  # draws every delay, Retry-After value and document listing order
    # The recordings show `summary` on NotStarted and Running jobs once their documents are listed;
    # the published specification says it exists only once the job has completed (False).
    summary_while_running: bool = True
    throttle: bool = True
    throttle_limit: int = THROTTLE_LIMIT
    throttle_window: float = THROTTLE_WINDOW_SECONDS
    chaos: ChaosConfig = field(default_factory=ChaosConfig)
    concurrency: int = 8  # documents processed at once, across all jobs
    tls: bool = False
    max_page_size: int = 1000
    default_page_size: int = 100
    access_log: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ConfigError(f"--port must be between 0 and 65535, not {self.port}")
        if self.doc_delay_ms < 0:
            raise ConfigError("--doc-delay-ms cannot be negative")
        if self.concurrency < 1:
            raise ConfigError("--concurrency must be at least 1")

    @property
    def effective_pacing(self) -> Pacing:
        """The pacing with `doc_delay_ms` applied."""
        if self.doc_delay_ms:
            return self.pacing.with_document(Span(self.doc_delay_ms / 1000, self.doc_delay_ms / 1000))
        return self.pacing
