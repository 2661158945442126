"""Submission intents, lineage, the audit log and per-profile meta values."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from deidtui.cache import CacheError, DuplicateIntent, JobCache

from .factories import job, spec


async def test_an_intent_is_pending_until_resolved(cache: JobCache) -> None:
    intent = await cache.record_intent("p", "job-1", spec(), kind="submit")
    assert (intent.state, intent.kind, intent.parent, intent.spec) == ("pending", "submit", None, spec())
    assert [i.id for i in await cache.pending_intents("p")] == [intent.id]

    confirmed = await cache.resolve_intent(intent.id, "confirmed", "201 Created")
    assert (confirmed.state, confirmed.message) == ("confirmed", "201 Created")
    assert confirmed.resolved_at is not None
    assert await cache.pending_intents("p") == []


async def test_a_pending_intent_survives_a_crash_of_the_process_that_recorded_it(cache_path: Path) -> None:
    # The child records an intent and dies without closing anything, as a crash before the PUT would.
    script = textwrap.dedent(f"""
        import asyncio, os
        from deidtui.cache import JobCache
        from deidtui.domain.models import JobSpec
        async def main():
            cache = await JobCache.open({str(cache_path)!r})
            await cache.record_intent("p", "crashed-job", JobSpec("https://a.blob.core.windows.net/c", "in/", "out/"),
                                      kind="submit")
            os._exit(3)
        asyncio.run(main())
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stderr

    async with await JobCache.open(cache_path) as cache:
        [pending] = await cache.pending_intents("p")
        assert (pending.name, pending.state) == ("crashed-job", "pending")
        # Reconciliation found the job on the service: confirm, and a second submission is allowed later.
        await cache.resolve_intent(pending.id, "confirmed")
        assert await cache.pending_intents("p") == []


async def test_a_second_pending_intent_for_the_same_name_is_refused(cache: JobCache) -> None:
    first = await cache.record_intent("p", "job-1", spec(), kind="submit")
    with pytest.raises(DuplicateIntent, match=r"job-1.*already pending"):
        await cache.record_intent("p", "job-1", spec(), kind="submit")
    await cache.record_intent("other-profile", "job-1", spec(), kind="submit")  # profiles are separate
    await cache.resolve_intent(first.id, "failed", "409 Conflict")
    again = await cache.record_intent("p", "job-1", spec(), kind="submit")
    assert again.id != first.id


async def test_a_resolved_intent_cannot_change_its_outcome(cache: JobCache) -> None:
    intent = await cache.record_intent("p", "job-1", spec(), kind="submit")
    await cache.resolve_intent(intent.id, "abandoned", "not found on the service after restart")
    assert (await cache.resolve_intent(intent.id, "abandoned")).state == "abandoned"  # idempotent
    with pytest.raises(CacheError, match="already abandoned"):
        await cache.resolve_intent(intent.id, "confirmed")
    with pytest.raises(CacheError, match="no submission intent #999"):
        await cache.resolve_intent(999, "confirmed")


async def test_intent_arguments_are_checked(cache: JobCache) -> None:
    with pytest.raises(ValueError, match="needs a parent"):
        await cache.record_intent("p", "r", spec(), kind="retry")
    with pytest.raises(ValueError, match="kind"):
        await cache.record_intent("p", "r", spec(), kind="bogus")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="pending"):
        await cache.resolve_intent(1, "pending")  # type: ignore[arg-type]


async def test_confirming_a_retry_links_it_to_its_parent(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("parent")])
    intent = await cache.record_intent("p", "parent-retry1", spec(), kind="retry", parent="parent")
    assert await cache.lineage("p", "parent") == (None, [])  # not before the service accepted it
    await cache.resolve_intent(intent.id, "confirmed")
    assert await cache.lineage("p", "parent") == (None, ["parent-retry1"])
    assert await cache.lineage("p", "parent-retry1") == ("parent", [])
    [change] = await cache.upsert_jobs("p", [job("parent-retry1")])
    assert change.job.parent == "parent"


async def test_lineage_lists_children_and_refuses_cycles(cache: JobCache) -> None:
    await cache.set_parent("p", "b", "a")
    await cache.set_parent("p", "c", "a", kind="retry")
    await cache.set_parent("p", "d", "b")
    assert await cache.lineage("p", "a") == (None, ["b", "c"])
    assert await cache.lineage("p", "b") == ("a", ["d"])
    assert await cache.lineage("q", "b") == (None, [])
    with pytest.raises(ValueError, match="descends"):
        await cache.set_parent("p", "a", "d")
    with pytest.raises(ValueError, match="own parent"):
        await cache.set_parent("p", "a", "a")


async def test_audit_log_records_who_what_when_and_outcome_newest_first(cache: JobCache) -> None:
    await cache.audit("p", "submit", ["job-1"], "ok", "created", user="alice")
    await cache.audit("p", "cancel", ["job-1", "job-2"], "error", "409: job already finished", user="bob")
    await cache.audit("p", "delete", "job-3", "ok")
    await cache.audit("other", "delete", "job-1", "ok")

    log = await cache.audit_log("p")
    assert [(e.action, e.targets, e.outcome) for e in log] == [
        ("delete", ("job-3",), "ok"),
        ("cancel", ("job-1", "job-2"), "error"),
        ("submit", ("job-1",), "ok"),
    ]
    assert [e.user for e in log] == [cache.user, "bob", "alice"]
    assert log[1].detail == "409: job already finished"
    assert log[0].at >= log[2].at
    assert [e.action for e in await cache.audit_log("p", target="job-1")] == ["cancel", "submit"]
    assert len(await cache.audit_log("p", limit=1)) == 1
    with pytest.raises(ValueError, match="action"):
        await cache.audit("p", "explode", ["x"], "ok")  # type: ignore[arg-type]


async def test_meta_values_are_per_profile_and_overwritten(cache: JobCache) -> None:
    assert await cache.get_meta("p", "k") is None
    await cache.set_meta("p", "k", "1")
    await cache.set_meta("p", "k", "2")
    assert await cache.get_meta("p", "k") == "2"
    assert await cache.get_meta("q", "k") is None
