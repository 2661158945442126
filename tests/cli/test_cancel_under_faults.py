"""`jobs cancel` reports what the service did, through a lost answer or a 429."""

from __future__ import annotations

import asyncio

import pytest

from deidtui.domain.models import JobSpec

from ..fault_proxy import Fault, fault_proxy
from ..support import deid_client

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."


@pytest.fixture
def slow_emulator(emulator_factory):
    return emulator_factory(doc_delay_ms=2000, concurrency=1)


def start_job(emulator_url: str, container, name: str) -> None:
    for i in range(5):
        container.put(f"in/{i}.txt", NOTE)
    spec = JobSpec(source_location=container.url, source_prefix="in/", target_prefix="out/")

    async def create() -> None:
        async with deid_client(emulator_url) as client:
            await client.begin_deidentify_documents(name, spec.to_rest(), polling=False)

    asyncio.run(create())


@pytest.mark.parametrize(
    "fault",
    [
        Fault("drop-after", "POST", ":cancel"),
        Fault("answer", "POST", ":cancel", status=429, headers={"Retry-After": "1"}),
    ],
    ids=["answer lost after the service canceled", "one 429"],
)
def test_jobs_cancel_says_canceled_when_the_service_canceled(deidtui, slow_emulator, container, fault):
    start_job(slow_emulator.url, container, "nightly")
    with fault_proxy(slow_emulator.url) as proxy:
        proxy.add_fault(fault)
        result = deidtui("jobs", "cancel", "nightly", env={"DEIDTUI_ENDPOINT": proxy.url})
    assert result.code == 0, result.err
    assert result.out.strip() == "canceled nightly"
    assert "Could not reach" not in result.err


def test_jobs_cancel_that_cannot_be_confirmed_exits_8_and_says_so(deidtui, slow_emulator, container):
    start_job(slow_emulator.url, container, "nightly")
    with fault_proxy(slow_emulator.url) as proxy:
        proxy.add_fault(Fault("drop-before", "POST", ":cancel", times=100))
        result = deidtui("jobs", "cancel", "nightly", env={"DEIDTUI_ENDPOINT": proxy.url})
    assert result.code == 8
    assert "could not be confirmed; it was still Running when last read back" in result.err
