"""Small builders of domain objects for cache tests, with timestamps as offsets from T0."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from deidtui.domain.models import Document, DocumentLocation, Job, JobSpec, JobStatus, JobSummary, ServiceError

T0 = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)
SOURCE = "https://acct.blob.core.windows.net/notes"


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def spec(**changes: object) -> JobSpec:
    base = JobSpec(source_location=SOURCE, source_prefix="in/", target_prefix="out/")
    return base.with_changes(**changes) if changes else base


def job(
    name: str = "job-1",
    status: JobStatus = JobStatus.RUNNING,
    *,
    updated: float = 10,
    created: float = 0,
    summary: JobSummary | None = None,
    error: ServiceError | None = None,
    job_spec: JobSpec | None = None,
) -> Job:
    return Job(
        name=name,
        spec=job_spec or spec(),
        status=status,
        created_at=at(created),
        last_updated_at=at(updated),
        started_at=at(created + 1) if status is not JobStatus.NOT_STARTED else None,
        summary=summary,
        error=error,
    )


def doc(
    doc_id: str,
    status: JobStatus = JobStatus.NOT_STARTED,
    *,
    output: str | None = None,
    error: ServiceError | None = None,
) -> Document:
    return Document(
        id=doc_id,
        input=DocumentLocation(f"{SOURCE}/in/{doc_id}.txt", f"etag-{doc_id}"),
        status=status,
        output=DocumentLocation(output, f"out-{doc_id}") if output else None,
        error=error,
    )


def damage_a_page(path: Path) -> None:
    """Overwrite one interior page of a cache file: the header and the schema still read."""
    with sqlite3.connect(path) as db:
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    with open(path, "r+b") as handle:
        handle.seek(page_size * (pages // 2))
        handle.write(b"\xff" * page_size)


def write_release_cache(path: Path, version: int, profile: str, jobs: list[Job]) -> None:
    """A cache file as an older release left it: its schema up to `version`, and these jobs, written
    with plain SQL in the columns that release had (today's code writes columns it lacked)."""
    from deidtui.cache import schema
    from deidtui.cache.codec import JOB_FIELDS, job_row, job_values, ts

    path.parent.mkdir(parents=True, exist_ok=True)
    seen = ts(T0)
    # The columns the first releases had: everything but what later migrations added.
    kept = [i for i, field in enumerate(JOB_FIELDS) if field != "input_locale"]
    fields = [JOB_FIELDS[i] for i in kept]
    columns = ", ".join(("profile", "name", "incarnation", *fields, "first_seen", "last_seen"))
    marks = ", ".join("?" * (len(fields) + 5))
    with sqlite3.connect(path) as db:
        for migration in schema.MIGRATIONS[:version]:
            for statement in migration:
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {version}")
        for item in jobs:
            db.execute(
                f"INSERT INTO jobs ({columns}) VALUES ({marks})",
                (profile, item.name, 1, *(job_row(job_values(item))[i] for i in kept), seen, seen),
            )


def listed_rows(*jobs: Job) -> list[tuple[str, tuple[object, ...]]]:
    """Jobs as a sweep hands them to `JobCache.upsert_listed`: (name, the row the cache stores)."""
    from deidtui.cache.codec import job_row, job_values

    return [(item.name, job_row(job_values(item))) for item in jobs]
