"""A fixed queue of jobs in a cache file, for pictures of the dashboard with time pinned."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from deidtui.cache import JobCache
from deidtui.domain.models import (
    Document,
    DocumentLocation,
    Job,
    JobSpec,
    JobStatus,
    JobSummary,
    Operation,
    ServiceError,
)

NOW = datetime(2024, 5, 14, 10, 30, 0, tzinfo=UTC)
ACCOUNT = "https://contosohealth.blob.core.windows.net"


def _job(
    name, status, op, minutes_ago, prefix, target, *, summary=None, error=None, locale=None, fmt=None, took=240
) -> Job:
    created = NOW - timedelta(minutes=minutes_ago)
    started = created + timedelta(seconds=3)
    updated = started + timedelta(seconds=took) if status.is_terminal else NOW - timedelta(seconds=4)
    spec = JobSpec(
        source_location=f"{ACCOUNT}/clinical-notes",
        source_prefix=prefix,
        target_prefix=target,
        operation=op,
        surrogate_locale=locale,
        redaction_format=fmt,
    )
    return Job(
        name=name,
        spec=spec,
        status=status,
        created_at=created,
        last_updated_at=updated,
        started_at=started,
        summary=summary,
        error=error,
    )


def jobs() -> list[Job]:
    return [
        _job(
            "urgence-fr-surrogate",
            JobStatus.RUNNING,
            Operation.SURROGATE,
            6,
            "urgence/",
            "deid/urgence/",
            locale="fr-CA",
        ),
        _job("nightly-0514", JobStatus.RUNNING, Operation.SURROGATE, 9, "nightly/2024-05-14/", "deid/nightly/"),
        _job(
            "legacy-import",
            JobStatus.CANCELED,
            Operation.SURROGATE,
            30,
            "legacy/import/",
            "deid/legacy/",
            summary=JobSummary(12, 0, 68, 80, 38_400),
        ),
        _job(
            "typo-in-prefix",
            JobStatus.FAILED,
            Operation.SURROGATE,
            42,
            "cardiolgy/",
            "deid/typo/",
            took=1,
            summary=JobSummary(0, 0, 0, 0, 0),
            error=ServiceError("EmptyJob", "No files found in source container with given parameters."),
        ),
        _job(
            "emergency-redact",
            JobStatus.FAILED,
            Operation.REDACT,
            55,
            "emergency/",
            "deid/emergency/",
            fmt="[{TYPE}]",
            summary=JobSummary(29, 3, 0, 32, 14_960),
            error=ServiceError("DocumentsFailed", "3 of 32 documents failed; list the job's documents for each error."),
        ),
        _job(
            "oncology-tag",
            JobStatus.SUCCEEDED,
            Operation.TAG,
            70,
            "oncology/",
            "tagged/oncology/",
            summary=JobSummary(25, 0, 0, 25, 11_300),
        ),
        _job(
            "cardio-2024-surrogate",
            JobStatus.SUCCEEDED,
            Operation.SURROGATE,
            95,
            "cardiology/2024/",
            "deid/cardiology/2024/",
            summary=JobSummary(40, 0, 0, 40, 18_800),
        ),
    ]


def documents(job: Job, done: int, total: int) -> list[Document]:
    docs = []
    for i in range(total):
        status = JobStatus.SUCCEEDED if i < done else JobStatus.RUNNING if i < done + 4 else JobStatus.NOT_STARTED
        name = f"{job.spec.source_prefix}note-{i:04}.txt"
        output = (
            DocumentLocation(f"{ACCOUNT}/clinical-notes/{job.spec.target_prefix}note-{i:04}.txt", f"0x{i:x}")
            if status is JobStatus.SUCCEEDED
            else None
        )
        docs.append(
            Document(
                id=f"00000000-0000-0000-0000-{i:012}",
                input=DocumentLocation(f"{ACCOUNT}/clinical-notes/{name}", f"0xa{i:x}"),
                status=status,
                output=output,
            )
        )
    return docs


async def fill(path: Path, profile: str = "contoso-prod") -> None:
    cache = await JobCache.open(path)
    all_jobs = jobs()
    await cache.upsert_jobs(profile, all_jobs, seen_at=NOW - timedelta(seconds=12))
    running = all_jobs[0]
    await cache.upsert_documents(profile, running.name, documents(running, 212, 600))
    await cache.upsert_documents(profile, all_jobs[1].name, documents(all_jobs[1], 40, 120))
    await cache.close()
