"""Settling submissions a crash left between the intent and the service's answer: a job the service
created is confirmed whatever optional fields the operator left out, none is lost or doubled, and
settling is bounded in requests."""

from __future__ import annotations

import asyncio

import pytest

from deidtui.cache import JobCache
from deidtui.domain.models import JobSpec, Operation
from deidtui.engine import Notice

from ..support import deid_client

PROFILE = "test"  # local_profile's name
OPTIONAL_FIELDS = {
    "every optional field omitted": {},
    "target container given": {"target_location": "OTHER"},
    "target container given as the source": {"target_location": "SOURCE"},
    "Tag": {"operation": Operation.TAG},
    "Redact with a format": {"operation": Operation.REDACT, "redaction_format": "[{type}]"},
    "Surrogate with a locale": {"surrogate_locale": "fr-CA"},
    "extensions": {"extensions": ("*.txt", "*.note")},
    "overwrite": {"overwrite": True},
    "everything given": {
        "target_location": "OTHER",
        "operation": Operation.SURROGATE,
        "surrogate_locale": "en-GB",
        "extensions": ("*.txt",),
        "overwrite": True,
    },
}


def spec_with(container_url: str, fields: dict) -> JobSpec:
    other = container_url.rsplit("/", 1)[0] + "/elsewhere"
    values = {
        k: v.replace("OTHER", other).replace("SOURCE", container_url) if k.endswith("location") else v
        for k, v in fields.items()
    }
    return JobSpec(**{"source_location": container_url, "source_prefix": "in/", "target_prefix": "out/", **values})


async def crash_after_intent(path, name: str, spec: JobSpec, emulator_url: str | None) -> None:
    """What a crash leaves: the intent recorded and, if `emulator_url`, the PUT received by the
    service (with the body deidtui sends) but its answer never read."""
    async with await JobCache.open(path) as cache:
        await cache.record_intent(PROFILE, name, spec, kind="submit")
    if emulator_url is not None:
        async with deid_client(emulator_url) as client:
            await client.begin_deidentify_documents(name, spec.to_rest(), polling=False)


async def service_jobs(emulator_url: str) -> list[str]:
    async with deid_client(emulator_url) as client:
        return sorted([job.job_name async for job in client.list_jobs()])


@pytest.mark.parametrize("fields", list(OPTIONAL_FIELDS.values()), ids=list(OPTIONAL_FIELDS))
async def test_a_job_the_service_created_before_the_crash_is_confirmed(
    make_engine, emulator, container, tmp_path, fields
):
    spec = spec_with(container.url, fields)
    path = tmp_path / "cache.sqlite3"
    await crash_after_intent(path, "crashed", spec, emulator.url)
    engine = make_engine(emulator.url, cache_path=path, poll=False)
    subscription = engine.subscribe()
    await engine.start()
    settled = await engine.settle_intents()
    assert [(s.name, s.outcome) for s in settled] == [("crashed", "confirmed")]
    assert not await engine.pending_intents()
    audit = await engine.audit_log(target="crashed")
    assert [(e.action, e.outcome) for e in audit] == [("submit", "ok")]
    assert (await engine.job("crashed")) is not None
    warnings = [e for e in subscription.drain() if isinstance(e, Notice) and e.level != "info"]
    assert warnings == []
    assert await service_jobs(emulator.url) == ["crashed"]


async def test_a_submission_the_service_never_received_is_submitted_once(make_engine, emulator, container, tmp_path):
    spec = spec_with(container.url, {})
    path = tmp_path / "cache.sqlite3"
    await crash_after_intent(path, "never-sent", spec, None)
    engine = make_engine(emulator.url, cache_path=path, poll=False)
    await engine.start()
    settled = await engine.settle_intents()
    assert [(s.name, s.outcome) for s in settled] == [("never-sent", "submitted")]
    assert await engine.settle_intents() == []  # nothing left: settling again sends nothing
    assert await service_jobs(emulator.url) == ["never-sent"]


async def test_a_name_another_job_took_meanwhile_is_reported_and_not_submitted(
    make_engine, emulator, container, tmp_path
):
    path = tmp_path / "cache.sqlite3"
    await crash_after_intent(path, "contested", spec_with(container.url, {}), None)
    other = spec_with(container.url, {"operation": Operation.TAG})
    async with deid_client(emulator.url) as client:
        await client.begin_deidentify_documents("contested", other.to_rest(), polling=False)
    engine = make_engine(emulator.url, cache_path=path, poll=False)
    await engine.start()
    settled = await engine.settle_intents()
    assert [(s.name, s.outcome) for s in settled] == [("contested", "taken")]
    assert "different job" in settled[0].message
    assert not await engine.pending_intents()
    async with deid_client(emulator.url) as client:
        assert (await client.get_job("contested")).operation_type == "Tag"  # the other job, untouched


async def test_settling_is_bounded_in_requests_and_leaves_the_rest_pending(make_engine, emulator, container, tmp_path):
    path = tmp_path / "cache.sqlite3"
    for i in range(6):
        await crash_after_intent(path, f"pending-{i}", spec_with(container.url, {}), None)
    engine = make_engine(emulator.url, cache_path=path, poll=False)
    await engine.start()
    before = engine.budget.grants
    settled = await engine.settle_intents(max_requests=4)
    assert engine.budget.grants - before <= 4 + 1  # one settlement may finish past the allowance
    done = [s.name for s in settled if s.settled]
    assert 1 <= len(done) < 6
    assert {s.outcome for s in settled if not s.settled} == {"unsettled"}
    assert len(await engine.pending_intents()) == 6 - len(done)
    assert await service_jobs(emulator.url) == sorted(done)


async def test_two_deidtui_settling_the_same_intents_at_once_agree(make_engine, emulator, container, tmp_path):
    """Two commands started together after a crash both find the same pending intents: the PUT is
    idempotent, and whichever resolves an intent first has the word; neither fails."""
    path = tmp_path / "cache.sqlite3"
    names = [f"raced-{i}" for i in range(5)]
    for name in names:
        await crash_after_intent(path, name, spec_with(container.url, {}), None)
    first, second = (make_engine(emulator.url, cache_path=path, poll=False) for _ in range(2))
    await first.start()
    await second.start()
    settled = await asyncio.gather(first.settle_intents(), second.settle_intents())
    assert {s.name for batch in settled for s in batch} == set(names)
    assert all(s.settled for batch in settled for s in batch)
    assert not await first.pending_intents()
    assert await service_jobs(emulator.url) == names
