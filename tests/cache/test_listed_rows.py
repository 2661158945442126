"""Listed jobs written as rows (`JobCache.upsert_listed`): the same rules as `upsert_jobs`, one
revision stamp per batch (schema migration 6), and the triggers still stamping every other writer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from deidtui.cache import JobCache, JobView, latest_version
from deidtui.cache.codec import ts
from deidtui.domain.models import Job, JobStatus, JobSummary

from .factories import at, doc, job, write_release_cache
from .factories import listed_rows as rows

S = JobStatus


def revisions(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT name, rev FROM jobs"))


# Pages as a sweep would see them, covering every rule: new, unchanged, changed, duplicates in one
# page, a late older answer, a finished job turning active at the same time, a job created again.
PAGES: list[list[Job]] = [
    [job("a"), job("b", S.NOT_STARTED), job("c", S.SUCCEEDED, updated=20)],
    [job("a"), job("b", S.RUNNING, updated=15), job("b", S.RUNNING, updated=12), job("d")],
    [job("a", updated=5), job("c", S.RUNNING, updated=20), job("d", created=50, updated=60)],
    [job("a", S.SUCCEEDED, updated=30, summary=JobSummary(3, 0, 0, 3, 99)), job("e", S.FAILED)],
]


async def test_listed_rows_follow_the_same_rules_as_decoded_jobs(tmp_path: Path) -> None:
    async with (
        await JobCache.open(tmp_path / "decoded.sqlite3") as decoded,
        await JobCache.open(tmp_path / "listed.sqlite3") as listed,
    ):
        for cache in (decoded, listed):
            await cache.upsert_documents("p", "e", [doc("1"), doc("2", S.SUCCEEDED)])  # before its job
            await cache.upsert_documents("p", "d", [doc("1")])  # the job that "d" created again replaces
        for number, page in enumerate(PAGES):
            seen = at(100 + number)
            by_jobs = await decoded.upsert_jobs("p", page, seen_at=seen)
            by_rows = await listed.upsert_listed("p", rows(*page), seen_at=seen)
            assert [(c.kind, c.name, c.old_status, c.recreated) for c in by_rows] == [
                (c.kind, c.name, c.old_status, c.recreated) for c in by_jobs
            ]
        assert await listed.jobs("p") == await decoded.jobs("p")
        for name in "abcde":
            assert await listed.transitions("p", name, all_incarnations=True) == await decoded.transitions(
                "p", name, all_incarnations=True
            )
    listed_view = {view.name: view for view in await _read(tmp_path / "listed.sqlite3")}
    assert listed_view["e"].progress is not None and listed_view["e"].progress.total == 2  # counted on arrival
    assert listed_view["d"].incarnation == 2 and listed_view["d"].progress is None  # documents dropped


async def _read(path: Path) -> list[JobView]:
    async with await JobCache.open(path) as cache:
        return await cache.jobs("p")


async def test_one_stamp_for_a_batch_and_none_for_what_did_not_change(cache: JobCache, cache_path: Path) -> None:
    await cache.upsert_listed("p", rows(job("a"), job("b")))
    _, first = await cache.changed_since("p", 0)
    changes = await cache.upsert_listed("p", rows(job("a"), job("b", S.SUCCEEDED, updated=20), job("c")))
    assert [(c.kind, c.name) for c in changes] == [("changed", "b"), ("added", "c")]
    views, reached = await cache.changed_since("p", first)
    assert sorted(v.name for v in views) == ["b", "c"]
    assert {v.revision for v in views} == {reached} and reached > first
    assert revisions(cache_path)["a"] <= first
    assert await cache.upsert_listed("p", rows(job("a"), job("c"))) == []
    assert await cache.changed_since("p", reached) == ([], reached)


async def test_a_release_5_cache_upgrades_keeps_its_jobs_and_every_writer_still_stamps(cache_path: Path) -> None:
    write_release_cache(cache_path, 5, "p", [job("old"), job("older", S.SUCCEEDED)])
    stamped = revisions(cache_path)
    assert sorted(stamped.values()) == [1, 2]  # the release's triggers stamped each insert
    async with await JobCache.open(cache_path) as cache:
        views, reached = await cache.changed_since("p", 0)
        assert sorted(v.name for v in views) == ["old", "older"] and reached == 2
        assert (await cache.job("p", "older")).status is S.SUCCEEDED  # type: ignore[union-attr]

        await cache.upsert_listed("p", rows(job("old", S.SUCCEEDED, updated=20), job("new")))
        views, batch = await cache.changed_since("p", reached)
        assert sorted(v.name for v in views) == ["new", "old"] and {v.revision for v in views} == {batch}

        # Writers that do not stamp rows themselves: the triggers do, once per change.
        await cache.mark_deleted("p", {"older"})
        views, deleted = await cache.changed_since("p", batch)
        assert [(v.name, v.deleted) for v in views] == [("older", True)] and deleted == batch + 1
        await cache.upsert_documents("p", "new", [doc("1")])
        views, documented = await cache.changed_since("p", deleted)
        assert [v.name for v in views] == ["new"] and documented > deleted
    with sqlite3.connect(cache_path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == latest_version() == 7
        # A plain insert that leaves `rev` at 0 is refused (schema migration 7): no row can exist
        # that a reader by revision would never see. An update that leaves it as it was is stamped.
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            db.execute(f"INSERT INTO jobs {_copy_as('plain', db)} FROM jobs WHERE name = 'old'")
        db.execute("UPDATE jobs SET status = 'Failed' WHERE name = 'new'")
    async with await JobCache.open(cache_path) as cache:
        views, _ = await cache.changed_since("p", documented)
        assert [v.name for v in views] == ["new"]
        assert await cache.job("p", "plain") is None


async def test_jobs_an_old_release_left_unstamped_are_stamped_once_by_the_upgrade(cache_path: Path) -> None:
    """A release before revisions (schema 2) left its rows at rev 0 when migration 3 added the
    column; the upgrade to 7 stamps them with one fresh revision, which a reader then sees."""
    write_release_cache(cache_path, 2, "p", [job("old"), job("older", S.SUCCEEDED)])
    assert "rev" not in _columns(cache_path)
    async with await JobCache.open(cache_path) as cache:
        views, reached = await cache.changed_since("p", 0)
        assert sorted(v.name for v in views) == ["old", "older"]
        assert len({v.revision for v in views}) == 1 and reached > 0
        assert (await cache.job("p", "older")).status is S.SUCCEEDED  # type: ignore[union-attr]
        assert [t.status for t in await cache.transitions("p", "older")] == [S.SUCCEEDED]


def _columns(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[1] for row in db.execute("PRAGMA table_info(jobs)")]


def _copy_as(name: str, db: sqlite3.Connection) -> str:
    """A SELECT of every column of a jobs row, renamed and with `rev` left at 0."""
    columns = [row[1] for row in db.execute("PRAGMA table_info(jobs)")]
    picked = [f"'{name}'" if c == "name" else "0" if c == "rev" else c for c in columns]
    return f"SELECT {', '.join(picked)}"


async def test_a_batch_sharing_one_revision_is_read_whole_by_a_paged_reader(tmp_path: Path) -> None:
    """The feed reads changes a page at a time (`limit`); a batch stamped once must not be cut at a
    page's edge, or the rest of it, with the same revision, would never be read."""
    async with await JobCache.open(tmp_path / "c.sqlite3") as cache:
        await cache.upsert_listed("p", rows(*(job(f"job-{n:04}") for n in range(25))), seen_at=at(1))
        await cache.upsert_listed("p", rows(*(job(f"late-{n:04}") for n in range(3))), seen_at=at(2))
        read: list[str] = []
        reached = 0
        for _ in range(10):
            views, reached = await cache.changed_since("p", reached, limit=10)
            if not views:
                break
            read += [view.name for view in views]
        assert sorted(read) == sorted([f"job-{n:04}" for n in range(25)] + [f"late-{n:04}" for n in range(3)])
        assert len(read) == len(set(read))


