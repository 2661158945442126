"""The access guard of `deidtui serve`, in process and without a browser: what a request without
the token gets (a 403 before any handler, no session), how the token becomes a cookie, and the
websocket's same-origin rule. The browser tests show the same from Chromium."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from deidtui.web.access import AccessGuard
from deidtui.web.sessions import DashboardServer

TOKEN = "the-token-for-these-tests"
WEBSOCKET = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13"}
# Never run: every request below is refused or answered before a session would start one.
NEVER_RUN = [sys.executable, "-c", "raise SystemExit('a dashboard was started')"]


async def _client(secure: bool) -> tuple[TestClient, DashboardServer]:
    server = DashboardServer(NEVER_RUN, guard=AccessGuard(TOKEN, secure=secure), public_url="", max_sessions=2)
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    server.public_url = str(client.make_url("")).rstrip("/")
    server.guard.public_origin = server.public_url
    return client, server


@pytest.fixture
async def served() -> AsyncIterator[tuple[TestClient, DashboardServer]]:
    client, server = await _client(secure=False)
    yield client, server
    await client.close()


def _cookie(server: DashboardServer) -> dict[str, str]:
    return {"Cookie": f"{server.guard.cookie_name}={TOKEN}"}


@pytest.mark.parametrize("query", ["", "?access_token=wrong", "?access_token=", f"?access_token={TOKEN}x"])
@pytest.mark.parametrize("path", ["/", "/static/js/textual.js", "/ws"])
async def test_without_the_token_every_path_is_refused_before_anything_runs(served, path, query):
    client, server = served
    headers = WEBSOCKET if path == "/ws" else {}
    response = await client.get(path + query, headers=headers, allow_redirects=False)
    assert response.status == 403
    body = await response.text()
    assert body.startswith("403 Forbidden") and "?access_token=..." in body
    assert response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert server.sessions_started == 0


async def test_the_token_in_the_url_becomes_a_strict_httponly_cookie_and_leaves_the_url(served):
    client, server = served
    response = await client.get(f"/?access_token={TOKEN}&theme=dark", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/?theme=dark"  # the other parameters are kept
    cookie = response.cookies[server.guard.cookie_name]
    assert cookie.value == TOKEN
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/"
    assert not cookie["secure"]  # plain http on loopback: a Secure cookie would never come back

    page = await client.get("/", headers=_cookie(server))
    assert page.status == 200
    assert "<html" in (await page.text()).lower()
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    script = await client.get("/static/js/textual.js", headers=_cookie(server))
    assert script.status == 200 and script.headers["Cache-Control"].startswith("private")
    assert server.sessions_started == 0  # a page is not a session: only its websocket is


async def test_the_cookie_is_secure_when_browsers_see_https():
    client, server = await _client(secure=True)
    try:
        response = await client.get(f"/?access_token={TOKEN}", allow_redirects=False)
        assert response.cookies[server.guard.cookie_name]["secure"]
    finally:
        await client.close()


async def test_a_websocket_from_another_site_is_refused_even_with_the_cookie(served):
    """Another site open in the operator's browser cannot drive the dashboard with their cookie."""
    client, server = served
    for origin in ("https://evil.example", "null", server.public_url.replace("127.0.0.1", "localhost")):
        response = await client.get("/ws", headers={**WEBSOCKET, **_cookie(server), "Origin": origin})
        assert response.status == 403, origin
    assert server.sessions_started == 0
