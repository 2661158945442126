"""What the cache hands back besides the read model (`deidtui.domain.jobs`): what a write changed,
submission intents, and the vocabularies of its columns. Plain frozen records, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, NamedTuple

from ..domain.jobs import AuditAction, AuditEntry, AuditOutcome, JobView, Transition
from ..domain.models import Document, JobSpec, JobStatus

ChangeKind = Literal["added", "changed", "deleted", "restored"]
DocumentChangeKind = Literal["added", "changed"]
IntentKind = Literal["submit", "resubmit", "retry"]
IntentState = Literal["pending", "confirmed", "failed", "abandoned"]
LineageKind = Literal["resubmit", "retry"]

INTENT_KINDS: frozenset[str] = frozenset({"submit", "resubmit", "retry"})
INTENT_STATES: frozenset[str] = frozenset({"pending", "confirmed", "failed", "abandoned"})
AUDIT_ACTIONS: frozenset[str] = frozenset({"submit", "cancel", "delete", "resubmit", "retry"})
AUDIT_OUTCOMES: frozenset[str] = frozenset({"ok", "error"})
LINEAGE_KINDS: frozenset[str] = frozenset({"resubmit", "retry"})


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
    job: JobView
    recreated: bool = False


class RowChange(NamedTuple):
    """What a write of listed rows (`JobCache.upsert_listed`) changed of one job: a JobChange
    without the decoded job, which a sweep has no use for (the feed reads changes by revision).
    A named tuple: a first sweep makes one per job, and a tuple is made in a third of the time."""

    kind: ChangeKind
    name: str
    old_status: JobStatus | None
    recreated: bool = False


@dataclass(frozen=True, slots=True)
class DocumentChange:
    """One document of a job that was added or whose status, output or error changed."""

    kind: DocumentChangeKind
    job_name: str
    old_status: JobStatus | None
    document: Document


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


__all__ = [
    "AuditAction",
    "AuditEntry",
    "AuditOutcome",
    "ChangeKind",
    "DocumentChange",
    "DocumentChangeKind",
    "Intent",
    "IntentKind",
    "IntentState",
    "JobChange",
    "JobView",
    "LineageKind",
    "RowChange",
    "Transition",
]