async def test_rows_read_ahead_are_not_trusted_once_another_writer_wrote(cache_path: Path) -> None:
    """A sweep compares each page with rows read while it was fetched (`read_span`). If another
    process wrote meanwhile, those rows are not the stored ones: here it flagged jobs deleted on
    an older sweep's word, and this page, asked for after that, lists them again."""
    async with await JobCache.open(cache_path) as mine, await JobCache.open(cache_path) as other:
        await mine.upsert_listed("p", rows(job("a"), job("b")), seen_at=at(100))
        ahead = await mine.read_span("p", None, 10)
        await other.mark_deleted("p", {"a"}, seen_at=at(101))
        # The page repeats the rows read ahead (nothing would be written if they were current).
        changes = await mine.upsert_listed(
            "p", rows(job("a"), job("b")), seen_at=at(102), stamp_unchanged=False, ahead=ahead
        )
        assert [(c.kind, c.name) for c in changes] == [("restored", "a")]
        # A page with a change goes through the whole comparison, with the same care.
        ahead = await mine.read_span("p", None, 10)
        await other.mark_deleted("p", {"b"}, seen_at=at(103))
        changes = await mine.upsert_listed("p", rows(job("a", updated=20), job("b")), seen_at=at(104), ahead=ahead)
        assert [(c.kind, c.name) for c in changes] == [("changed", "a"), ("restored", "b")]
        assert [view.name for view in await mine.jobs("p")] == ["a", "b"]


async def test_spans_read_ahead_hold_every_job_of_their_times_or_say_they_do_not(cache: JobCache) -> None:
    """Spans of a limit's newest jobs, each below the last: a span never holds only part of the
    jobs created at one time, so `unlisted` can answer for the whole of [floor, before)."""
    created = {"e": 5, "d": 4, "c1": 3, "c2": 3, "c3": 3, "b": 1}
    await cache.upsert_listed("p", rows(*(job(name, created=t, updated=t) for name, t in created.items())))
    first = await cache.read_span("p", None, 3)  # e, d, then three at 3: those wait for the next span
    assert sorted(first.rows) == ["d", "e"] and first.before is None
    assert first.unlisted(ts(at(4)), None, ["e"]) == ["d"]
    assert first.unlisted(ts(at(3)), None, []) is None  # the jobs at 3 are not all there
    second = await cache.read_span("p", first.floor, 3)
    assert sorted(second.rows) == ["c1", "c2", "c3"] and second.floor == ts(at(3))
    assert sorted(second.unlisted(ts(at(3)), first.floor, ["c2"]) or ()) == ["c1", "c3"]
    assert second.unlisted(ts(at(1)), first.floor, []) is None  # "b" is older than the span
    last = await cache.read_span("p", second.floor, 3)
    assert sorted(last.rows) == ["b"] and last.floor is None  # none older: it answers for all before it
    assert last.unlisted(None, second.floor, []) == ["b"]
    crowded = await cache.read_span("p", first.floor, 2)  # three jobs at one time, a limit of two
    assert crowded.rows == {} and crowded.unlisted(ts(at(3)), first.floor, []) is None
