"""Fixed, network-free job data for the detail pane's snapshot and unit tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from deidtui.domain.jobs import DocumentDelta, JobView, Transition
from deidtui.domain.models import (
    Document,
    DocumentLocation,
    Job,
    JobSpec,
    JobStatus,
    JobSummary,
    Operation,
    Progress,
    ServiceError,
)

NOW = datetime(2024, 5, 14, 10, 30, 0, tzinfo=UTC)
CONTAINER = "http://127.0.0.1:10000/devstoreaccount1/notes"


def fixed_clock() -> datetime:
    return NOW


def spec(operation: Operation = Operation.REDACT, **changes) -> JobSpec:
    base = JobSpec(
        source_location=CONTAINER,
        source_prefix="in/",
        target_prefix="out/",
        operation=operation,
        extensions=("*.txt",),
        overwrite=False,
        redaction_format="[{type}]" if operation is Operation.REDACT else None,
        surrogate_locale="fr-CA" if operation is Operation.SURROGATE else None,
    )
    return base.with_changes(**changes) if changes else base


def document(
    index: int,
    status: JobStatus,
    *,
    name: str | None = None,
    error: ServiceError | None = None,
    container: str = CONTAINER,
) -> Document:
    name = name or f"ward-{index // 10}/note-{index:03}.txt"
    output = None
    if status is JobStatus.SUCCEEDED:
        output = DocumentLocation(f"{container}/out/{name}", f"0x{index:04X}")
    return Document(
        id=f"00000000-0000-4000-8000-{index:012d}",
        input=DocumentLocation(f"{container}/in/{name}", f"0x{index:04X}"),
        status=status,
        output=output,
        error=error,
    )


EXISTS = ServiceError(
    "OutputAlreadyExists",
    "Output 'out/ward-0/note-003.txt' already exists and the job does not allow overwriting; it was left untouched.",
)
ENCODING = ServiceError(
    "InvalidDocumentEncoding", "The document is not valid UTF-8 (byte 17 is not part of a UTF-8 character)."
)


def finished_documents(total: int = 40, failed: tuple[int, ...] = (3, 17, 31)) -> list[Document]:
    docs = []
    for i in range(total):
        if i in failed:
            docs.append(document(i, JobStatus.FAILED, error=EXISTS if i == 3 else ENCODING))
        else:
            docs.append(document(i, JobStatus.SUCCEEDED))
    return docs


def cached_job(
    name: str,
    status: JobStatus,
    *,
    documents: list[Document],
    summary: JobSummary | None = None,
    error: ServiceError | None = None,
    operation: Operation = Operation.REDACT,
    created: datetime = NOW - timedelta(minutes=12),
    started_after: float | None = 2.0,
    updated: datetime | None = None,
    job_spec: JobSpec | None = None,
    deleted: bool = False,
    last_seen: datetime | None = None,
    incarnation: int = 1,
) -> JobView:
    started = created + timedelta(seconds=started_after) if started_after is not None else None
    job = Job(
        name=name,
        spec=job_spec or spec(operation),
        status=status,
        created_at=created,
        last_updated_at=updated or NOW - timedelta(seconds=30),
        started_at=started,
        summary=summary,
        error=error,
    )
    progress = (
        Progress.of([d.status for d in documents]) if documents else (Progress.of_summary(summary) if summary else None)
    )
    return JobView(
        job=job,
        profile="test",
        first_seen=created,
        last_seen=last_seen or NOW - timedelta(seconds=5),
        deleted=deleted,
        deleted_at=None,
        parent=None,
        progress=progress,
        incarnation=incarnation,
    )


def partially_failed() -> tuple[JobView, list[Document], list[Transition]]:
    docs = finished_documents()
    summary = JobSummary(successful=37, failed=3, canceled=0, total=40, bytes_processed=1_234_567)
    created = NOW - timedelta(minutes=12)
    updated = created + timedelta(minutes=4, seconds=11)
    cached = cached_job(
        "nightly-0412",
        JobStatus.FAILED,
        documents=docs,
        summary=summary,
        updated=updated,
        error=ServiceError("DocumentsFailed", "3 of 40 documents failed; list the job's documents for each error."),
    )
    transitions = [
        Transition(JobStatus.NOT_STARTED, created, created, 1),
        Transition(JobStatus.RUNNING, created + timedelta(seconds=2), created + timedelta(seconds=3), 1),
        Transition(JobStatus.FAILED, updated, updated + timedelta(seconds=1), 1),
    ]
    return cached, docs, transitions


def running() -> tuple[JobView, list[Document], list[Transition]]:
    statuses = [JobStatus.SUCCEEDED] * 11 + [JobStatus.FAILED] + [JobStatus.RUNNING] * 4 + [JobStatus.NOT_STARTED] * 24
    docs = [document(i, s, error=ENCODING if s is JobStatus.FAILED else None) for i, s in enumerate(statuses)]
    created = NOW - timedelta(minutes=3)
    cached = cached_job(
        "ward-7-discharge",
        JobStatus.RUNNING,
        documents=docs,
        operation=Operation.SURROGATE,
        created=created,
        updated=NOW - timedelta(seconds=4),
    )
    transitions = [
        Transition(JobStatus.NOT_STARTED, created, created, 1),
        Transition(JobStatus.RUNNING, created + timedelta(seconds=2), created + timedelta(seconds=2), 1),
    ]
    return cached, docs, transitions


class FakeEngine:
    """The cache reads the pane makes, answered from fixed data (no cache, no network), with the
    cache's change counter: `write` stamps what it changes, as the cache's triggers do."""

    def __init__(self) -> None:
        self.jobs: dict[str, tuple[JobView, list[Document], list[Transition], tuple[str | None, list[str]]]] = {}
        self.reads = 0
        self.pages: list[tuple[JobStatus | None, int | None, int | None, int | None, int]] = []
        self.revision = 0
        self._document_revisions: dict[tuple[str, str], int] = {}

    def add(
        self,
        cached: JobView,
        documents: list[Document],
        transitions: list[Transition],
        lineage: tuple[str | None, list[str]] = (None, []),
    ) -> JobView:
        self.revision += 1
        view = replace(cached, revision=self.revision)
        for document in documents:
            self._document_revisions[(view.name, document.id)] = self.revision
        self.jobs[view.name] = (view, list(documents), transitions, lineage)
        return view

    def write(self, name: str, *, documents: tuple[Document, ...] = (), **changes: object) -> JobView:
        """A write to the cache: these documents (new or changed) and these fields of the job's view
        (`job=`, `progress=`...); returns the view the cache's feed would publish."""
        view, docs, transitions, lineage = self.jobs[name]
        self.revision += 1
        position = {d.id: i for i, d in enumerate(docs)}
        for document in documents:
            if document.id in position:
                docs[position[document.id]] = document
            else:
                docs.append(document)
            self._document_revisions[(name, document.id)] = self.revision
        view = replace(view, revision=self.revision, **changes)  # type: ignore[arg-type]
        self.jobs[name] = (view, docs, transitions, lineage)
        return view

    async def job(self, name: str) -> JobView | None:
        self.reads += 1
        return self.jobs[name][0] if name in self.jobs else None

    async def document_delta(self, name: str, since: int | None = None) -> DocumentDelta:
        docs = self.jobs[name][1] if name in self.jobs else []
        revisions = [self._document_revisions.get((name, d.id), 0) for d in docs]
        chosen = [d for d, r in zip(docs, revisions, strict=True) if since is None or r > since]
        reached = max([r for r in revisions if since is None or r > since], default=since or 0)
        return DocumentDelta(name, tuple(chosen), max(reached, since or 0))

    def _listed(self, name: str, status: JobStatus | None) -> list[tuple[int, Document]]:
        """(seq, document) in listing order: seq is the position in the job's list, from 1."""
        docs = self.jobs[name][1] if name in self.jobs else []
        return [(i + 1, d) for i, d in enumerate(docs) if status is None or d.status is status]

    async def document_census(self, name: str) -> dict[JobStatus, int]:
        counts: dict[JobStatus, int] = {}
        for _, document in self._listed(name, None):
            counts[document.status] = counts.get(document.status, 0) + 1
        return counts

    async def document_page(
        self,
        name: str,
        *,
        status: JobStatus | None = None,
        after: int | None = None,
        before: int | None = None,
        offset: int | None = None,
        limit: int,
    ) -> list[tuple[int, Document]]:
        self.pages.append((status, after, before, offset, limit))
        listed = self._listed(name, status)
        if offset is not None:
            return listed[offset : offset + limit]
        if before is not None:
            return [p for p in listed if p[0] < before][-limit:] if limit > 0 else []
        return [p for p in listed if p[0] > (after or 0)][:limit]

    async def document_rank(self, name: str, seq: int, *, status: JobStatus | None = None) -> int:
        return sum(1 for s, _ in self._listed(name, status) if s < seq)

    async def transitions(self, name: str) -> list[Transition]:
        return self.jobs[name][2] if name in self.jobs else []

    async def lineage(self, name: str) -> tuple[str | None, list[str]]:
        return self.jobs[name][3] if name in self.jobs else (None, [])

    def select(self, name: str | None) -> None:
        pass
