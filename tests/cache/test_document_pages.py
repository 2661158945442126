"""A job's documents read a page at a time: keyset pages by seq, counts, positions, jumps."""

from __future__ import annotations

import random

from deidtui.cache import JobCache
from deidtui.cache.documents import END
from deidtui.domain.models import JobStatus

from .factories import doc, job

S = JobStatus
STATUSES = list(JobStatus)


async def _interleaved(cache: JobCache) -> dict[str, list[tuple[str, JobStatus]]]:
    """Two jobs whose documents arrive in alternating pages (as two running jobs are polled), with
    mixed statuses; returns each job's (id, status) in listing order."""
    await cache.upsert_jobs("p", [job("a", S.RUNNING), job("b", S.RUNNING)])
    rng = random.Random(7)
    listed: dict[str, list[tuple[str, JobStatus]]] = {"a": [], "b": []}
    for page_no in range(12):
        for name in ("a", "b"):
            docs = [doc(f"{name}-{page_no:02}-{i:02}", rng.choice(STATUSES)) for i in range(rng.randint(1, 9))]
            await cache.upsert_documents("p", name, docs)
            listed[name] += [(d.id, d.status) for d in docs]
    return listed


async def test_pages_follow_the_listing_order_whatever_the_statuses(cache: JobCache) -> None:
    listed = await _interleaved(cache)
    for status in (None, *STATUSES):
        expected = [i for i, s in listed["a"] if status is None or s is status]
        census = await cache.document_census("p", "a")
        assert sum(census.values()) == len(listed["a"])
        if status is not None:
            assert census.get(status, 0) == len(expected)
        # forwards, a page at a time, each continuing after the last seq seen
        seen: list[str] = []
        after = None
        while True:
            rows = await cache.document_page("p", "a", status=status, after=after, limit=7)
            if not rows:
                break
            assert len(rows) <= 7
            seen += [d.id for _, d in rows]
            after = rows[-1][0]
        assert seen == expected
        # backwards from the end
        seen = []
        before = END
        while True:
            rows = await cache.document_page("p", "a", status=status, before=before, limit=5)
            if not rows:
                break
            seen = [d.id for _, d in rows] + seen
            before = rows[0][0]
        assert seen == expected
        # a jump, and the position of what it found
        if len(expected) > 3:
            rows = await cache.document_page("p", "a", status=status, offset=3, limit=4)
            assert [d.id for _, d in rows] == expected[3:7]
            assert await cache.document_rank("p", "a", rows[0][0], status=status) == 3


async def test_a_page_holds_only_its_rows_and_a_changed_status_moves_between_filters(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a", S.RUNNING)])
    await cache.upsert_documents("p", "a", [doc(f"d{i:05}", S.RUNNING) for i in range(2000)])
    rows = await cache.document_page("p", "a", before=END, limit=3)
    assert [d.id for _, d in rows] == ["d01997", "d01998", "d01999"]
    await cache.upsert_documents("p", "a", [doc("d01998", S.FAILED)])
    failed = await cache.document_page("p", "a", status=S.FAILED, limit=50)
    assert [d.id for _, d in failed] == ["d01998"]
    assert await cache.document_rank("p", "a", failed[0][0]) == 1998
    assert await cache.document_census("p", "a") == {S.RUNNING: 1999, S.FAILED: 1}
    assert await cache.document_page("p", "nope", limit=5) == []
