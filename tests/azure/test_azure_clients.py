"""Building clients from a profile: credentials per kind, routing container URLs, closing everything."""

from __future__ import annotations

import asyncio
import threading

import aiohttp
import pytest
from aiohttp import web
from azure.core.credentials import AccessToken, AccessTokenInfo
from azure.core.exceptions import AzureError
from azure.identity import aio as identity

from deidtui.azure import clients as clients_module
from deidtui.azure.clients import Clients, account_key
from deidtui.azure.credentials import AsyncDeviceCodeCredential, build_credential
from deidtui.azure.loopback import LocalCredential
from deidtui.config import Profile
from deidtui.domain.errors import StorageAccountNotConfigured, ValidationFailed

from .fake_azure_server import DEV_KEY, UnclosedDetector, azure_error

CONN = (
    "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
    f"AccountKey={DEV_KEY};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"
)


def _prod_profile(**changes) -> Profile:
    values = {
        "name": "prod",
        "endpoint": "https://x.api.eus001.deid.azure.com",
        "credential": "local",
        "storage_account_urls": [
            "https://acct1.blob.core.windows.net",
            "https://acct2.blob.core.windows.net/?sv=2022&sp=rl&sig=abc",
        ],
    }
    values.update(changes)
    return Profile(**values)


async def test_leaving_the_context_closes_every_session_with_no_unclosed_warning(server):
    server.respond = lambda r: (
        azure_error(404, "NotFound", "x")
        if r.path.startswith("/jobs")
        else web.Response(status=200, headers={"x-ms-version": "2025-01-05"})
    )
    with UnclosedDetector(asyncio.get_running_loop()) as detector:
        async with Clients(server.profile()) as clients:
            with pytest.raises(AzureError):
                await clients.deid.get_job("job-1")  # opens the deid client's session
            await clients.container(f"{server.url}/devstoreaccount1/input").get_container_properties()
        assert len(server.requests) == 2
        del clients
        assert detector.collect() == []


async def test_the_unclosed_session_detector_does_catch_a_leak():
    # Guards the test above against passing because the detector sees nothing.
    with UnclosedDetector(asyncio.get_running_loop()) as detector:
        session = aiohttp.ClientSession()
        del session
        assert any("Unclosed client session" in r for r in detector.collect())


async def test_closing_closes_the_credential_it_built_but_not_one_it_was_given(monkeypatch):
    closed = []

    class SpyCredential(LocalCredential):
        async def close(self) -> None:
            closed.append(self)

    built = SpyCredential()
    monkeypatch.setattr(clients_module, "build_credential", lambda profile, **kw: built)
    async with Clients(_prod_profile()):
        pass
    assert closed == [built]
    given = SpyCredential()
    async with Clients(_prod_profile(), credential=given):
        pass
    assert closed == [built]


async def test_a_container_url_routes_to_the_configured_account():
    async with Clients(_prod_profile()) as clients:
        container = clients.container("https://acct2.blob.core.windows.net/input")
        assert container.account_name == "acct2" and container.container_name == "input"
        assert container.url.startswith("https://acct2.blob.core.windows.net/input")
        assert clients.container("https://acct1.blob.core.windows.net/out").account_name == "acct1"


async def test_an_unknown_account_is_a_clear_domain_error():
    async with Clients(_prod_profile()) as clients:
        with pytest.raises(StorageAccountNotConfigured) as caught:
            clients.container("https://other.blob.core.windows.net/input")
    assert "acct1" in caught.value.detail and "storage.account_urls" in caught.value.hint
    assert caught.value.resource == "https://other.blob.core.windows.net/input"


async def test_a_malformed_container_url_is_a_validation_error():
    async with Clients(_prod_profile()) as clients:
        with pytest.raises(ValidationFailed):
            clients.container("https://acct1.blob.core.windows.net/")


