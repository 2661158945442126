"""Every operation of the official async SDK, unmodified, against the emulator and Azurite."""

from __future__ import annotations

import pytest
from azure.core.exceptions import ResourceExistsError, ResourceNotFoundError
from azure.health.deidentification.models import (
    DeidentificationContent,
    DeidentificationJob,
    OperationStatus,
    SourceStorageLocation,
    TargetStorageLocation,
)

from ..support import job_body, run_job, wait_for
from .rest import all_documents

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."


async def test_begin_deidentify_documents_waits_on_poller_to_success(client, container):
    for i in range(3):
        container.put(f"in/note{i}.txt", NOTE)
    job = DeidentificationJob(
        operation_type="Surrogate",
        source_location=SourceStorageLocation(location=container.url, prefix="in/"),
        target_location=TargetStorageLocation(location=container.url, prefix="out/"),
    )
    poller = await client.begin_deidentify_documents("sdk-job", job, polling_interval=0.05)
    finished = await poller.result()
    assert finished.job_name == "sdk-job"
    assert finished.status == OperationStatus.SUCCEEDED
    assert finished.summary.total_count == 3 and finished.summary.successful_count == 3
    assert finished.summary.bytes_processed == 3 * len(NOTE)
    assert finished.started_at is not None and finished.created_at <= finished.last_updated_at
    assert container.names("out/") == ["out/note0.txt", "out/note1.txt", "out/note2.txt"]


async def test_running_job_reports_its_summary_as_documents_finish(emulator_factory, container):
    from ..support import deid_client

    emulator = emulator_factory(doc_delay_ms=300, concurrency=1)
    for i in range(4):
        container.put(f"in/{i}.txt", NOTE)
    async with deid_client(emulator.url) as client:
        await client.begin_deidentify_documents("slow", job_body(container.url, "in/", "out/"))
        running = await wait_for(lambda: _status(client, "slow", OperationStatus.RUNNING))
        assert running.summary is not None and running.summary.total_count == 4
        partway = await wait_for(lambda: _partway(client, "slow"))
        assert partway.status == OperationStatus.RUNNING and 0 < partway.summary.successful_count < 4
        done = await wait_for(lambda: _terminal(client, "slow"))
        assert done.summary.successful_count == 4 and done.summary.bytes_processed == 4 * len(NOTE)


async def test_summary_can_be_withheld_until_terminal_as_the_specification_says(emulator_factory, container):
    from ..support import deid_client

    emulator = emulator_factory(doc_delay_ms=300, concurrency=1, summary_while_running=False)
    for i in range(4):
        container.put(f"in/{i}.txt", NOTE)
    async with deid_client(emulator.url) as client:
        await client.begin_deidentify_documents("slow", job_body(container.url, "in/", "out/"))
        running = await wait_for(lambda: _status(client, "slow", OperationStatus.RUNNING))
        assert running.summary is None
        listed = [job async for job in client.list_jobs()]
        assert listed[0].status == OperationStatus.RUNNING and listed[0].summary is None
        done = await wait_for(lambda: _terminal(client, "slow"))
        assert done.summary is not None and done.summary.successful_count == 4


async def _partway(client, name):
    job = await client.get_job(name)
    return job if job.summary is not None and job.summary.successful_count > 0 else None


async def _status(client, name, status):
    job = await client.get_job(name)
    return job if job.status == status else None


async def _terminal(client, name):
    job = await client.get_job(name)
    return job if job.status in ("Succeeded", "Failed", "Canceled") else None


async def test_list_jobs_pages_through_next_link_newest_first(client, container):
    container.put("in/a.txt", NOTE)
    names = [f"page-job-{i}" for i in range(7)]
    for name in names:
        await client.begin_deidentify_documents(name, job_body(container.url, "in/", f"out-{name}/"))
    pages = client.list_jobs(maxpagesize=3).by_page()
    page_sizes, seen = [], []
    async for page in pages:
        items = [job.job_name async for job in page]
        page_sizes.append(len(items))
        seen.extend(items)
    assert page_sizes == [3, 3, 1]
    assert seen == list(reversed(names))


