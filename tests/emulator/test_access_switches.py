"""The emulator plays the services `deidtui doctor` must diagnose: a caller without a DeID role, a
managed identity without a storage role, a clock that is off, a service that serves one version;
and the storage stand-in refuses as a firewall or a missing role does."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime

import pytest
from azure.core.exceptions import HttpResponseError
from azure.health.deidentification.models import OperationStatus
from azure.storage.blob import ContainerClient

from deidtui.emulator.config import ConfigError, EmulatorConfig
from deidtui.local.storage_gate import StorageGate

from ..support import deid_client, job_body, run_job
from .rest import API, PREVIEW, call

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."


async def test_a_caller_without_a_role_gets_403_on_every_job_call(emulator_factory):
    emulator = emulator_factory(caller_role="none")
    status, headers, body = await call("GET", f"{emulator.url}/jobs?{API}")
    assert status == 403 and headers["x-ms-error-code"] == "AuthorizationFailed"
    assert "deidServices/jobs/read" in body["error"]["message"]
    assert headers["api-supported-versions"]  # errors announce the versions too


async def test_a_reader_may_list_jobs_but_not_create_or_cancel_them(emulator_factory, container):
    emulator = emulator_factory(caller_role="reader")
    assert (await call("GET", f"{emulator.url}/jobs?{API}"))[0] == 200
    status, _, body = await call("PUT", f"{emulator.url}/jobs/x1?{API}", json=job_body(container.url, "in/", "o/"))
    assert status == 403 and "jobs/write" in body["error"]["message"]
    assert (await call("POST", f"{emulator.url}/jobs/x1:cancel?{API}"))[0] == 403


async def test_an_identity_without_storage_access_fails_jobs_with_storage_access_denied(emulator_factory, container):
    container.put("in/a.txt", NOTE)
    async with deid_client(emulator_factory(identity_storage="none").url) as client:
        job = await run_job(client, "no-access", job_body(container.url, "in/", "out/"))
    assert job.status == OperationStatus.FAILED
    assert job.error.code == "StorageAccessDenied" and "Storage Blob Data Contributor" in job.error.message
    assert container.names("out/") == []


async def test_an_identity_that_may_only_read_lists_the_source_but_writes_nothing(emulator_factory, container):
    container.put("in/a.txt", NOTE)
    async with deid_client(emulator_factory(identity_storage="reader").url) as client:
        job = await run_job(client, "read-only-identity", job_body(container.url, "in/", "out/"))
        empty = await run_job(client, "read-only-empty", job_body(container.url, "nothing/", "out2/"))
        documents = [d async for d in client.list_job_documents("read-only-identity")]
    assert job.status == OperationStatus.FAILED and job.summary.failed_count == 1
    assert documents[0].error.code == "StorageAccessDenied"
    assert empty.error.code == "EmptyJob"  # listing works: an empty probe cannot tell reader from contributor
    assert container.names("out/") == []


async def test_clock_skew_moves_the_date_header(emulator_factory):
    emulator = emulator_factory(clock_skew=-600)
    _, headers, _ = await call("GET", f"{emulator.url}/jobs?{API}")
    skew = parsedate_to_datetime(headers["Date"]).timestamp() - time.time()
    assert -610 < skew < -590


async def test_a_service_serving_one_version_announces_it_and_refuses_the_other(emulator_factory):
    emulator = emulator_factory(api_versions=("2024-11-15",))
    status, headers, body = await call("GET", f"{emulator.url}/jobs?api-version={PREVIEW}")
    assert status == 400 and body["error"]["code"] == "UnsupportedApiVersion"
    assert headers["api-supported-versions"] == "2024-11-15"
    assert (await call("GET", f"{emulator.url}/jobs?{API}"))[0] == 200


@pytest.mark.parametrize(
    ("settings", "needle"),
    [
        ({"caller_role": "admin"}, "--caller-role"),
        ({"identity_storage": "owner"}, "--identity-storage"),
        ({"api_versions": ("2023-01-01",)}, "--api-versions"),
    ],
)
def test_bad_switches_are_explained(settings, needle):
    with pytest.raises(ConfigError, match=needle):
        EmulatorConfig(**settings)


def test_the_gate_refuses_the_operator_as_a_firewall_does_and_lets_the_service_through(azurite, container):
    with StorageGate(azurite.url, operator="firewall") as gate:
        name = container.url.rsplit("/", 1)[1]
        through = ContainerClient.from_connection_string(gate.connection_string(azurite.connection_string), name)
        with pytest.raises(HttpResponseError) as refused:
            list(through.list_blobs())
        assert refused.value.status_code == 403 and refused.value.error_code == "AuthorizationFailure"
        gate.operator = "read-only"
        assert list(through.list_blobs()) == []
        with pytest.raises(HttpResponseError) as no_write:
            through.upload_blob("x.txt", b"x")
        assert no_write.value.error_code == "AuthorizationPermissionMismatch"
        gate.operator = "allow"
        through.upload_blob("x.txt", b"x")
        assert gate.counts("PUT")[f"/devstoreaccount1/{name}/x.txt"] == 1


async def test_storage_refusing_the_identity_fails_the_job_with_storage_access_denied(
    emulator_factory, azurite, container
):
    container.put("in/a.txt", NOTE)
    with StorageGate(azurite.url, service="no-role") as gate:
        emulator = emulator_factory(storage_connection_string=gate.connection_string(azurite.connection_string))
        url = f"{gate.url}/devstoreaccount1/{container.url.rsplit('/', 1)[1]}"
        async with deid_client(emulator.url) as client:
            job = await run_job(client, "gated", job_body(url, "in/", "out/"))
    assert job.status == OperationStatus.FAILED
    assert job.error.code == "StorageAccessDenied" and "AuthorizationPermissionMismatch" in job.error.message
