"""What `deidtui doctor` found: one result per check, and what the whole report means.

Each check ends ✔ (ok), ⚠ (works, with a caveat), ✘ (failed) or skipped, the last either because
an earlier check it needs did not pass (`after` names it) or because it does not apply (a
read-only profile need not write). Every result says what was observed and, when something is
wrong, the exact fix. Plain data: the CLI renders it as a table or JSON, the dashboard as a screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

SCHEMA = "deidtui.doctor/1"

# Exit codes (docs/cli.md): 0 every check passed (warnings allowed), 1 a check failed, 3 the
# environment is broken (configuration, network, TLS, proxy, clock, sign-in): nothing can work.
EXIT_OK, EXIT_FAILED, EXIT_ENVIRONMENT = 0, 1, 3


class Status(StrEnum):
    OK = "ok"
    WARNING = "warning"
    FAILED = "failed"
    SKIPPED = "skipped"

    @property
    def symbol(self) -> str:
        return {"ok": "✔", "warning": "⚠", "failed": "✘", "skipped": "–"}[self.value]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a check function returns: its status, what it saw, and the fix (when not ok)."""

    status: Status
    observed: str
    fix: str = ""


def ok(observed: str) -> Outcome:
    return Outcome(Status.OK, observed)


def warning(observed: str, fix: str = "") -> Outcome:
    return Outcome(Status.WARNING, observed, fix)


def failed(observed: str, fix: str) -> Outcome:
    return Outcome(Status.FAILED, observed, fix)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check's result. `observed` and `fix` may quote service and storage messages (untrusted):
    render them sanitized. `after` is the id of the check whose failure skipped this one."""

    id: str
    title: str
    status: Status
    observed: str
    fix: str = ""
    after: str | None = None
    environment: bool = False  # its failure means the environment is broken (exit 3)
    duration_ms: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status.value,
            "observed": self.observed,
            "fix": self.fix or None,
            "skippedBecause": self.after,
            "durationMs": self.duration_ms,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """Every check of one profile, in the order they are listed."""

    profile: str
    endpoint: str | None
    checks: tuple[CheckResult, ...] = field(default_factory=tuple)
    duration_ms: float | None = None

    def check(self, check_id: str) -> CheckResult:
        return next(c for c in self.checks if c.id == check_id)

    @property
    def exit_code(self) -> int:
        failures = [c for c in self.checks if c.status is Status.FAILED]
        if any(c.environment for c in failures):
            return EXIT_ENVIRONMENT
        return EXIT_FAILED if failures else EXIT_OK

    @property
    def counts(self) -> dict[Status, int]:
        return {status: sum(1 for c in self.checks if c.status is status) for status in Status}

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "profile": self.profile,
            "endpoint": self.endpoint,
            "ok": self.exit_code == EXIT_OK,
            "exitCode": self.exit_code,
            "durationMs": self.duration_ms,
            "checks": [c.to_json() for c in self.checks],
        }


def worst_exit_code(reports: list[Report]) -> int:
    """The exit code of several profiles' reports: a broken environment over a failed check."""
    codes = {r.exit_code for r in reports}
    for code in (EXIT_ENVIRONMENT, EXIT_FAILED):
        if code in codes:
            return code
    return EXIT_OK