async def test_list_job_documents_pages_and_reports_each_document(client, emulator, container):
    for i in range(5):
        container.put(f"docs/n{i}.txt", NOTE)
    await run_job(client, "docs-job", job_body(container.url, "docs/", "docs-out/"))
    pages = client.list_job_documents("docs-job", maxpagesize=2).by_page()
    sizes, docs = [], []
    async for page in pages:
        items = [doc async for doc in page]
        sizes.append(len(items))
        docs.extend(items)
    assert sizes == [2, 2, 1]
    assert {d.input_location.location.rsplit("/", 1)[1] for d in docs} == {f"n{i}.txt" for i in range(5)}
    assert all(d.status == OperationStatus.SUCCEEDED for d in docs)
    assert all(d.output_location.location.startswith(container.url + "/docs-out/") for d in docs)
    assert len({d.id for d in docs}) == 5
    # SDK 1.0.0 reads `etag`; the service (and the emulator) send `eTag`, which only raw JSON shows.
    assert all(d.input_location.etag is None for d in docs)
    raw = await all_documents(emulator.url, "docs-job")
    assert all(d["input"]["eTag"] and d["output"]["eTag"] for d in raw)


async def test_cancel_mid_job_keeps_finished_outputs_and_cancels_the_rest(emulator_factory, container):
    from ..support import deid_client

    emulator = emulator_factory(doc_delay_ms=150, concurrency=1)
    for i in range(20):
        container.put(f"in/{i:02}.txt", NOTE)
    async with deid_client(emulator.url) as client:
        await client.begin_deidentify_documents("to-cancel", job_body(container.url, "in/", "out/"))
        await wait_for(lambda: _some_done(client, "to-cancel"))
        canceled = await client.cancel_job("to-cancel")
        assert canceled.status == OperationStatus.CANCELED
        await wait_for(lambda: _no_running(client, "to-cancel"))
        docs = [d async for d in client.list_job_documents("to-cancel")]
        done = [d for d in docs if d.status == OperationStatus.SUCCEEDED]
        assert done and any(d.status == OperationStatus.CANCELED for d in docs)
        assert len(container.names("out/")) == len(done)
        final = await client.get_job("to-cancel")
        assert final.summary.canceled_count + final.summary.successful_count == 20
        # Cancelling a finished job changes nothing.
        again = await client.cancel_job("to-cancel")
        assert again.status == OperationStatus.CANCELED and again.summary == final.summary


async def _some_done(client, name):
    return any([d async for d in client.list_job_documents(name) if d.status == OperationStatus.SUCCEEDED])


async def _no_running(client, name):
    return not any([d async for d in client.list_job_documents(name) if d.status == OperationStatus.RUNNING])


async def test_cancel_of_finished_job_is_a_no_op(client, container):
    container.put("in/a.txt", NOTE)
    done = await run_job(client, "finished", job_body(container.url, "in/", "out/"))
    assert done.status == OperationStatus.SUCCEEDED
    after = await client.cancel_job("finished")
    assert after.status == OperationStatus.SUCCEEDED and after.summary == done.summary


async def test_delete_removes_the_record_but_never_the_documents(client, container):
    container.put("in/a.txt", NOTE)
    await run_job(client, "to-delete", job_body(container.url, "in/", "out/"))
    await client.delete_job("to-delete")
    with pytest.raises(ResourceNotFoundError):
        await client.get_job("to-delete")
    with pytest.raises(ResourceNotFoundError):
        await client.delete_job("to-delete")
    assert container.names() == ["in/a.txt", "out/a.txt"]


async def test_same_put_twice_is_idempotent_and_a_different_spec_conflicts(client, container):
    container.put("in/a.txt", NOTE)
    body = job_body(container.url, "in/", "out/")
    first = await run_job(client, "idem", body)
    poller = await client.begin_deidentify_documents("idem", body, polling_interval=0.05)
    again = await poller.result()
    assert again.created_at == first.created_at and again.status == first.status
    assert len([j async for j in client.list_jobs()]) == 1
    with pytest.raises(ResourceExistsError) as info:
        await client.begin_deidentify_documents("idem", job_body(container.url, "in/", "elsewhere/"))
    assert info.value.error.code == "JobAlreadyExists"


async def test_get_unknown_job_is_404(client):
    with pytest.raises(ResourceNotFoundError) as info:
        await client.get_job("no-such-job")
    assert info.value.error.code == "JobNotFound"


@pytest.mark.parametrize("operation", ["Tag", "Redact", "Surrogate"])
async def test_deidentify_text_answers_each_operation(client, operation):
    text = "Julie Tremblay a été consultée par Dr. Marc Lavoie le 10 Janvier"
    result = await client.deidentify_text(DeidentificationContent(input_text=text, operation_type=operation))
    if operation == "Tag":
        assert result.output_text is None
        categories = {e.category for e in result.tagger_result.entities}
        assert {"Patient", "Doctor", "Date"} <= categories
    else:
        assert result.output_text and result.output_text != text
        assert "Julie Tremblay" not in result.output_text
