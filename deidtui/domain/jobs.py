"""The read model: one view of a job that every surface shows, and the history around it.

The cache maps its rows to these; the engine hands them out; the dashboard's queue and detail
pane, the CLI's tables, JSON and `watch` all read the same objects and judge them with the same
rules (`deidtui.domain.rules`). Plain frozen data, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from .models import Document, Job, JobSpec, JobStatus, Progress

AuditAction = Literal["submit", "cancel", "delete", "resubmit", "retry"]
AuditOutcome = Literal["ok", "error"]


@dataclass(frozen=True, slots=True)
class JobView:
    """A job as deidtui knows it: the service's last accepted view plus local bookkeeping.

    `incarnation` counts how often a job of this name was (re)created on the service (a changed
    `created_at`). `progress` comes from cached documents when any are cached, else from the
    summary, else is None. `revision` is the cache's change counter when this view was last
    written: every writer of the cache (this process or another) raises it.
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
    revision: int = 0
    run: str | None = None  # the `deidtui run` this job is part of

    @property
    def name(self) -> str:
        return self.job.name

    @property
    def status(self) -> JobStatus:
        return self.job.status

    @property
    def spec(self) -> JobSpec:
        return self.job.spec


@dataclass(frozen=True, slots=True)
class Transition:
    """A status a job was observed in: `at` is the service's lastUpdatedAt, `seen_at` local time."""

    status: JobStatus
    at: datetime
    seen_at: datetime
    incarnation: int


@dataclass(frozen=True, slots=True)
class DocumentDelta:
    """Documents of one job written since a revision, and the revision they bring the reader to.

    A reader keeps `revision` and asks again with it: it then gets exactly what changed since,
    whoever wrote it."""

    job_name: str
    documents: tuple[Document, ...]
    revision: int


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
