"""Actions under faults report what the service did: an idempotent action is retried within the
budget, and after a failure that leaves the outcome unknown (a dropped connection, a 5xx) the job
is read back before anything is reported."""

from __future__ import annotations

import pytest

from deidtui.domain.errors import NetworkError
from deidtui.domain.models import JobSpec, JobStatus

from ..fault_proxy import Fault, fault_proxy
from ..support import deid_client

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."


async def running_job(emulator_url: str, container, name: str) -> None:
    """A job that keeps running for a while (slow documents), created straight on the service."""
    for i in range(5):
        container.put(f"in/{i}.txt", NOTE)
    spec = JobSpec(source_location=container.url, source_prefix="in/", target_prefix=f"{name}/")
    async with deid_client(emulator_url) as client:
        await client.begin_deidentify_documents(name, spec.to_rest(), polling=False)


async def service_status(emulator_url: str, name: str) -> str:
    async with deid_client(emulator_url) as client:
        return (await client.get_job(name)).status


CANCEL_FAULTS = {
    "answer lost after the service canceled": Fault("drop-after", "POST", ":cancel"),
    "connection dropped before the service saw it": Fault("drop-before", "POST", ":cancel"),
    "503 before the service acted": Fault("answer", "POST", ":cancel", status=503, headers={"Retry-After": "1"}),
    "429 with Retry-After": Fault("answer", "POST", ":cancel", status=429, headers={"Retry-After": "1"}),
}


@pytest.mark.parametrize("fault", list(CANCEL_FAULTS.values()), ids=list(CANCEL_FAULTS))
async def test_a_cancel_under_a_fault_is_reported_as_the_service_did_it(
    make_engine, emulator_factory, container, fault
):
    emulator = emulator_factory(doc_delay_ms=2000, concurrency=1)
    await running_job(emulator.url, container, "to-cancel")
    with fault_proxy(emulator.url) as proxy:
        proxy.add_fault(fault)
        engine = make_engine(proxy.url, poll=False)
        await engine.start()
        [result] = await engine.cancel(["to-cancel"])
    assert result.ok and result.message == "Canceled to-cancel", result.message
    assert await service_status(emulator.url, "to-cancel") == "Canceled"
    assert (await engine.job("to-cancel")).status is JobStatus.CANCELED
    cancels = [r for r in proxy.requests if r.endswith(":cancel")]
    # Sent again only when the service had not acted: a lost answer is read back instead.
    assert len(cancels) == (1 if fault.kind == "drop-after" else 2), proxy.requests
    assert [(e.action, e.outcome) for e in await engine.audit_log(target="to-cancel")] == [("cancel", "ok")]


async def test_a_cancel_the_service_never_confirms_is_reported_as_unconfirmed(make_engine, emulator_factory, container):
    emulator = emulator_factory(doc_delay_ms=2000, concurrency=1)
    await running_job(emulator.url, container, "unreachable")
    with fault_proxy(emulator.url) as proxy:
        proxy.add_fault(Fault("drop-before", "POST", ":cancel", times=100))
        engine = make_engine(proxy.url, poll=False)
        await engine.start()
        [result] = await engine.cancel(["unreachable"])
    assert not result.ok and isinstance(result.error, NetworkError)
    assert await service_status(emulator.url, "unreachable") == "Running"
    cancels = [r for r in proxy.requests if r.endswith(":cancel")]
    reads = [r for r in proxy.requests if r.startswith("GET /jobs/unreachable")]
    assert len(cancels) == 4 and len(reads) == 4  # every attempt was read back, within the budget


async def test_cancelling_a_job_that_finished_meanwhile_is_not_reported_as_canceled(make_engine, emulator, container):
    container.put("in/0.txt", NOTE)
    engine = make_engine(emulator.url, poll=False)
    await engine.start()
    await engine.submit(JobSpec(source_location=container.url, source_prefix="in/", target_prefix="out/"), "quick")
    # The cache still says it runs (it was just submitted); the service has finished it since.
    async with deid_client(emulator.url) as client:
        poller = await client.begin_deidentify_documents(
            "quick",
            JobSpec(source_location=container.url, source_prefix="in/", target_prefix="out/").to_rest(),
            polling_interval=0.05,
        )
        await poller.result()
    [result] = await engine.cancel(["quick"])
    assert result.skipped and not result.ok
    assert result.message == "quick already finished (Succeeded)"


async def test_a_delete_whose_answer_was_lost_is_reported_done(make_engine, emulator, container):
    container.put("in/0.txt", NOTE)
    spec = JobSpec(source_location=container.url, source_prefix="in/", target_prefix="out/")
    async with deid_client(emulator.url) as client:
        poller = await client.begin_deidentify_documents("to-delete", spec.to_rest(), polling_interval=0.05)
        await poller.result()
    with fault_proxy(emulator.url) as proxy:
        proxy.add_fault(Fault("drop-after", "DELETE", "/jobs/to-delete"))
        engine = make_engine(proxy.url, poll=False)
        await engine.start()
        await engine.sync_job("to-delete")
        [result] = await engine.delete(["to-delete"])
    assert result.ok, result.message
    assert (await engine.job("to-delete")).deleted
    async with deid_client(emulator.url) as client:
        assert [j.job_name async for j in client.list_jobs()] == []
