"""Doctor's sign-in, role and storage checks: each fails for its own reason and shows its fix."""

from __future__ import annotations

import base64
import contextlib
import json
import time

from deidtui.engine.doctor import NOT_DEEP, RUN_CONTAINER, Status
from deidtui.engine.doctor.identity import credential_used, token_claims, who

from ..support import deid_client
from .conftest import doctor, only_failures, profile_for, statuses

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."


def name_of(container) -> str:
    return container.url.rsplit("/", 1)[1]


async def test_every_check_passes_against_the_emulator_and_azurite_and_the_probes_leave_nothing(
    emulator, azurite, container
):
    container.put("notes/a.txt", NOTE)
    report = await doctor(profile_for(emulator.url, azurite.connection_string), deep=True, container=name_of(container))
    assert {c.id: c.status for c in report.checks if c.status is not Status.OK} == {}, report.checks
    assert report.exit_code == 0
    assert "EmptyJob" in report.check("service-storage").observed
    assert "Tag job" in report.check("deep").observed
    assert container.names() == ["notes/a.txt"]  # probe blobs and outputs removed
    async with deid_client(emulator.url) as client:
        assert [job.job_name async for job in client.list_jobs()] == []  # probe jobs deleted


async def test_a_sign_in_that_cannot_get_a_token_is_an_environment_failure_with_the_sign_in_fix(
    emulator, azurite, container, monkeypatch
):
    for name in ("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH"):
        monkeypatch.delenv(name, raising=False)
    profile = profile_for(emulator.url, azurite.connection_string, credential="environment")
    report = await doctor(profile, container=name_of(container))
    sign_in = report.check("sign-in")
    assert sign_in.status is Status.FAILED and "environment" in sign_in.observed
    assert "AZURE_CLIENT_ID" in sign_in.fix
    assert report.check("deid-read").status is Status.SKIPPED and report.check("deid-read").after == "sign-in"
    assert report.check("storage").status is Status.OK  # a storage key needs no sign-in
    assert report.exit_code == 3


def _jwt(claims: dict) -> str:
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return f"eyJhbGciOiJub25lIn0.{body}.c2ln"


def test_the_sign_in_names_the_identity_the_tenant_and_the_credential_of_the_chain():
    claims = token_claims(_jwt({"upn": "ana@contoso.example", "oid": "1111", "tid": "2222"}))
    assert claims == {"upn": "ana@contoso.example", "oid": "1111", "tid": "2222"}
    assert who(claims) == "ana@contoso.example"
    assert who({"appid": "abcd"}) == "application abcd"
    assert token_claims("not-a-jwt") is None

    class AzureCliCredential:
        pass

    class Chain:
        _successful_credential = AzureCliCredential()

    assert credential_used(Chain()) == "the Azure CLI (az login)"


async def test_the_sign_in_names_the_chains_credential_the_identity_and_tenant_and_fixes_use_the_object_id(
    emulator_factory, azurite, container, monkeypatch
):
    """Only Entra ID issues real tokens: a stand-in chain plays DefaultAzureCredential, whose Azure
    CLI member signs in with a token naming a user, an object id and another tenant."""
    from azure.core.credentials import AccessToken

    class AzureCliCredential:
        async def get_token(self, *scopes, **options):
            claims = {"upn": "ana@contoso.example", "oid": "1111-aaaa", "tid": "2222-bbbb"}
            return AccessToken(_jwt(claims), int(time.time()) + 3600)

    class DefaultAzureCredential:
        def __init__(self) -> None:
            self._successful_credential = None

        async def get_token(self, *scopes, **options):
            member = AzureCliCredential()
            token = await member.get_token(*scopes)
            self._successful_credential = member
            return token

        async def close(self) -> None:
            pass

    monkeypatch.setattr("deidtui.engine.doctor.context.build_credential", lambda *a, **k: DefaultAzureCredential())
    emulator = emulator_factory(caller_role="none")
    profile = profile_for(emulator.url, azurite.connection_string, credential="default", tenant_id="3333-cccc")
    report = await doctor(profile, container=name_of(container))
    sign_in = report.check("sign-in")
    assert sign_in.status is Status.WARNING, sign_in
    assert "the Azure CLI (az login) as ana@contoso.example" in sign_in.observed
    assert "object id 1111-aaaa, tenant 2222-bbbb" in sign_in.observed and "3333-cccc" in sign_in.observed
    assert sign_in.fix == "az login --use-device-code --tenant 3333-cccc"
    read = report.check("deid-read")
    assert read.status is Status.FAILED and "--assignee 1111-aaaa " in read.fix  # no lookup: the token named it


