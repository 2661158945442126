"""The rules every surface applies to a job: how far it got, how it ended, what may be done to it.

One definition each. The queue, the detail pane, the CLI's tables and JSON, `jobs watch`'s exit
code and the engine's own checks before an action all call these, so they cannot disagree about
the same job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .jobs import JobView
from .models import Document, JobSpec, JobStatus, ServiceError


class Outcome(StrEnum):
    """Where a job stands, in the words the operator reads."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    PARTIAL = "partial"  # failed, but some documents succeeded
    FAILED = "failed"
    CANCELED = "canceled"

    @property
    def finished(self) -> bool:
        return self not in (Outcome.QUEUED, Outcome.RUNNING)


@dataclass(slots=True)
class Counts:
    """A job's documents by how they ended; `processed` counts succeeded and failed ones (a
    canceled document was never processed). Not frozen, like `Standing`: made for every job the
    cache reads in brief, and a frozen dataclass's `__init__` costs three times as much (nothing
    changes one once made)."""

    total: int = 0
    succeeded: int = 0
    failed: int = 0
    canceled: int = 0

    @property
    def processed(self) -> int:
        return self.succeeded + self.failed

    @property
    def settled(self) -> int:
        return self.succeeded + self.failed + self.canceled


def counts(view: JobView) -> Counts:
    """How many documents the job has and how they fared (see `counts_from`)."""
    job, progress = view.job, view.progress
    summary = job.summary
    return counts_from(
        job.status.is_terminal,
        None if summary is None else (summary.total, summary.successful, summary.failed, summary.canceled),
        None if progress is None else (progress.total, progress.succeeded, progress.failed, progress.canceled),
    )


def counts_from(
    terminal: bool, summary: tuple[int, int, int, int] | None, documents: tuple[int, int, int, int] | None
) -> Counts:
    """How many documents a job has and how they fared, from its summary and its cached documents,
    each as (total, succeeded, failed, canceled) or None (the cache's rows give these without
    building a job: see `cache.briefs`).

    A finished job's summary is the service's final word. While a job runs, both the summary (when
    the service sends one) and the cached documents may be behind: the one that has seen more
    documents settle wins, so progress never goes backwards because one source lags.
    """
    if summary is None:
        return Counts() if documents is None else Counts(*documents)
    from_summary = Counts(*summary)
    if documents is None or terminal:
        return from_summary
    from_documents = Counts(*documents)
    # The one that has seen more settle wins; on a tie the summary (the service's word).
    if (from_documents.settled, from_documents.total) > (from_summary.settled, from_summary.total):
        return from_documents
    return from_summary


def is_finished(view: JobView) -> bool:
    return view.status.is_terminal


def is_partially_failed(view: JobView) -> bool:
    """A Failed job some of whose documents succeeded."""
    return outcome(view) is Outcome.PARTIAL


def outcome(view: JobView) -> Outcome:
    status = view.status
    return outcome_of(status, counts(view).succeeded if status is JobStatus.FAILED else 0)


def outcome_of(status: JobStatus, succeeded: int) -> Outcome:
    """How a job in `status` stands, `succeeded` of its documents having succeeded."""
    outcome = _OUTCOMES.get(status)  # one lookup: made for every job read in brief
    if outcome is not None:
        return outcome
    return Outcome.PARTIAL if succeeded > 0 else Outcome.FAILED


# Every status but Failed, whose outcome depends on the documents.
_OUTCOMES = {
    JobStatus.NOT_STARTED: Outcome.QUEUED,
    JobStatus.RUNNING: Outcome.RUNNING,
    JobStatus.SUCCEEDED: Outcome.SUCCEEDED,
    JobStatus.CANCELED: Outcome.CANCELED,
}


# -- what may be done to a job: None when it may, else the reason in one line ------------------------


@dataclass(slots=True)
class Standing:
    """What the action rules need of a job: the queue keeps this much of every job (and a little
    more: `briefs.JobBrief`), not its whole record. Not frozen: a frozen dataclass's `__init__`
    sets each field through `object.__setattr__`, 2.6 µs for a brief's 17 fields against 0.5 µs,
    paid for every job the feed reads (50,000 at start). Nothing changes one once made: a new
    state of a job is a new brief."""

    name: str
    profile: str
    status: JobStatus
    deleted: bool
    outcome: Outcome
    failed: int

    @classmethod
    def of(cls, view: JobView) -> Standing:
        return cls(view.name, view.profile, view.status, view.deleted, outcome(view), counts(view).failed)


def _standing(job: JobView | Standing) -> Standing:
    return job if isinstance(job, Standing) else Standing.of(job)


def cannot_cancel(job: JobView | Standing) -> str | None:
    job = _standing(job)
    if job.deleted:
        return f"{job.name} no longer exists on the service"
    if job.status.is_terminal:
        return f"{job.name} already finished ({job.outcome.value})"
    return None


def cannot_delete(job: JobView | Standing) -> str | None:
    job = _standing(job)
    if job.status.is_active and not job.deleted:
        return f"{job.name} is still {job.outcome.value}; cancel it first"
    return None


def cannot_resubmit(job: JobView | Standing) -> str | None:
    job = _standing(job)
    if job.status.is_active and not job.deleted:
        return f"{job.name} is still {job.outcome.value}; resubmit it once it has finished"
    return None


def cannot_retry_failed(job: JobView | Standing) -> str | None:
    job = _standing(job)
    if job.status.is_active and not job.deleted:
        return f"{job.name} is still {job.outcome.value}; retry its failed documents once it has finished"
    if job.failed == 0:
        return f"{job.name} has no failed documents"
    return None


# -- document failures: which a retry can fix ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FailureKind:
    """Whether retrying a failed document can succeed, and why (in one line)."""

    retryable: bool
    reason: str


OUTPUT_EXISTS = "an output already exists; remove it, or resubmit with overwrite or to another target"
_PERMANENT = {
    "documenttoolarge": "the input is over the service's 2 MB limit; split it first",
    "invaliddocumentencoding": "the input is not valid UTF-8; convert it first",
    "documentnotfound": "the input no longer exists",
    "blobnotfound": "the input no longer exists",
    "unsupporteddocument": "the service does not accept this kind of document",
}


def classify_failure(error: ServiceError | None, spec: JobSpec) -> FailureKind:
    """Judge a document's failure: a retry over the same input and target can only fix what was
    transient (the service or storage failing for a while, access fixed since), never the input
    itself, and an existing output only when the retry may overwrite it."""
    code = (error.code if error is not None else "").lower()
    if code in _PERMANENT:
        return FailureKind(False, _PERMANENT[code])
    if code == "outputalreadyexists":
        if spec.overwrite:
            return FailureKind(True, "an output existed; the retry overwrites it")
        return FailureKind(False, OUTPUT_EXISTS)
    return FailureKind(True, "a retry may succeed")


def split_retryable(documents: Iterable[Document], spec: JobSpec) -> tuple[list[Document], list[tuple[Document, str]]]:
    """The failed documents a retry can fix, and the others with the reason each cannot be."""
    retry: list[Document] = []
    skipped: list[tuple[Document, str]] = []
    for document in documents:
        if document.status is not JobStatus.FAILED:
            continue
        kind = classify_failure(document.error, spec)
        if kind.retryable:
            retry.append(document)
        else:
            skipped.append((document, kind.reason))
    return retry, skipped
