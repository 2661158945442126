"""The official SDK tests' assertions with the sync client (requests), over https, at the
emulator's default, realistic pace (shortened delays). See test_sdk_test_replays.py."""

from __future__ import annotations

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.health.deidentification.models import DeidentificationContent, DeidentificationOperationType

from ..support import wait_until
from . import sdk_assertions as check
from .sdk_fixtures import QUICK_REALISTIC, seed_example_notes, sync_client


@pytest.fixture
def paced(emulator_factory, container):
    """A sync client of an emulator at the realistic pace (over https), and the notes' location."""
    seed_example_notes(container)
    emulator = emulator_factory(pacing=QUICK_REALISTIC, tls=True)
    with sync_client(emulator) as client:
        yield client, container.url


def test_create_wait_finish(paced):
    client, location = paced
    job = check.job_for(location, operation_type=DeidentificationOperationType.SURROGATE)
    lro = client.begin_deidentify_documents("create-wait-finish", job, polling_interval=0.2)
    lro.wait(timeout=60)
    check.check_finished(lro.result(), "create-wait-finish")
    check.check_finished_documents(list(client.list_job_documents("create-wait-finish")))


def test_create_list(paced):
    client, location = paced
    client.begin_deidentify_documents("create-list", check.redact_job(location))
    found = next((j for j in client.list_jobs() if j.job_name == "create-list"), None)
    check.check_listed(found, "create-list")


def test_create_cancel_delete(paced):
    client, location = paced
    client.begin_deidentify_documents("create-cancel-delete", check.job_for(location))

    def out_of_the_queue():
        job = client.get_job("create-cancel-delete")
        return job if job.status != "NotStarted" else None

    check.check_running(wait_until(out_of_the_queue, interval=0.2))
    check.check_canceled(client.cancel_job("create-cancel-delete"))
    client.delete_job("create-cancel-delete")
    with pytest.raises(ResourceNotFoundError):
        client.get_job("create-cancel-delete")


def test_exception_throws(paced):
    client, location = paced
    job = check.job_for(location, prefix="no_files_in_this_folder", operation_type="Surrogate")
    lro = client.begin_deidentify_documents("exception-throws", job, polling_interval=0.2)
    with pytest.raises(HttpResponseError):
        lro.wait(timeout=60)
    check.check_empty_job(client.get_job("exception-throws"))


def test_list_job_docs_pagination(paced):
    client, location = paced
    lro = client.begin_deidentify_documents("docs-pagination", check.redact_job(location), polling_interval=0.2)
    lro.wait(timeout=60)
    check.check_unique_ids([d.id for d in client.list_job_documents(job_name="docs-pagination", maxpagesize=2)])


def test_hello_world(paced):
    client, _ = paced
    content = DeidentificationContent(input_text=check.HELLO, operation_type=DeidentificationOperationType.SURROGATE)
    check.check_hello(client.deidentify_text(content))
