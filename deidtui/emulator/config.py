"""Settings of one emulator instance, and the `--chaos` fault-injection specification."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

API_VERSION = "2024-11-15"
# Older and preview versions the SDKs and the tutorial's curl examples use; the emulator
# answers them with the same behaviour.
ACCEPTED_API_VERSIONS = frozenset({"2024-11-15", "2024-07-12-preview", "2024-12-15-preview", "2025-07-15-preview"})
THROTTLE_LIMIT = 100
THROTTLE_WINDOW_SECONDS = 5.0


class ConfigError(ValueError):
    """A setting the operator gave cannot be used; the message says which and why."""


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
    host: str = "127.0.0.1"
    port: int = 0
    storage_connection_string: str | None = None
    state_dir: Path | None = None  # None: a temporary folder removed on exit
    doc_delay_ms: int = 0
    throttle: bool = True
    throttle_limit: int = THROTTLE_LIMIT
    throttle_window: float = THROTTLE_WINDOW_SECONDS
    chaos: ChaosConfig = field(default_factory=ChaosConfig)
    concurrency: int = 8  # documents processed at once, across all jobs
    poll_hint_seconds: int = 1  # Retry-After on answers about unfinished jobs
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
