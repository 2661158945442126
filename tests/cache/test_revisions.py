"""The change counter: every writer raises it, so a reader sees what another process wrote."""

from __future__ import annotations

from pathlib import Path

from deidtui.cache import JobCache
from deidtui.domain.models import JobStatus

from .factories import at, doc, job

S = JobStatus


async def test_a_write_by_another_connection_is_seen_by_a_reader_that_never_wrote(
    cache: JobCache, cache_path: Path
) -> None:
    views, reached = await cache.changed_since("p", 0)
    assert (views, reached) == ([], 0)
    version = await cache.data_version()
    async with await JobCache.open(cache_path) as other:  # the CLI, sharing the file
        await other.upsert_jobs("p", [job("a", S.RUNNING)])
        await other.upsert_jobs("p", [job("a", S.SUCCEEDED, updated=20)])
    assert await cache.data_version() != version
    views, reached = await cache.changed_since("p", 0)
    assert [(v.name, v.status) for v in views] == [("a", S.SUCCEEDED)]
    assert reached == views[0].revision > 0
    assert await cache.changed_since("p", reached) == ([], reached)


async def test_what_the_reader_already_had_is_not_reported_again(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a"), job("b")])
    _, reached = await cache.changed_since("p", 0)
    await cache.upsert_jobs("p", [job("b", S.SUCCEEDED, updated=30)])
    views, _ = await cache.changed_since("p", reached)
    assert [v.name for v in views] == ["b"]


async def test_a_sweep_that_finds_nothing_new_is_no_change(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a")], seen_at=at(100))
    _, reached = await cache.changed_since("p", 0)
    await cache.upsert_jobs("p", [job("a")], seen_at=at(200))  # only last_seen moves
    assert await cache.changed_since("p", reached) == ([], reached)


async def test_deletions_and_restorations_are_changes(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a")])
    _, reached = await cache.changed_since("p", 0)
    await cache.mark_deleted("p", {"a"})
    views, reached = await cache.changed_since("p", reached)
    assert [(v.name, v.deleted) for v in views] == [("a", True)]
    await cache.upsert_jobs("p", [job("a", updated=40)])
    views, _ = await cache.changed_since("p", reached)
    assert [(v.name, v.deleted) for v in views] == [("a", False)]


async def test_a_documents_change_stamps_its_job_and_is_read_as_a_delta(cache: JobCache, cache_path: Path) -> None:
    await cache.upsert_jobs("p", [job("a")])
    await cache.upsert_documents("p", "a", [doc("1"), doc("2")])
    first = await cache.document_delta("p", "a")
    assert [d.id for d in first.documents] == ["1", "2"] and first.revision > 0
    _, reached = await cache.changed_since("p", 0)
    async with await JobCache.open(cache_path) as other:
        await other.upsert_documents("p", "a", [doc("2", S.SUCCEEDED, output="https://x/out/2.txt")])
    views, _ = await cache.changed_since("p", reached)
    assert [v.name for v in views] == ["a"] and views[0].progress is not None and views[0].progress.succeeded == 1
    delta = await cache.document_delta("p", "a", first.revision)
    assert [(d.id, d.status) for d in delta.documents] == [("2", S.SUCCEEDED)]
    assert delta.revision > first.revision
    assert (await cache.document_delta("p", "a", delta.revision)).documents == ()


async def test_the_input_locale_is_kept_and_a_release_3_cache_migrates_to_keep_it(cache_path: Path) -> None:
    from .factories import spec, write_release_cache

    write_release_cache(cache_path, 3, "p", [job("old")])
    async with await JobCache.open(cache_path) as cache:
        assert (await cache.job("p", "old")).spec.input_locale is None
        await cache.upsert_jobs("p", [job("fr", job_spec=spec(input_locale="fr-CA"))])
        _, reached = await cache.changed_since("p", 0)
        assert (await cache.job("p", "fr")).spec.input_locale == "fr-CA"
        await cache.upsert_jobs("p", [job("fr", updated=11, job_spec=spec(input_locale="fr-FR"))])
        views, _ = await cache.changed_since("p", reached)
        assert [(v.name, v.spec.input_locale) for v in views] == [("fr", "fr-FR")]