async def test_a_caller_without_a_deid_role_is_told_which_role_to_ask_for(emulator_factory, azurite, container):
    emulator = emulator_factory(caller_role="none")
    report = await doctor(profile_for(emulator.url, azurite.connection_string), container=name_of(container))
    read = report.check("deid-read")
    assert read.status is Status.FAILED and "403 AuthorizationFailed" in read.observed
    assert '--role "DeID Batch Reader"' in read.fix and f"properties.serviceUrl =~ '{emulator.url}'" in read.fix
    assert report.check("deid-write").after == "deid-read"
    assert only_failures(report) == {"deid-read"} and report.exit_code == 1


async def test_a_reader_may_not_create_the_probe_job_and_is_told_to_ask_for_batch_owner(
    emulator_factory, azurite, container
):
    emulator = emulator_factory(caller_role="reader")
    report = await doctor(profile_for(emulator.url, azurite.connection_string), container=name_of(container))
    assert report.check("deid-read").status is Status.OK
    write = report.check("deid-write")
    assert write.status is Status.FAILED and "jobs/write" in write.observed
    assert '--role "DeID Batch Owner"' in write.fix
    assert report.check("service-storage").status is Status.SKIPPED
    assert report.check("service-storage").after == "deid-write"


async def test_a_read_only_profile_skips_what_writes_and_passes(emulator, azurite, container):
    profile = profile_for(emulator.url, azurite.connection_string, read_only=True)
    report = await doctor(profile, container=name_of(container))
    seen = statuses(report)
    assert seen["deid-write"] is Status.SKIPPED and "read-only" in report.check("deid-write").observed
    assert seen["storage-write"] is Status.SKIPPED
    assert seen["service-storage"] is Status.SKIPPED and "read-only" in report.check("service-storage").observed
    assert report.exit_code == 0


async def test_a_storage_firewall_is_told_apart_and_the_service_still_reaches_storage(
    emulator_factory, azurite, container, gate
):
    gated = gate(operator="firewall")  # the service passes, as a trusted Azure service does
    through = gated.connection_string(azurite.connection_string)
    emulator = emulator_factory(storage_connection_string=through)
    report = await doctor(profile_for(emulator.url, through), container=name_of(container))
    storage = report.check("storage")
    assert storage.status is Status.FAILED and "403 AuthorizationFailure" in storage.observed
    assert "network-rule add --account-name devstoreaccount1" in storage.fix
    assert report.check("service-storage").status is Status.OK  # the tutorial's set-up: jobs still work
    assert report.exit_code == 1


async def test_a_missing_storage_role_is_told_apart_from_a_firewall(emulator_factory, azurite, container, gate):
    gated = gate(operator="no-role")
    through = gated.connection_string(azurite.connection_string)
    emulator = emulator_factory(storage_connection_string=through)
    report = await doctor(profile_for(emulator.url, through), container=name_of(container))
    storage = report.check("storage")
    assert storage.status is Status.FAILED and "AuthorizationPermissionMismatch" in storage.observed
    assert '--role "Storage Blob Data Reader"' in storage.fix and "network-rule" not in storage.fix


