"""Listings read as the service sent them, through the SDK client's own pipeline (`send_request`):
pages followed by nextLink on the client's endpoint only, and an answer that is not a page
explained, never a traceback."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from deidtui.domain.api_versions import GA
from deidtui.domain.errors import DeidError
from deidtui.engine.activity import ActivityLog
from deidtui.engine.budget import Priority, RequestBudget
from deidtui.engine.events import EventBus
from deidtui.engine.service import ServiceGateway

from ..support import deid_client


def job_item(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "operation": "Redact",
        "status": "Succeeded",
        "createdAt": "2026-01-01T00:00:00Z",
        "lastUpdatedAt": "2026-01-01T00:01:00Z",
        "sourceLocation": {"location": "https://a.blob.core.windows.net/notes", "prefix": "in/"},
        "targetLocation": {"location": "https://a.blob.core.windows.net/notes", "prefix": "out/"},
    }


@dataclass
class Refused:
    status: int
    body: dict[str, Any]


@pytest.fixture
async def service() -> AsyncIterator[tuple[TestServer, list[web.Request], dict[str, Any]]]:
    """A fake service: GET /jobs answers what `answers` holds for its continuationToken."""
    asked: list[web.Request] = []
    answers: dict[str, Any] = {}

    async def jobs(request: web.Request) -> web.Response:
        asked.append(request)
        answer = answers[request.query.get("continuationToken", "")]
        if isinstance(answer, Refused):
            return web.json_response(answer.body, status=answer.status)
        body = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_get("/jobs", jobs)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield server, asked, answers
    await server.close()


async def pages_of(url: str) -> list[list[str]]:
    async with deid_client(url) as client:
        gateway = ServiceGateway(client, RequestBudget(), ActivityLog(), EventBus(), lambda *_: None, api_version=GA)
        return [[item["name"] for item in page] async for page in gateway.list_jobs(Priority.SWEEP, 2)]


async def test_pages_follow_next_link_on_the_clients_own_endpoint(service) -> None:
    server, asked, answers = service
    answers[""] = {"value": [job_item("a"), job_item("b")], "nextLink": "https://203.0.113.9/jobs?continuationToken=t2"}
    answers["t2"] = {"value": [job_item("c")]}
    assert await pages_of(str(server.make_url(""))) == [["a", "b"], ["c"]]
    # The second page was asked of the endpoint the client was built for, not the host the page
    # named (a token is never sent elsewhere), with the client's api-version and the page size.
    assert [dict(r.query) for r in asked] == [
        {"api-version": GA, "maxpagesize": "2"},
        {"api-version": GA, "continuationToken": "t2"},
    ]
    assert all(r.headers.get("Authorization", "").startswith("Bearer ") for r in asked)


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (b"<html>gateway timeout</html>", "not JSON"),
        ([1], "not a page of results"),
        ({"value": "nope"}, "no list under 'value'"),
        ({"value": [1, 2]}, "not a JSON object"),
        ({"value": [], "nextLink": 5}, "nextLink is not text"),
    ],
)
async def test_an_answer_that_is_not_a_page_is_explained(service, answer: object, said: str) -> None:
    server, _asked, answers = service
    answers[""] = answer
    with pytest.raises(DeidError) as raised:
        await pages_of(str(server.make_url("")))
    assert raised.value.title == "Unexpected answer", (raised.value.detail, raised.value.service_message)
    assert said in raised.value.detail and "list jobs" in raised.value.detail


async def test_a_refused_listing_says_what_the_service_said(service) -> None:
    server, _asked, answers = service
    answers[""] = Refused(403, {"error": {"code": "Forbidden", "message": "The principal lacks the Reader role."}})
    with pytest.raises(DeidError) as raised:
        await pages_of(str(server.make_url("")))
    assert raised.value.status == 403 and raised.value.code == "Forbidden"
    assert "Reader role" in (raised.value.service_message or "")
