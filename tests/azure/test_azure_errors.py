"""Every SDK failure becomes one domain error with a title, a detail and the exact fix."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import aiohttp
import pytest
from azure.core.exceptions import AzureError, ClientAuthenticationError, ServiceRequestError, ServiceResponseError
from azure.identity import CredentialUnavailableError

from deidtui.azure.clients import Clients
from deidtui.azure.errors import parse_retry_after, translate
from deidtui.domain import errors as E

from .fake_azure_server import azure_error, storage_error

# (status, code, extra headers, operation, expected class, expected attributes)
DEID_CASES = [
    (400, "InvalidRequest", {}, "create job", E.ValidationFailed, {"target": "sourceLocation.prefix"}),
    (401, "Unauthorized", {}, "get job", E.AuthError, {"denied": False}),
    (403, "Forbidden", {}, "get job", E.AccessDenied, {"role": "DeID Batch Reader", "write": False}),
    (403, "Forbidden", {}, "create job", E.AccessDenied, {"role": "DeID Batch Owner", "write": True}),
    (403, "Forbidden", {}, "cancel job", E.AccessDenied, {"role": "DeID Batch Owner", "write": True}),
    (404, "NotFound", {}, "get job", E.NotFound, {}),
    (409, "Conflict", {}, "create job", E.Conflict, {}),
    (429, "TooManyRequests", {"Retry-After": "4"}, "list jobs", E.Throttled, {"retry_after": 4.0}),
    (429, "TooManyRequests", {}, "list jobs", E.Throttled, {"retry_after": None}),
    (500, "InternalServerError", {}, "get job", E.ServiceDown, {"retry_after": None}),
    (503, "ServiceUnavailable", {"Retry-After": "12"}, "get job", E.ServiceDown, {"retry_after": 12.0}),
]


@pytest.mark.parametrize(
    ("status", "code", "headers", "operation", "cls", "attrs"),
    DEID_CASES,
    ids=[f"{c[0]}-{c[3].replace(' ', '_')}" for c in DEID_CASES],
)
async def test_service_http_errors_translate_to_domain_errors(server, status, code, headers, operation, cls, attrs):
    server.respond = lambda r: azure_error(status, code, "service says no", target="sourceLocation.prefix", **headers)
    async with Clients(server.profile()) as clients:
        with pytest.raises(AzureError) as caught:
            await clients.deid.get_job("job-1")
    error = translate(caught.value, operation=operation, resource="job-1", credential_kind="cli")
    assert type(error) is cls
    assert (error.status, error.code, error.service_message) == (status, code, "service says no")
    assert error.operation == operation and error.resource == "job-1"
    assert error.title and error.detail
    for name, value in attrs.items():
        assert getattr(error, name) == value


async def test_a_401_hint_names_the_sign_in_command_of_the_credential_kind(server):
    server.respond = lambda r: azure_error(401, "Unauthorized", "token expired")
    async with Clients(server.profile()) as clients:
        with pytest.raises(ClientAuthenticationError) as caught:
            await clients.deid.get_job("job-1")
    assert "az login --use-device-code" in translate(caught.value, operation="get job", credential_kind="cli").hint
    assert "AZURE_CLIENT_SECRET" in translate(caught.value, operation="get job", credential_kind="environment").hint


async def test_a_403_on_the_service_names_the_missing_role_in_the_hint(server):
    server.respond = lambda r: azure_error(403, "Forbidden", "no")
    async with Clients(server.profile()) as clients:
        with pytest.raises(AzureError) as caught:
            await clients.deid.get_job("job-1")
    assert '"DeID Batch Reader"' in translate(caught.value, operation="list jobs").hint
    assert '"DeID Batch Owner"' in translate(caught.value, operation="delete job").hint
    assert "Real-time" in translate(caught.value, operation="de-identify text").hint


async def test_a_validation_error_carries_the_service_target_and_details(server):
    def respond(_request):
        return azure_error(400, "InvalidRequest", "bad spec", target="customizations.redactionFormat")

    server.respond = respond
    async with Clients(server.profile()) as clients:
        with pytest.raises(AzureError) as caught:
            await clients.deid.get_job("job-1")
    error = translate(caught.value, operation="create job")
    assert isinstance(error, E.ValidationFailed)
    assert error.target == "customizations.redactionFormat" and error.service_message == "bad spec"


STORAGE_CASES = [
    (403, "AuthorizationFailure", "list blobs", E.StorageNotReachable, {}),
    (403, "AuthorizationPermissionMismatch", "list blobs", E.MissingDataRole, {"role": "Storage Blob Data Reader"}),
    (403, "AuthorizationPermissionMismatch", "copy blob", E.MissingDataRole, {"role": "Storage Blob Data Contributor"}),
    (403, "AuthenticationFailed", "list blobs", E.AuthError, {}),
    (404, "ContainerNotFound", "list blobs", E.NotFound, {}),
    (503, "ServerBusy", "list blobs", E.ServiceDown, {}),
]


@pytest.mark.parametrize(
    ("status", "code", "operation", "cls", "attrs"),
    STORAGE_CASES,
    ids=[f"{c[1]}-{c[2].replace(' ', '_')}" for c in STORAGE_CASES],
)
async def test_storage_xml_errors_translate_to_domain_errors(server, status, code, operation, cls, attrs):
    server.respond = lambda r: storage_error(status, code, "This request is not authorized.")
    async with Clients(server.profile(), retry_total=0) as clients:
        container = clients.container(f"{server.url}/devstoreaccount1/input")
        with pytest.raises(AzureError) as caught:
            async for _ in container.list_blobs():
                pass
    # "service" is inferred: from the storage error code, or from the operation's wording.
    error = translate(caught.value, operation=operation, resource="input")
    assert type(error) is cls
    assert error.code == code and error.status == status
    assert error.service_message == "This request is not authorized."
    for name, value in attrs.items():
        assert getattr(error, name) == value


async def test_storage_network_block_says_jobs_are_unaffected_and_how_to_fix_it(server):
    server.respond = lambda r: storage_error(403, "AuthorizationFailure", "not authorized")
    async with Clients(server.profile(), retry_total=0) as clients:
        with pytest.raises(AzureError) as caught:
            await clients.container(f"{server.url}/devstoreaccount1/input").get_container_properties()
    error = translate(caught.value, operation="list blobs")
    assert isinstance(error, E.StorageNotReachable)
    assert "managed identity" in error.detail and "Jobs are unaffected" in error.detail
    assert "firewall" in error.hint and "private endpoint" in error.hint


async def test_service_text_stays_out_of_the_trusted_fields(server):
    hostile = "\x1b]8;;http://evil\x07click\x1b[31m[bold]x[/bold]"
    server.respond = lambda r: azure_error(400, "InvalidRequest", hostile, target="\x1b[1mname")
    async with Clients(server.profile()) as clients:
        with pytest.raises(AzureError) as caught:
            await clients.deid.get_job("job-1")
    error = translate(caught.value, operation="create job")
    assert error.service_message == hostile
    for trusted in (error.title, error.detail, error.hint, str(error)):
        assert "\x1b" not in trusted and "evil" not in trusted


async def test_a_refused_connection_is_a_network_error():
    with socket.socket() as probe:  # a port nobody listens on: bind, read it, close
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    from deidtui.config import Profile

    async with Clients(Profile(name="down", endpoint=f"http://127.0.0.1:{port}", credential="local")) as clients:
        with pytest.raises(ServiceRequestError) as caught:
            await clients.deid.get_job("job-1")
    error = translate(caught.value, operation="get job")
    assert isinstance(error, E.NetworkError) and error.transient


@pytest.mark.parametrize(
    ("exc", "cls"),
    [
        (ServiceRequestError("dns"), E.NetworkError),
        (ServiceResponseError("reset"), E.NetworkError),
        (aiohttp.ClientConnectionError("reset"), E.NetworkError),
        (TimeoutError(), E.NetworkError),
        (ConnectionResetError(), E.NetworkError),
        (CredentialUnavailableError("Please run 'az login' to set up an account"), E.AuthError),
        (ClientAuthenticationError("AADSTS700082: refresh token expired"), E.AuthError),
        (ValueError("surprise"), E.DeidError),
    ],
)
def test_errors_without_an_http_answer_translate_by_type(exc, cls):
    error = translate(exc, operation="list jobs", credential_kind="cli")
    assert type(error) is cls


def test_credential_errors_point_at_the_kind_specific_sign_in():
    error = translate(CredentialUnavailableError("not logged in"), operation="list jobs", credential_kind="cli")
    assert "az login --use-device-code" in error.hint and error.credential_kind == "cli"
    assert error.service_message == "not logged in"


def test_a_domain_error_is_translated_once_and_passes_through_unchanged():
    original = E.NotFound("gone")
    assert translate(original, operation="get job") is original


def test_an_unexpected_exception_is_named_but_not_disguised_as_a_service_error():
    error = translate(KeyError("x"), operation="get job")
    assert error.title == "Unexpected error" and "KeyError" in error.detail and not error.transient


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "3"}, 3.0),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"Retry-After": "Thu, 01 Jan 2026 00:00:10 GMT"}, 10.0),
        ({"Retry-After": "-5"}, 0.0),
        ({"Retry-After": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_is_read_in_seconds_ms_or_as_a_date(headers, expected):
    now = datetime(2026, 1, 1, tzinfo=UTC)
    lowered = {k.lower(): v for k, v in headers.items()}
    assert parse_retry_after(lowered, now=now) == expected
