"""The Fleet: several services' engines side by side, on real emulators (one throttling, one
healthy) and, for what may run where, on engines that were never started."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from deidtui.domain.jobs import JobView
from deidtui.domain.models import JobStatus
from deidtui.engine import Engine, EngineState, Fleet, JobChanged, Throttling
from deidtui.engine.fleet import ServiceEvent, per_service
from tests.cache.factories import job
from tests.support import deid_client, foreign_spec, local_profile, wait_for


def view(name: str, service: str, status: JobStatus = JobStatus.RUNNING) -> JobView:
    now = datetime.now(UTC)
    return JobView(job(name, status), service, now, now, False, None, None, None)


def test_what_may_run_is_asked_of_each_jobs_own_service(tmp_path):
    east = Engine(local_profile("http://127.0.0.1:9", "UseDevelopmentStorage=true", name="east"))
    west = Engine(local_profile("http://127.0.0.1:9", "UseDevelopmentStorage=true", name="west", read_only=True))
    fleet = Fleet([east, west])
    running_west = [view("nightly", "west")]
    reason = fleet.cannot("cancel", running_west)
    assert reason is not None and reason.startswith("west: this profile is read-only")
    both = [view("nightly", "east"), view("nightly", "west")]
    reason = fleet.cannot("cancel", both)  # east has not started: each service's own reason, named
    assert (
        reason is not None
        and "east: deidtui is still connecting" in reason
        and "west: this profile is read-only" in reason
    )
    assert fleet.by_service(both) == {"east": [both[0]], "west": [both[1]]}
    assert per_service({"east": 3, "west": 1}) == "3 jobs on east, 1 job on west"
    assert not fleet.all_read_only
    with pytest.raises(ValueError, match="twice"):
        Fleet([east, Engine(local_profile("http://127.0.0.1:9", "UseDevelopmentStorage=true", name="east"))])


async def test_a_throttled_service_does_not_hold_back_the_others_news(azurite, emulator_factory, tmp_path):
    healthy = emulator_factory()
    throttling = emulator_factory(
        throttle=True, throttle_limit=3, throttle_window=30.0, state_dir=tmp_path / "throttling-state"
    )
    async with deid_client(throttling.url, retry_total=0) as client:
        for i in range(3):  # the whole budget of its window: the engine's first requests get 429
            await client.begin_deidentify_documents(f"bulk-{i}", foreign_spec(i), polling=False)
    cache = tmp_path / "fleet.sqlite3"
    poll = {"active_interval": 0.2, "sweep_interval": 0.5}
    fleet = Fleet(
        [
            Engine(local_profile(healthy.url, azurite.connection_string, name="healthy", **poll), cache_path=cache),
            Engine(local_profile(throttling.url, azurite.connection_string, name="slow", **poll), cache_path=cache),
        ]
    )
    subscription = fleet.subscribe()
    seen: list[ServiceEvent] = []
    throttled_until = 0.0
    try:
        await fleet.open()
        assert all(error is None for error in (await fleet.start()).values())

        def throttled() -> bool:
            nonlocal throttled_until
            for item in subscription.drain():
                seen.append(item)
                if item.service == "slow" and isinstance(item.event, Throttling):
                    throttled_until = max(throttled_until, item.event.until)
            return throttled_until > time.monotonic()

        await wait_for(throttled, timeout=30)
        async with deid_client(healthy.url) as client:
            await client.begin_deidentify_documents("news", foreign_spec(1), polling=False)

        def news_arrived() -> bool:
            throttled()
            return any(
                item.service == "healthy" and isinstance(item.event, JobChanged) and item.event.brief.name == "news"
                for item in seen
            )

        await wait_for(news_arrived, timeout=30)
        # The healthy service's job arrived while the other, told to wait, had listed nothing yet.
        assert not any(item.service == "slow" and isinstance(item.event, JobChanged) for item in seen)
        assert fleet.engine("healthy").state is EngineState.ONLINE
        assert all(
            item.event.brief.profile == item.service for item in seen if isinstance(item.event, JobChanged)
        )  # every job is tagged with the service it came from
    finally:
        subscription.close()
        await fleet.stop()