async def test_a_container_that_does_not_exist_is_named_with_the_command_that_creates_it(emulator, azurite):
    report = await doctor(profile_for(emulator.url, azurite.connection_string), container="no-such-container")
    storage = report.check("storage")
    assert storage.status is Status.FAILED and "does not exist" in storage.observed
    assert "az storage container create --account-name devstoreaccount1 --name no-such-container" in storage.fix
    service = report.check("service-storage")
    assert service.status is Status.FAILED and "ContainerNotFound" in service.observed


async def test_a_read_only_storage_role_fails_the_write_check_with_the_contributor_fix(
    emulator_factory, azurite, container, gate
):
    gated = gate(operator="read-only")
    through = gated.connection_string(azurite.connection_string)
    emulator = emulator_factory(storage_connection_string=through)
    report = await doctor(profile_for(emulator.url, through), deep=True, container=name_of(container))
    assert report.check("storage").status is Status.OK
    write = report.check("storage-write")
    assert write.status is Status.FAILED and "AuthorizationPermissionMismatch" in write.observed
    assert '--role "Storage Blob Data Contributor"' in write.fix
    assert report.check("deep").after == "storage-write"


async def test_a_managed_identity_without_storage_access_fails_the_probe_job_with_the_identity_fix(
    emulator_factory, azurite, container
):
    emulator = emulator_factory(identity_storage="none")
    report = await doctor(profile_for(emulator.url, azurite.connection_string), deep=True, container=name_of(container))
    service = report.check("service-storage")
    assert service.status is Status.FAILED and "StorageAccessDenied" in service.observed
    assert "identity.principalId" in service.fix and "--assignee-object-id" in service.fix
    assert '"Storage Blob Data Contributor"' in service.fix and "--name devstoreaccount1" in service.fix
    assert report.check("deep").after == "service-storage"
    async with deid_client(emulator.url) as client:
        assert [job.job_name async for job in client.list_jobs()] == []


async def test_storage_refusing_the_identity_is_caught_by_the_probe_job(emulator_factory, azurite, container, gate):
    gated = gate(service="no-role")  # the operator passes; the service's identity has no role
    through = gated.connection_string(azurite.connection_string)
    emulator = emulator_factory(storage_connection_string=through)
    report = await doctor(profile_for(emulator.url, through), container=name_of(container))
    assert report.check("storage").status is Status.OK
    service = report.check("service-storage")
    assert service.status is Status.FAILED and "AuthorizationPermissionMismatch" in service.observed


async def test_only_the_deep_probe_finds_an_identity_that_may_read_but_not_write(emulator_factory, azurite, container):
    emulator = emulator_factory(identity_storage="reader")
    profile = profile_for(emulator.url, azurite.connection_string)
    shallow = await doctor(profile, container=name_of(container))
    assert shallow.exit_code == 0 and shallow.check("deep").observed == NOT_DEEP
    deep = await doctor(profile, deep=True, container=name_of(container))
    check = deep.check("deep")
    assert check.status is Status.FAILED and "could not write the output" in check.observed
    assert "Storage Blob Data Contributor" in check.fix
    assert container.names() == []  # the probe document is removed even when the job fails


async def test_behind_a_firewall_a_missing_default_container_still_proves_the_service_reaches_the_account(
    emulator_factory, azurite, blob_service, gate
):
    """The operator cannot look (firewall), so the probe goes to `deidtui-runs`; the service's "not
    found" proves it was let in, and the report says so instead of blaming the container."""
    from azure.core.exceptions import ResourceNotFoundError

    with contextlib.suppress(ResourceNotFoundError):
        blob_service.delete_container(RUN_CONTAINER)
    gated = gate(operator="firewall")
    through = gated.connection_string(azurite.connection_string)
    emulator = emulator_factory(storage_connection_string=through)
    report = await doctor(profile_for(emulator.url, through))
    assert report.check("storage").status is Status.FAILED
    service = report.check("service-storage")
    assert service.status is Status.WARNING, service
    assert "reached storage account devstoreaccount1" in service.observed and "ContainerNotFound" in service.observed
    assert f"--name {RUN_CONTAINER}" in service.fix and "deidtui doctor --container NAME" in service.fix
