"""The assertions of the official SDK's own tests (azure-health-deidentification tests/: create-wait-
finish, create-list, create-cancel-delete, exception-throws, list-job-docs-pagination, hello-world),
replayed by our own code against the emulator at its default, realistic pace (shortened delays),
with the async client. test_sdk_test_replays_sync.py does the same with the sync client.

Where an SDK test sleeps in a loop or leaves the poller at its 30 s default, these wait on the
condition instead and poll every 0.2 s; every assertion the SDK test makes is made (sdk_assertions.py).
"""

from __future__ import annotations

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.health.deidentification.models import DeidentificationContent, DeidentificationOperationType

from ..support import deid_client, wait_for
from . import sdk_assertions as check
from .sdk_fixtures import QUICK_REALISTIC, seed_example_notes


@pytest.fixture
async def paced(emulator_factory, container):
    """An async client of an emulator at the realistic pace, and the location of the three notes."""
    seed_example_notes(container)
    emulator = emulator_factory(pacing=QUICK_REALISTIC)
    async with deid_client(emulator.url) as client:
        yield client, container.url


async def test_create_wait_finish(paced):
    client, location = paced
    job = check.job_for(location, operation_type=DeidentificationOperationType.SURROGATE)
    lro = await client.begin_deidentify_documents("create-wait-finish", job, polling_interval=0.2)
    await lro.wait()
    check.check_finished(await lro.result(), "create-wait-finish")
    check.check_finished_documents([d async for d in client.list_job_documents("create-wait-finish")])


async def test_create_list(paced):
    client, location = paced
    await client.begin_deidentify_documents("create-list", check.redact_job(location))
    found = None
    async for listed in client.list_jobs():
        if listed.job_name == "create-list":
            found = listed
            break
    check.check_listed(found, "create-list")


async def test_create_cancel_delete(paced):
    client, location = paced
    await client.begin_deidentify_documents("create-cancel-delete", check.job_for(location))

    async def out_of_the_queue():
        job = await client.get_job("create-cancel-delete")
        return job if job.status != "NotStarted" else None

    check.check_running(await wait_for(out_of_the_queue, interval=0.2))
    check.check_canceled(await client.cancel_job("create-cancel-delete"))
    await client.delete_job("create-cancel-delete")
    with pytest.raises(ResourceNotFoundError):
        await client.get_job("create-cancel-delete")


async def test_exception_throws(paced):
    client, location = paced
    job = check.job_for(location, prefix="no_files_in_this_folder", operation_type="Surrogate")
    lro = await client.begin_deidentify_documents("exception-throws", job, polling_interval=0.2)
    with pytest.raises(HttpResponseError):
        await lro.wait()
    check.check_empty_job(await client.get_job("exception-throws"))


async def test_list_job_docs_pagination(paced):
    client, location = paced
    lro = await client.begin_deidentify_documents("docs-pagination", check.redact_job(location), polling_interval=0.2)
    await lro.wait()
    check.check_unique_ids([d.id async for d in client.list_job_documents(job_name="docs-pagination", maxpagesize=2)])


async def test_hello_world(paced):
    client, _ = paced
    content = DeidentificationContent(input_text=check.HELLO, operation_type=DeidentificationOperationType.SURROGATE)
    check.check_hello(await client.deidentify_text(content))
