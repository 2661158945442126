"""Fixtures for tests/azure: a local fake of the service and of blob storage."""

from __future__ import annotations

import pytest
from aiohttp import web

from .fake_azure_server import FakeServer


@pytest.fixture
async def server():
    """A FakeServer listening on 127.0.0.1; see fake_azure_server.py."""
    fake = FakeServer()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", fake.handle)
    runner = web.AppRunner(app, access_log=None)  # the fake server's own log is not under test
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    fake.url = f"http://{host}:{port}"
    yield fake
    await runner.cleanup()
