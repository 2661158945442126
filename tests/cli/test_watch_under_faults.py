"""`jobs watch` of many jobs on a flaky but working service is watched to the end, and its exit code
is the jobs' real outcome."""

from __future__ import annotations

import asyncio

import pytest

from deidtui.domain.models import JobSpec
from deidtui.emulator.config import ChaosConfig

from ..support import deid_client

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."


def create_jobs(emulator_url: str, specs: dict[str, JobSpec]) -> None:
    async def create() -> None:
        # The SDK's own retries get the jobs created through the chaos; the watch is what is tested.
        async with deid_client(emulator_url, retry_total=20, retry_backoff_factor=0.05) as client:
            for name, spec in specs.items():
                await client.begin_deidentify_documents(name, spec.to_rest(), polling=False)

    asyncio.run(create())


def service_statuses(emulator_url: str) -> dict[str, str]:
    async def read() -> dict[str, str]:
        async with deid_client(emulator_url, retry_total=20, retry_backoff_factor=0.05) as client:
            return {job.job_name: job.status async for job in client.list_jobs()}

    return asyncio.run(read())


@pytest.mark.slow
def test_watching_20_jobs_through_a_quarter_of_requests_failing_ends_with_their_outcome(
    deidtui, emulator_factory, container
):
    chaos = emulator_factory(
        chaos=ChaosConfig(error_rate=0.2, reset_rate=0.05, seed=15), doc_delay_ms=300, concurrency=4
    )
    for i in range(2):
        container.put(f"in/{i}.txt", NOTE)
    specs = {
        f"flaky-{i:02}": JobSpec(source_location=container.url, source_prefix="in/", target_prefix=f"out{i}/")
        for i in range(19)
    }
    specs["flaky-empty"] = JobSpec(source_location=container.url, source_prefix="nothing/", target_prefix="x/")
    create_jobs(chaos.url, specs)
    result = deidtui("jobs", "watch", *specs, "--interval", "0.3", env={"DEIDTUI_ENDPOINT": chaos.url}, timeout=240)
    statuses = service_statuses(chaos.url)
    assert set(statuses.values()) == {"Succeeded", "Failed"} and statuses["flaky-empty"] == "Failed"
    assert result.code == 1, result.err[-2000:]  # one job failed (its prefix matched nothing): exit 1
    assert "giving up" not in result.err


def test_watching_a_service_that_answers_nothing_gives_up_with_exit_8(deidtui):
    result = deidtui("jobs", "watch", "any-job", "--interval", "0.05", env={"DEIDTUI_ENDPOINT": "http://127.0.0.1:9"})
    assert result.code == 8
    assert "any-job: 8 reads in a row failed; giving up" in result.err