async def test_a_connection_string_profile_serves_its_account_under_either_loopback_name():
    profile = Profile(name="demo", endpoint="http://127.0.0.1:5000", credential="local", storage_connection_string=CONN)
    async with Clients(profile) as clients:
        assert clients.container("http://127.0.0.1:10000/devstoreaccount1/notes").account_name == "devstoreaccount1"
        assert clients.container("http://localhost:10000/devstoreaccount1/notes").container_name == "notes"
        with pytest.raises(StorageAccountNotConfigured):
            clients.container("http://127.0.0.1:10000/otheraccount/notes")


async def test_each_account_gets_the_right_storage_credential():
    profile = _prod_profile(
        storage_sas="sv=2022&sp=rl&sig=zzz",
        storage_account_urls=[
            "https://acct1.blob.core.windows.net",
            "https://acct2.blob.core.windows.net/?sv=2022&sig=abc",
        ],
    )
    async with Clients(profile) as clients:
        acct1 = clients.blob_services[account_key("https://acct1.blob.core.windows.net")]
        acct2 = clients.blob_services[account_key("https://acct2.blob.core.windows.net")]
        assert "sig=zzz" in acct1.url and "sig=abc" in acct2.url
    async with Clients(_prod_profile(storage_account_urls=["https://acct3.blob.core.windows.net"])) as clients:
        assert next(iter(clients.blob_services.values())).credential is clients.credential


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("default", identity.DefaultAzureCredential),
        ("cli", identity.AzureCliCredential),
        ("managed-identity", identity.ManagedIdentityCredential),
        ("environment", identity.EnvironmentCredential),
        ("device-code", AsyncDeviceCodeCredential),
        ("local", LocalCredential),
    ],
)
async def test_each_credential_kind_builds_its_credential(kind, cls):
    credential = build_credential(_prod_profile(credential=kind, tenant_id="t-1", authority="usgov", client_id="c-1"))
    try:
        assert isinstance(credential, cls)
    finally:
        await credential.close()


async def test_the_cli_credential_gets_the_profile_tenant():
    credential = build_credential(_prod_profile(credential="cli", tenant_id="tenant-42"))
    try:
        assert credential.tenant_id == "tenant-42"
    finally:
        await credential.close()


class FakeSyncDeviceCode:
    """Stands in for azure.identity.DeviceCodeCredential: prompts, then returns a token."""

    def __init__(self, **kwargs) -> None:
        self.kwargs = kwargs
        self.active = 0
        self.max_active = 0
        self.closed = False

    def get_token(self, *scopes, **kwargs) -> AccessToken:
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            self.kwargs["prompt_callback"]("https://microsoft.com/devicelogin", "ABCD-1234", None)
            threading.Event().wait(0.05)  # a sign-in takes a while; overlapping calls would show here
            return AccessToken("token-" + ",".join(scopes), 0)
        finally:
            self.active -= 1

    def get_token_info(self, *scopes, options=None) -> AccessTokenInfo:
        return AccessTokenInfo("info-" + ",".join(scopes), 0)

    def close(self) -> None:
        self.closed = True


async def test_device_code_prompt_reaches_the_ui_on_the_event_loop_thread():
    prompts = []
    credential = AsyncDeviceCodeCredential(
        lambda uri, code, expires: prompts.append((uri, code, threading.current_thread())),
        tenant_id="t-1",
        _factory=FakeSyncDeviceCode,
    )
    token = await credential.get_token("https://deid.azure.com/.default")
    await asyncio.sleep(0)  # let the hopped callback run
    assert token.token == "token-https://deid.azure.com/.default"
    assert prompts == [("https://microsoft.com/devicelogin", "ABCD-1234", threading.current_thread())]
    assert credential._sync.kwargs["tenant_id"] == "t-1"
    assert (await credential.get_token_info("s")).token == "info-s"
    await credential.close()
    assert credential._sync.closed


async def test_concurrent_device_code_requests_run_one_sign_in_at_a_time():
    credential = AsyncDeviceCodeCredential(lambda *a: None, _factory=FakeSyncDeviceCode)
    await asyncio.gather(*(credential.get_token("s") for _ in range(3)))
    assert credential._sync.max_active == 1
