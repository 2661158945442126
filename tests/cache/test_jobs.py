"""Upserting polled jobs: what counts as a change, and how the cache refuses to go backwards."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import UTC

import pytest

from deidtui.cache import JobCache
from deidtui.cache.codec import job_row, job_values
from deidtui.domain.models import JobStatus, JobSummary, Progress, ServiceError

from .factories import at, doc, job, spec

S = JobStatus


async def test_a_new_job_is_reported_added_with_its_bookkeeping(cache: JobCache) -> None:
    changes = await cache.upsert_jobs("p", [job("a", S.RUNNING)], seen_at=at(100))
    assert [(c.kind, c.name, c.old_status) for c in changes] == [("added", "a", None)]
    cached = changes[0].job
    assert cached.job == job("a", S.RUNNING)
    assert (cached.profile, cached.first_seen, cached.last_seen, cached.deleted) == ("p", at(100), at(100), False)
    assert await cache.job("p", "a") == cached


async def test_an_unchanged_job_produces_no_change_but_updates_last_seen(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a")], seen_at=at(100))
    assert await cache.upsert_jobs("p", [job("a")], seen_at=at(200)) == []
    cached = await cache.job("p", "a")
    assert cached is not None and (cached.first_seen, cached.last_seen) == (at(100), at(200))


async def test_meaningful_field_changes_are_reported_with_the_old_status(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a", S.RUNNING, updated=10), job("b", S.RUNNING, updated=10)])
    summary = JobSummary(successful=3, failed=1, canceled=0, total=4, bytes_processed=99)
    changes = await cache.upsert_jobs(
        "p",
        [
            job("a", S.SUCCEEDED, updated=20, summary=summary),
            job("b", S.RUNNING, updated=10),
        ],
    )
    assert [(c.kind, c.name, c.old_status, c.job.status) for c in changes] == [("changed", "a", S.RUNNING, S.SUCCEEDED)]
    assert changes[0].job.job.summary == summary


async def test_an_error_appearing_at_the_same_timestamp_is_a_change(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a", S.FAILED, updated=10)])
    error = ServiceError("EmptyJob", "No files found")
    changes = await cache.upsert_jobs("p", [job("a", S.FAILED, updated=10, error=error)])
    assert [c.kind for c in changes] == ["changed"]
    assert changes[0].job.job.error == error


async def test_an_older_last_updated_at_is_ignored(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a", S.SUCCEEDED, updated=20)])
    assert await cache.upsert_jobs("p", [job("a", S.RUNNING, updated=15)]) == []
    cached = await cache.job("p", "a")
    assert cached is not None and (cached.status, cached.job.last_updated_at) == (S.SUCCEEDED, at(20))


async def test_a_finished_job_does_not_become_active_again_at_the_same_timestamp(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a", S.CANCELED, updated=20)])
    assert await cache.upsert_jobs("p", [job("a", S.RUNNING, updated=20)]) == []
    assert (await cache.job("p", "a")).status is S.CANCELED  # type: ignore[union-attr]


async def test_a_finished_job_may_become_active_with_a_newer_timestamp(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a", S.FAILED, updated=20)])
    changes = await cache.upsert_jobs("p", [job("a", S.RUNNING, updated=21)])
    assert [(c.kind, c.recreated, c.old_status, c.job.status) for c in changes] == [
        ("changed", False, S.FAILED, S.RUNNING)
    ]


async def test_within_one_page_the_newest_view_of_a_job_wins(cache: JobCache) -> None:
    changes = await cache.upsert_jobs("p", [job("a", S.SUCCEEDED, updated=30), job("a", S.RUNNING, updated=10)])
    assert [(c.kind, c.job.status) for c in changes] == [("added", S.SUCCEEDED)]


async def test_transitions_record_first_sighting_and_each_status_change(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a", S.NOT_STARTED, updated=0)], seen_at=at(100))
    await cache.upsert_jobs("p", [job("a", S.NOT_STARTED, updated=0)], seen_at=at(101))  # no change
    await cache.upsert_jobs("p", [job("a", S.RUNNING, updated=5)], seen_at=at(102))
    await cache.upsert_jobs("p", [job("a", S.RUNNING, updated=8)], seen_at=at(103))  # same status
    await cache.upsert_jobs("p", [job("a", S.SUCCEEDED, updated=9)], seen_at=at(104))
    timeline = await cache.transitions("p", "a")
    assert [(t.status, t.at, t.seen_at) for t in timeline] == [
        (S.NOT_STARTED, at(0), at(100)),
        (S.RUNNING, at(1), at(102)),  # its startedAt (the factory's: created + 1)
        (S.SUCCEEDED, at(9), at(104)),
    ]


async def test_a_running_status_is_dated_by_its_start_not_by_the_answer_that_showed_it(cache: JobCache) -> None:
    # lastUpdatedAt moves with every document the job finishes; the job started at its startedAt.
    # Seen running first 7 s after it started, the history read "▶ running 18:12:17" under
    # "started 18:12:10" in the same pane.
    running = replace(job("a", S.RUNNING, created=0, updated=17), started_at=at(10))
    await cache.upsert_jobs("p", [job("a", S.NOT_STARTED, updated=0)], seen_at=at(1))
    await cache.upsert_jobs("p", [running], seen_at=at(18))
    assert [(t.status, t.at) for t in await cache.transitions("p", "a")] == [
        (S.NOT_STARTED, at(0)),
        (S.RUNNING, at(10)),
    ]
    await cache.upsert_jobs("p", [replace(running, status=S.CANCELED, last_updated_at=at(32))], seen_at=at(33))
    assert [(t.status, t.at) for t in await cache.transitions("p", "a")] == [
        (S.NOT_STARTED, at(0)),
        (S.RUNNING, at(10)),
        (S.CANCELED, at(32)),
    ]

    # First seen running, by a listing: its first status is its row until the row changes.
    b = replace(job("b", S.RUNNING, updated=17), started_at=at(10))
    await cache.upsert_listed("p", [("b", job_row(job_values(b)))], seen_at=at(18))
    assert [(t.status, t.at) for t in await cache.transitions("p", "b")] == [(S.RUNNING, at(10))]
    await cache.upsert_listed("p", [("b", job_row(job_values(replace(b, last_updated_at=at(25)))))], seen_at=at(26))
    assert [(t.status, t.at) for t in await cache.transitions("p", "b")] == [(S.RUNNING, at(10))]
    done = replace(b, status=S.SUCCEEDED, last_updated_at=at(40))
    await cache.upsert_listed("p", [("b", job_row(job_values(done)))], seen_at=at(41))
    assert [(t.status, t.at) for t in await cache.transitions("p", "b")] == [(S.RUNNING, at(10)), (S.SUCCEEDED, at(40))]

    # A startedAt later than the answer's own lastUpdatedAt (no service sends one) is not believed.
    c = replace(job("c", S.RUNNING, updated=17), started_at=at(30))
    await cache.upsert_jobs("p", [c], seen_at=at(18))
    assert [(t.status, t.at) for t in await cache.transitions("p", "c")] == [(S.RUNNING, at(17))]


async def test_a_new_job_under_an_old_name_starts_a_new_incarnation(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a", S.SUCCEEDED, created=0, updated=10)])
    changes = await cache.upsert_jobs("p", [job("a", S.NOT_STARTED, created=50, updated=50)], seen_at=at(60))
    assert [(c.kind, c.recreated, c.old_status, c.job.status, c.job.incarnation) for c in changes] == [
        ("changed", True, S.SUCCEEDED, S.NOT_STARTED, 2)
    ]
    assert changes[0].job.first_seen == at(60)
    assert [t.status for t in await cache.transitions("p", "a")] == [S.NOT_STARTED]
    assert [(t.status, t.incarnation) for t in await cache.transitions("p", "a", all_incarnations=True)] == [
        (S.SUCCEEDED, 1),
        (S.NOT_STARTED, 2),
    ]
    # A late answer about the earlier job does not bring it back.
    assert await cache.upsert_jobs("p", [job("a", S.SUCCEEDED, created=0, updated=99)]) == []


async def test_a_deleted_job_created_again_under_its_name_is_restored_as_recreated(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a", S.SUCCEEDED, created=0, updated=10)])
    await cache.mark_missing("p", set())
    changes = await cache.upsert_jobs("p", [job("a", S.RUNNING, created=50, updated=51)])
    assert [(c.kind, c.recreated, c.job.deleted, c.job.incarnation) for c in changes] == [("restored", True, False, 2)]


async def test_a_recreated_job_drops_the_documents_of_its_predecessor(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a", S.SUCCEEDED, created=0, updated=10)])
    await cache.upsert_documents("p", "a", [doc("d1", S.SUCCEEDED), doc("d2", S.FAILED)])
    changes = await cache.upsert_jobs("p", [job("a", S.RUNNING, created=50, updated=50)])
    assert await cache.documents("p", "a") == []
    assert changes[0].job.progress is None


async def test_mark_missing_flags_deletion_keeps_history_and_a_reappearance_restores(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a", S.RUNNING, updated=1), job("b", S.RUNNING, updated=1)])
    await cache.upsert_jobs("p", [job("a", S.SUCCEEDED, updated=2)])

    changes = await cache.mark_missing("p", {"b"}, seen_at=at(500))
    assert [(c.kind, c.name, c.old_status, c.job.deleted, c.job.deleted_at) for c in changes] == [
        ("deleted", "a", S.SUCCEEDED, True, at(500))
    ]
    assert [c.name for c in await cache.jobs("p")] == ["b"]
    assert {c.name for c in await cache.jobs("p", include_deleted=True)} == {"a", "b"}
    assert [t.status for t in await cache.transitions("p", "a")] == [S.RUNNING, S.SUCCEEDED]
    assert await cache.mark_missing("p", {"b"}) == []  # already deleted: no second event

    restored = await cache.upsert_jobs("p", [job("a", S.SUCCEEDED, updated=2)])
    assert [(c.kind, c.job.deleted, c.job.deleted_at) for c in restored] == [("restored", False, None)]
    assert {c.name for c in await cache.jobs("p")} == {"a", "b"}


async def test_mark_missing_spares_jobs_seen_after_the_sweep_started(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("old")], seen_at=at(100))
    await cache.upsert_jobs("p", [job("submitted-meanwhile")], seen_at=at(205))
    changes = await cache.mark_missing("p", set(), seen_at=at(210), sweep_started_at=at(200))
    assert [c.name for c in changes] == ["old"]
    assert await cache.last_sweep("p") == at(210)


async def test_mark_deleted_flags_only_the_named_jobs_and_is_not_a_sweep(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("gone", S.SUCCEEDED), job("kept", S.RUNNING)], seen_at=at(100))
    changes = await cache.mark_deleted("p", {"gone", "never-seen"}, seen_at=at(300))
    assert [(c.kind, c.name, c.old_status, c.job.deleted_at) for c in changes] == [
        ("deleted", "gone", S.SUCCEEDED, at(300))
    ]
    assert [c.name for c in await cache.jobs("p")] == ["kept"]
    assert await cache.last_sweep("p") is None  # one 404 says nothing about the freshness of the list
    assert await cache.mark_deleted("p", {"gone"}) == []  # already deleted: no second event


async def test_profiles_do_not_see_each_other(cache: JobCache) -> None:
    await cache.upsert_jobs("prod", [job("same-name", S.RUNNING, updated=10)])
    changes = await cache.upsert_jobs("test", [job("same-name", S.SUCCEEDED, updated=5)])
    assert [c.kind for c in changes] == ["added"]  # not "older than prod's", not "changed"
    await cache.mark_missing("test", set())
    assert [c.status for c in await cache.jobs("prod")] == [S.RUNNING]
    assert await cache.jobs("test") == []
    await cache.set_meta("prod", "k", "prod-value")
    assert await cache.get_meta("test", "k") is None
    assert await cache.profiles() == ["prod", "test"]


async def test_progress_comes_from_the_summary_when_no_documents_are_cached(cache: JobCache) -> None:
    summary = JobSummary(successful=8, failed=1, canceled=1, total=10, bytes_processed=1)
    await cache.upsert_jobs("p", [job("a", S.SUCCEEDED, summary=summary), job("b", S.RUNNING)])
    by_name = {c.name: c for c in await cache.jobs("p")}
    assert by_name["a"].progress == Progress(total=10, succeeded=8, failed=1, canceled=1)
    assert by_name["b"].progress is None
    assert await cache.progress("p", "a") == Progress(total=10, succeeded=8, failed=1, canceled=1)


async def test_jobs_are_listed_newest_first_with_every_field_round_tripped(cache: JobCache) -> None:
    odd = spec(
        target_location="https://other.blob.core.windows.net/out",
        extensions=(".txt", ".md"),
        overwrite=True,
        redaction_format="*{len}",
        surrogate_locale="fr-CA",
    )
    jobs = [job(f"j{i:05d}", S.RUNNING, created=i, updated=i + 1) for i in range(2_000)]
    jobs.append(
        job(
            "odd",
            S.FAILED,
            created=5_000,
            updated=5_001,
            job_spec=odd,
            error=ServiceError("Boom", "it broke", "sourceLocation"),
        )
    )
    for start in range(0, len(jobs), 1_000):
        await cache.upsert_jobs("p", jobs[start : start + 1_000])
    listed = await cache.jobs("p")
    assert [c.job for c in listed] == sorted(jobs, key=lambda j: j.created_at, reverse=True)


async def test_the_same_instant_in_another_time_zone_or_naive_utc_is_not_a_change(cache: JobCache) -> None:
    from dataclasses import replace
    from datetime import timedelta, timezone

    original = job("a", S.RUNNING, updated=10)
    await cache.upsert_jobs("p", [original])
    paris = timezone(timedelta(hours=1))
    shifted = replace(
        original,
        created_at=original.created_at.astimezone(paris),
        last_updated_at=original.last_updated_at.astimezone(paris),
    )
    naive = replace(original, last_updated_at=original.last_updated_at.replace(tzinfo=None))
    assert await cache.upsert_jobs("p", [shifted]) == []
    assert await cache.upsert_jobs("p", [naive]) == []
    cached = await cache.job("p", "a")
    assert cached is not None and cached.job.last_updated_at.tzinfo is UTC


async def test_a_cancelled_write_leaves_no_half_page_and_the_cache_usable(cache: JobCache) -> None:
    import asyncio

    for attempt in range(12):
        page = [job(f"c{attempt}-{i:04d}") for i in range(500)]
        task = asyncio.create_task(cache.upsert_jobs("p", page))
        for _ in range(attempt):  # cancel at a different await of the write each time
            await asyncio.sleep(0)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        stored = {c.name for c in await cache.jobs("p") if c.name.startswith(f"c{attempt}-")}
        assert len(stored) in (0, 500)  # all of the page or none of it
        await cache.upsert_jobs("p", [job(f"after-{attempt}")])  # no "transaction within a transaction"


async def test_a_page_asked_for_before_a_deletion_does_not_undo_it(cache: JobCache) -> None:
    """Another process deleted the job while this one's listing was in flight: the stale page
    must not bring it back (the next sweep would only delete it again, and the screen flicker)."""
    await cache.upsert_jobs("p", [job("a", S.SUCCEEDED, updated=20)], seen_at=at(100))
    await cache.mark_deleted("p", {"a"}, seen_at=at(200))
    assert await cache.upsert_jobs("p", [job("a", S.SUCCEEDED, updated=20)], seen_at=at(150)) == []
    cached = await cache.job("p", "a")
    assert cached is not None and cached.deleted
    changes = await cache.upsert_jobs("p", [job("a", S.SUCCEEDED, updated=20)], seen_at=at(300))
    assert [(c.kind, c.name) for c in changes] == [("restored", "a")]


async def test_a_large_read_decodes_its_rows_a_chunk_at_a_time_in_order(
    cache: JobCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All 10,000 rows of a read held at once beside their decoded views cost 9 MB of resident memory
    for good (the peak stays with the process): every read of many jobs goes in chunks."""
    from deidtui.cache import job_reads as job_rows

    count = job_rows._READ_CHUNK * 2 + 7
    for start in range(0, count, 1000):
        await cache.upsert_jobs(
            "p", [job(f"job-{i:05}", created=i, updated=i + 1) for i in range(start, min(start + 1000, count))]
        )
    decoded_at_once: list[int] = []
    decode = job_rows.decode_jobs

    def spying(profile: str, rows: list) -> list:
        decoded_at_once.append(len(rows))
        return decode(profile, rows)

    monkeypatch.setattr(job_rows, "decode_jobs", spying)
    listed = await cache.jobs("p")
    assert [view.name for view in listed] == [f"job-{i:05}" for i in reversed(range(count))]
    assert decoded_at_once == [job_rows._READ_CHUNK, job_rows._READ_CHUNK, 7]
    decoded_at_once.clear()
    changed, _revision = await cache.changed_since("p", 0)
    assert len(changed) == count and max(decoded_at_once) == job_rows._READ_CHUNK
