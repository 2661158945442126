"""Jobs survive an emulator restart, and a running job resumes without redoing finished documents."""

from __future__ import annotations

from azure.health.deidentification.models import OperationStatus

from ..support import deid_client, job_body, wait_for
from .rest import all_documents

NOTE = "Patient John Smith was seen on 10/12/2023."


async def test_running_job_resumes_after_restart_without_redoing_finished_documents(
    emulator_factory, container, tmp_path
):
    state_dir = tmp_path / "state"
    for i in range(12):
        container.put(f"in/{i:02}.txt", NOTE)
    first = emulator_factory(state_dir=state_dir, doc_delay_ms=100, concurrency=1)
    async with deid_client(first.url) as client:
        await client.begin_deidentify_documents("survivor", job_body(container.url, "in/", "out/"))

        async def three_done():
            docs = [d async for d in client.list_job_documents("survivor")]
            return [d for d in docs if d.status == OperationStatus.SUCCEEDED] if len(docs) == 12 else None

        await wait_for(lambda: _at_least(three_done, 3))
        raw_before = await all_documents(first.url, "survivor")
    first.stop()
    etags_before = {d["input"]["location"]: d["output"]["eTag"] for d in raw_before if d["status"] == "Succeeded"}
    assert len(etags_before) >= 3
    written_before = {
        name: container.client.get_blob_client(name).get_blob_properties().etag.strip('"')
        for name in container.names("out/")
    }

    second = emulator_factory(state_dir=state_dir)
    async with deid_client(second.url) as client:
        job = await wait_for(lambda: _terminal(client, "survivor"))
        assert job.status == OperationStatus.SUCCEEDED and job.summary.successful_count == 12
    docs = {d["input"]["location"]: d for d in await all_documents(second.url, "survivor")}
    for location, etag in etags_before.items():
        assert docs[location]["output"]["eTag"] == etag  # not processed again
    for name, etag in written_before.items():
        assert container.client.get_blob_client(name).get_blob_properties().etag.strip('"') == etag
    assert len(container.names("out/")) == 12


async def test_finished_jobs_are_still_listed_after_restart(emulator_factory, container, tmp_path):
    state_dir = tmp_path / "state"
    container.put("in/a.txt", NOTE)
    first = emulator_factory(state_dir=state_dir)
    async with deid_client(first.url) as client:
        await client.begin_deidentify_documents("kept", job_body(container.url, "in/", "out/"))
        before = await wait_for(lambda: _terminal(client, "kept"))
    first.stop()
    second = emulator_factory(state_dir=state_dir)
    async with deid_client(second.url) as client:
        after = await client.get_job("kept")
    assert after.status == before.status and after.summary == before.summary
    assert after.created_at == before.created_at


async def _at_least(fetch, n):
    docs = await fetch()
    return docs if docs and len(docs) >= n else None


async def _terminal(client, name):
    job = await client.get_job(name)
    return job if job.status in ("Succeeded", "Failed", "Canceled") else None
