"""Jobs read in brief straight from their rows (what the feed publishes to the queue and the
poller) are exactly the briefs of the whole views of the same rows: the counts, outcome and times
follow the same rules, whichever way a job was read."""

from __future__ import annotations

from datetime import timedelta

from deidtui.cache import JobCache
from deidtui.domain.briefs import JobBrief, brief_of, route_of
from deidtui.domain.jobs import JobView
from deidtui.domain.models import JobStatus, JobSummary, Operation
from deidtui.domain.rules import Outcome
from deidtui.domain.runs import RunRecord

from .factories import T0, at, doc, job, spec

S = JobStatus


async def fill(cache: JobCache) -> None:
    await cache.upsert_jobs(
        "p",
        [
            job("queued", S.NOT_STARTED),
            job("running-docs", S.RUNNING, created=60.000_001),  # a microsecond: the time survives as a float
            job("running-summary", S.RUNNING, summary=JobSummary(1, 0, 0, 4, 10)),
            job("running-both", S.RUNNING, summary=JobSummary(1, 0, 0, 4, 10)),
            job("partial", S.FAILED, summary=JobSummary(2, 1, 0, 3, 10)),
            job("failed", S.FAILED, summary=JobSummary(0, 3, 0, 3, 10)),
            job("succeeded", S.SUCCEEDED, summary=JobSummary(3, 0, 0, 3, 10), job_spec=spec(operation=Operation.TAG)),
            job("canceled", S.CANCELED, summary=JobSummary(1, 0, 2, 3, 10)),
            job("gone", S.SUCCEEDED),
            job("in-a-run", S.SUCCEEDED, job_spec=spec(source_prefix="run/in/", target_prefix="run/out/")),
        ],
    )
    await cache.upsert_documents("p", "running-docs", [doc("1", S.SUCCEEDED), doc("2", S.FAILED), doc("3")])
    # The documents have seen more settle than the summary: they win while the job runs.
    await cache.upsert_documents("p", "running-both", [doc("1", S.SUCCEEDED), doc("2", S.SUCCEEDED), doc("3")])
    await cache.mark_deleted("p", {"gone"})
    await cache.save_run(RunRecord("p", "night", "/notes", "/out", "http://127.0.0.1/c", "run/", {}, "started", T0, T0))
    await cache.link_run_job("p", "night", 1, "in-a-run")


async def test_a_brief_read_from_the_row_equals_the_brief_of_the_whole_view(cache: JobCache) -> None:
    await fill(cache)
    views, reached = await cache.changed_since("p", 0)
    briefs, brief_reached = await cache.changed_briefs("p", 0)
    assert brief_reached == reached
    assert briefs == [brief_of(view) for view in views]
    by_name = {brief.name: brief for brief in briefs}
    # And what they say (so that the equality above is not two equal mistakes):
    assert (by_name["running-docs"].done, by_name["running-docs"].failed, by_name["running-docs"].total) == (2, 1, 3)
    assert by_name["running-docs"].created_at == at(60.000_001)
    assert not by_name["running-docs"].summarized and by_name["running-summary"].summarized
    assert (by_name["running-summary"].done, by_name["running-summary"].total) == (1, 4)
    assert (by_name["running-both"].done, by_name["running-both"].total) == (2, 3)
    assert by_name["partial"].outcome is Outcome.PARTIAL and by_name["failed"].outcome is Outcome.FAILED
    assert by_name["partial"].failed == 1 and by_name["succeeded"].operation is Operation.TAG
    assert by_name["queued"].started is None and by_name["queued"].outcome is Outcome.QUEUED
    assert by_name["gone"].deleted and not by_name["succeeded"].deleted
    assert by_name["in-a-run"].run == "night" and by_name["in-a-run"].source == "run/in/"
    assert by_name["in-a-run"].target == "run/out/"
    assert by_name["canceled"].updated == (at(10)).timestamp()


async def test_briefs_are_read_a_page_at_a_time_without_splitting_a_batch(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job(f"a-{i}", created=i) for i in range(7)])  # one batch: one revision
    await cache.upsert_jobs("p", [job(f"b-{i}", created=100 + i) for i in range(3)])
    first, reached = await cache.changed_briefs("p", 0, limit=5)
    assert sorted(brief.name for brief in first) == [f"a-{i}" for i in range(7)]
    rest, _ = await cache.changed_briefs("p", reached, limit=5)
    assert sorted(brief.name for brief in rest) == ["b-0", "b-1", "b-2"]
    assert rest[0].created_at - first[0].created_at >= timedelta(seconds=94)


def test_a_route_keeps_both_prefixes_and_sorts_as_the_pair_does() -> None:
    # One string holds both prefixes (a second string per job was 2.5 MB at 50,000 jobs); the
    # source sort compares routes, so they must order exactly as (source, target) pairs do,
    # prefixes of each other, spaces and characters below "/" included.
    prefixes = ["", "a", "a/", "a b/", "a/b/", "a-b/", "a\tb/", "ab", "é/", "z", "A/", "a/b/c/"]
    pairs = [(s, t) for s in prefixes for t in prefixes]
    assert sorted(pairs, key=lambda p: route_of(*p)) == sorted(pairs)
    for source, target in pairs:
        brief = _brief_with(source, target)
        assert (brief.source, brief.target) == (source, target)
    # A listed job whose source prefix holds a NUL (deidtui submits none) keeps its target whole.
    odd = _brief_with("in\0x/", "out/")
    assert (odd.source, odd.target) == ("in\ufffdx/", "out/")


def _brief_with(source: str, target: str) -> JobBrief:
    listed = job("j", job_spec=spec(source_prefix=source, target_prefix=target))
    return brief_of(JobView(listed, "p", T0, T0, False, None, None, None))
