"""Documents of a job: changes reported, progress counted, finished documents never regress."""

from __future__ import annotations

from deidtui.cache import JobCache
from deidtui.domain.models import JobStatus, JobSummary, Progress, ServiceError

from .factories import doc, job

S = JobStatus


async def test_document_upserts_report_added_then_only_real_changes(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a")])
    first = await cache.upsert_documents("p", "a", [doc("d1"), doc("d2")])
    assert [(c.kind, c.document.id, c.old_status) for c in first] == [("added", "d1", None), ("added", "d2", None)]

    again = await cache.upsert_documents("p", "a", [doc("d1"), doc("d2", S.SUCCEEDED, output="https://x/o/d2")])
    assert [(c.kind, c.document.id, c.old_status, c.document.status) for c in again] == [
        ("changed", "d2", S.NOT_STARTED, S.SUCCEEDED)
    ]
    assert again[0].document.output is not None and again[0].document.output.location == "https://x/o/d2"


async def test_documents_round_trip_in_listing_order_and_filter_by_status(cache: JobCache) -> None:
    docs = [
        doc(
            f"d{i:03d}",
            S.FAILED if i % 3 == 0 else S.SUCCEEDED,
            output=f"https://x/o/{i}",
            error=ServiceError("Bad", "bad doc") if i % 3 == 0 else None,
        )
        for i in range(50, 0, -1)
    ]
    await cache.upsert_documents("p", "a", docs)
    assert await cache.documents("p", "a") == docs
    assert await cache.documents("p", "a", status=S.FAILED) == [d for d in docs if d.status is S.FAILED]
    assert await cache.documents("p", "a", limit=5, offset=10) == docs[10:15]


async def test_job_progress_is_counted_from_cached_documents(cache: JobCache) -> None:
    summary = JobSummary(successful=0, failed=0, canceled=0, total=99, bytes_processed=0)
    await cache.upsert_jobs("p", [job("a", S.RUNNING, summary=summary)])
    await cache.upsert_documents(
        "p", "a", [doc("d1", S.SUCCEEDED), doc("d2", S.RUNNING), doc("d3"), doc("d4", S.FAILED)]
    )
    await cache.upsert_documents("p", "a", [doc("d3", S.CANCELED)])

    expected = Progress(
        total=4,
        succeeded=1,
        failed=1,
        canceled=1,
        running=1,
        by_status={S.SUCCEEDED: 1, S.RUNNING: 1, S.CANCELED: 1, S.FAILED: 1},
    )
    assert await cache.progress("p", "a") == expected  # documents win over the summary
    [cached] = await cache.jobs("p")
    assert cached.progress == expected


async def test_documents_cached_before_their_job_count_once_the_job_arrives(cache: JobCache) -> None:
    await cache.upsert_documents("p", "early", [doc("d1", S.SUCCEEDED), doc("d2")])
    assert (await cache.progress("p", "early")) == Progress(
        total=2, succeeded=1, by_status={S.SUCCEEDED: 1, S.NOT_STARTED: 1}
    )
    [change] = await cache.upsert_jobs("p", [job("early")])
    assert change.job.progress is not None and change.job.progress.total == 2


async def test_a_finished_document_does_not_go_back_to_running(cache: JobCache) -> None:
    await cache.upsert_documents("p", "a", [doc("d1", S.SUCCEEDED, output="https://x/o/1")])
    assert await cache.upsert_documents("p", "a", [doc("d1", S.RUNNING)]) == []
    [stored] = await cache.documents("p", "a")
    assert stored.status is S.SUCCEEDED


async def test_documents_are_kept_per_job_and_per_profile(cache: JobCache) -> None:
    await cache.upsert_documents("p", "a", [doc("d1", S.SUCCEEDED)])
    changes = await cache.upsert_documents("p", "b", [doc("d1", S.FAILED)])
    other = await cache.upsert_documents("q", "a", [doc("d1", S.RUNNING)])
    assert [c.kind for c in changes + other] == ["added", "added"]
    assert [d.status for d in await cache.documents("p", "a")] == [S.SUCCEEDED]
    assert [d.status for d in await cache.documents("q", "a")] == [S.RUNNING]
    assert await cache.progress("q", "zzz") is None
