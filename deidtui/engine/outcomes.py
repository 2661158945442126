"""What actions report (results, checks, rejections, previews): plain data, importable without the
Azure SDK, so the dashboard can paint before the engine's clients are loaded."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..domain.errors import DeidError
from ..domain.models import Document, Job
from ..domain.validation import Problem

# The emulator's (and a conservative reading of the service's) synchronous size limit.
PREVIEW_BYTES = 48 * 1024


@dataclass(frozen=True, slots=True)
class PreviewItem:
    blob_name: str
    input_text: str
    output_text: str | None  # Redact and Surrogate
    entities: tuple[dict[str, Any], ...]  # Tag
    truncated: bool  # only the first PREVIEW_BYTES were sent
    error: str | None = None


class ActionUnavailable(DeidError):
    """An action that cannot run now (the engine's state, or the job's): `detail` says why."""

    default_title = "Not available"


class ActionRefused(ActionUnavailable):
    """The action does not apply to the job as it is (running, finished, nothing a retry can fix):
    refused by the rules, not by the engine's state."""

    default_title = "Refused"


class ReadOnlyError(ActionUnavailable):
    default_title = "Read-only"


class SubmitRejected(DeidError):
    """Local checks found problems; `check` lists them (nothing was sent)."""

    default_title = "Job not submitted"

    def __init__(self, check: SpecCheck) -> None:
        super().__init__("; ".join(str(p) for p in check.problems))
        self.check = check


@dataclass(slots=True)
class SpecCheck:
    """What a submission would do, found before anything is sent."""

    name: str
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    matched: int | None = None  # documents under the prefix (None: storage not readable from here)
    total_bytes: int | None = None
    suggested_name: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class ActionResult:
    name: str
    ok: bool
    message: str
    job: Job | None = None
    warnings: tuple[str, ...] = ()
    skipped: bool = False  # nothing to do (e.g. cancelling a finished job): not an error
    error: DeidError | None = None


@dataclass(frozen=True, slots=True)
class RetryPlan:
    """What retrying a job's failed documents would do, before it is done: the documents a retry
    can fix, and the others with the reason each cannot be fixed by a retry."""

    name: str
    retryable: tuple[Document, ...]
    unfixable: tuple[tuple[Document, str], ...]
    folder: str  # where the retried inputs are copied

    @property
    def failed(self) -> int:
        return len(self.retryable) + len(self.unfixable)

    def by_reason(self) -> list[tuple[str, int]]:
        """How many documents each reason leaves out, most first."""
        counted: dict[str, int] = {}
        for _, reason in self.unfixable:
            counted[reason] = counted.get(reason, 0) + 1
        return sorted(counted.items(), key=lambda item: (-item[1], item[0]))


SettlementOutcome = Literal["confirmed", "submitted", "taken", "refused", "unsettled"]


@dataclass(frozen=True, slots=True)
class Settlement:
    """What became of a submission a crash (or a lost answer) left between intent and confirmation.

    - confirmed: the service had created the job before the crash;
    - submitted: it had not; it has been submitted now;
    - taken: a different job holds that name on the service; nothing was submitted;
    - refused: the service refused the submission now (the reason is in `detail`);
    - unsettled: the service could not be asked (or the request allowance ran out): it stays
      pending, to be settled next time.
    """

    name: str
    outcome: SettlementOutcome
    detail: str = ""

    @property
    def settled(self) -> bool:
        return self.outcome != "unsettled"

    @property
    def message(self) -> str:
        """One line for the operator."""
        return {
            "confirmed": f"{self.name}: the service has it; confirmed",
            "submitted": f"{self.name}: the service did not have it; submitted now",
            "taken": f"{self.name}: not submitted; a different job with that name exists on the service",
            "refused": f"{self.name}: not submitted; the service refused it ({self.detail})",
            "unsettled": f"{self.name}: still pending; it is settled the next time the service can be asked"
            + (f" ({self.detail})" if self.detail else ""),
        }[self.outcome]
