"""What the cache hands back: plain frozen records built from domain objects, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ..domain.models import Document, Job, JobSpec, JobStatus, Progress

ChangeKind = Literal["added", "changed", "deleted", "restored"]
DocumentChangeKind = Literal["added", "changed"]
IntentKind = Literal["submit", "resubmit", "retry"]
IntentState = Literal["pending", "confirmed", "failed", "abandoned"]
AuditAction = Literal["submit", "cancel", "delete", "resubmit", "retry"]
AuditOutcome = Literal["ok", "error"]
LineageKind = Literal["resubmit", "retry"]

INTENT_KINDS: frozenset[str] = frozenset({"submit", "resubmit", "retry"})
INTENT_STATES: frozenset[str] = frozenset({"pending", "confirmed", "failed", "abandoned"})
AUDIT_ACTIONS: frozenset[str] = frozenset({"submit", "cancel", "delete", "resubmit", "retry"})
AUDIT_OUTCOMES: frozenset[str] = frozenset({"ok", "error"})
LINEAGE_KINDS: frozenset[str] = frozenset({"resubmit", "retry"})


@dataclass(frozen=True, slots=True)
class CachedJob:
    """A job as the cache knows it: the last accepted service view plus local bookkeeping.

    `incarnation` counts how often a job of this name was (re)created on the service, as seen
    through a changed `created_at`. `progress` comes from cached documents when any are cached,
    else from the summary, else is None.
    """

    job: Job
    profile: str
    first_seen: datetime
    last_seen: datetime
    deleted: bool
    deleted_at: datetime | None
    parent: str | None
    progress: Progress | None
    incarnation: int = 1

    @property
    def name(self) -> str:
        return self.job.name

    @property
    def status(self) -> JobStatus:
        return self.job.status


@dataclass(frozen=True, slots=True)
class JobChange:
    """One job that differs from what the cache held before the call that returned it.

    kinds: "added" (never seen), "changed" (meaningful fields differ), "deleted" (missing from
    a complete sweep), "restored" (seen again after being deleted). `recreated` is True on a
    "changed" or "restored" whose job is a new one under an old name (a newer createdAt: deleted and created
    again); its incarnation went up and its cached documents were dropped.
    """

    kind: ChangeKind
    name: str
    old_status: JobStatus | None
    job: CachedJob
    recreated: bool = False


@dataclass(frozen=True, slots=True)
class DocumentChange:
    """One document of a job that was added or whose status, output or error changed."""

    kind: DocumentChangeKind
    job_name: str
    old_status: JobStatus | None
    document: Document


@dataclass(frozen=True, slots=True)
class Transition:
    """A status a job was observed in: `at` is the service's lastUpdatedAt, `seen_at` local time."""

    status: JobStatus
    at: datetime
    seen_at: datetime
    incarnation: int


@dataclass(frozen=True, slots=True)
class Intent:
    """A submission recorded before its PUT, so a crash in between can be reconciled."""

    id: int
    profile: str
    name: str
    spec: JobSpec
    kind: IntentKind
    parent: str | None
    created_at: datetime
    state: IntentState
    message: str | None
    resolved_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One operator action: who did what to which jobs, when, and how it ended."""

    id: int
    profile: str
    at: datetime
    user: str
    action: AuditAction
    targets: tuple[str, ...]
    outcome: AuditOutcome
    detail: str
