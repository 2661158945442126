"""What the built clients put on the wire: tokens only over loopback http, no hidden retries."""

from __future__ import annotations

import logging

import pytest
from aiohttp import web
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError, ServiceRequestError
from azure.health.deidentification.aio import DeidentificationClient

from deidtui import __version__
from deidtui.azure import clients as clients_module
from deidtui.azure.clients import Clients
from deidtui.azure.errors import translate
from deidtui.azure.loopback import DEID_SCOPE, LocalCredential, LoopbackHttpBearerPolicy
from deidtui.domain.errors import ServiceDown, Throttled

from .fake_azure_server import azure_error, storage_error


async def test_bearer_token_goes_over_http_to_a_loopback_endpoint(server):
    server.respond = lambda r: azure_error(404, "NotFound", "no such job")
    async with Clients(server.profile()) as clients:
        with pytest.raises(ResourceNotFoundError):
            await clients.deid.get_job("job-1")
    assert server.requests[0].headers["Authorization"] == f"Bearer {LocalCredential.TOKEN}"
    assert server.requests[0].path == "/jobs/job-1"
    assert server.requests[0].query["api-version"] == "2024-11-15"


@pytest.mark.parametrize("endpoint", ["http://deid.example.com", "http://127.0.0.1.example.com:8080"])
async def test_bearer_token_is_refused_over_http_to_any_other_host(endpoint):
    credential = LocalCredential()
    client = DeidentificationClient(
        endpoint, credential, retry_total=0, authentication_policy=LoopbackHttpBearerPolicy(credential, DEID_SCOPE)
    )
    async with client:
        with pytest.raises(ServiceRequestError, match="non-TLS"):
            await client.get_job("job-1")


async def test_a_503_reaches_the_caller_after_exactly_one_request(server):
    server.respond = lambda r: azure_error(503, "ServiceUnavailable", "down for maintenance")
    async with Clients(server.profile()) as clients:
        with pytest.raises(HttpResponseError) as caught:
            await clients.deid.get_job("job-1")
    assert len(server.requests) == 1
    assert isinstance(translate(caught.value, operation="get job"), ServiceDown)


async def test_a_429_is_not_retried_by_the_sdk_and_keeps_its_retry_after(server):
    server.respond = lambda r: azure_error(429, "TooManyRequests", "slow down", **{"Retry-After": "7"})
    async with Clients(server.profile()) as clients:
        with pytest.raises(HttpResponseError) as caught:
            await clients.deid.get_job("job-1")
    assert len(server.requests) == 1
    error = translate(caught.value, operation="get job")
    assert isinstance(error, Throttled) and error.retry_after == 7.0


async def test_listing_jobs_pages_are_not_retried_either(server):
    server.respond = lambda r: azure_error(500, "InternalServerError", "boom")
    async with Clients(server.profile()) as clients:
        with pytest.raises(HttpResponseError):
            async for _ in clients.deid.list_jobs():
                pass
    assert len(server.requests) == 1


async def test_storage_browsing_retries_twice(server, monkeypatch):
    monkeypatch.setattr(clients_module, "STORAGE_RETRY_BACKOFF", 0.0)  # the count matters here, not the wait
    server.respond = lambda r: storage_error(503, "ServerBusy", "busy")
    async with Clients(server.profile()) as clients:
        container = clients.container(f"{server.url}/devstoreaccount1/input")
        with pytest.raises(HttpResponseError):
            await container.get_container_properties()
    assert len(server.requests) == 1 + clients_module.STORAGE_RETRY_TOTAL


async def test_requests_carry_the_deidtui_user_agent(server):
    server.respond = lambda r: azure_error(404, "NotFound", "x")
    async with Clients(server.profile()) as clients:
        with pytest.raises(ResourceNotFoundError):
            await clients.deid.get_job("job-1")
    assert server.requests[0].headers["User-Agent"].startswith(f"deidtui/{__version__}")


async def test_sas_is_sent_as_the_query_and_never_logged(server, caplog):
    secret_sig = "c2VjcmV0LXNpZ25hdHVyZQ%3D%3D"
    server.respond = lambda r: web.Response(status=200, headers={"x-ms-version": "2025-01-05"})
    profile = server.profile(
        storage_connection_string=None,
        storage_account_urls=[f"{server.url}/devstoreaccount1"],
        storage_sas=f"sv=2022-11-02&sp=rl&se=2030-01-01&sig={secret_sig}",
    )
    caplog.set_level(logging.DEBUG)
    async with Clients(profile) as clients:
        await clients.container(f"{server.url}/devstoreaccount1/input").get_container_properties()
    assert server.requests[0].query["sig"] == "c2VjcmV0LXNpZ25hdHVyZQ=="
    assert "c2VjcmV0" not in caplog.text


async def test_the_http_logging_policy_logs_nothing_even_at_debug(server, caplog):
    server.respond = lambda r: azure_error(404, "NotFound", "x")
    caplog.set_level(logging.DEBUG)
    async with Clients(server.profile()) as clients:
        with pytest.raises(ResourceNotFoundError):
            await clients.deid.get_job("job-1")
    assert [r for r in caplog.records if r.name == clients_module.HTTP_LOGGER] == []
    assert LocalCredential.TOKEN not in caplog.text


def _drop_connection(request: web.Request) -> web.Response:
    """Handle the request, then drop the connection: the client never hears the answer."""
    assert request.transport is not None
    request.transport.abort()
    return web.Response(status=500)


SERVICE_CALLS = {
    "get job": lambda deid: deid.get_job("job-1"),
    "delete job": lambda deid: deid.delete_job("job-1"),
    "create job": lambda deid: deid.begin_deidentify_documents(
        "job-1",
        {
            "sourceLocation": {"location": "https://a.blob.core.windows.net/c", "prefix": "in/"},
            "targetLocation": {"location": "https://a.blob.core.windows.net/c", "prefix": "out/"},
        },
        polling=False,
    ),
    "cancel job": lambda deid: deid.cancel_job("job-1"),
    "list jobs": lambda deid: anext(aiter(deid.list_jobs())),
}


@pytest.mark.parametrize("call", list(SERVICE_CALLS))
@pytest.mark.parametrize("warm", [False, True], ids=["fresh connection", "reused connection"])
async def test_a_dropped_connection_is_never_sent_again_behind_the_budget(server, call, warm):
    """aiohttp re-sends an idempotent request once when a connection drops (RFC 9112's retry of
    a persistent connection): a request the budget never granted and the activity log never saw."""
    async with Clients(server.profile()) as clients:
        if warm:  # a first answer leaves a kept-alive connection in the pool
            server.respond = lambda r: azure_error(404, "NotFound", "no such job")
            with pytest.raises(ResourceNotFoundError):
                await clients.deid.get_job("warm-up")
        server.requests.clear()
        server.respond = _drop_connection
        with pytest.raises(ServiceRequestError):
            await SERVICE_CALLS[call](clients.deid)
    assert len(server.requests) == 1, [f"{r.method} {r.path}" for r in server.requests]
