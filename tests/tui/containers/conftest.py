"""Fixtures for the containers pane and the new-job form: an engine on the emulator and Azurite.

The engine runs with polling off: these tests drive storage browsing, checks, previews and
submissions, and a background poller would only add noise.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from aiohttp import web

from deidtui.config import PollSettings, Profile
from deidtui.engine import Engine
from tests.azure.fake_azure_server import FakeServer
from tests.support import local_profile


@pytest.fixture
def make_engine(azurite, tmp_path) -> Callable[..., Engine]:
    """Engines (not started) on a fresh cache; `connection_string=None` gives a profile without storage."""

    def make(endpoint: str, *, connection_string: str | bool | None = True, read_only: bool = False) -> Engine:
        if connection_string is None:
            profile = Profile(
                name="test",
                endpoint=endpoint,
                credential="local",
                read_only=read_only,
                poll=PollSettings(active_interval=0.2, sweep_interval=1.0),
            )
        else:
            conn = azurite.connection_string if connection_string is True else connection_string
            profile = local_profile(endpoint, conn, read_only=read_only)
        return Engine(profile, cache_path=tmp_path / f"cache-{id(profile)}.sqlite3", poll=False)

    return make


@pytest.fixture
async def engine(make_engine, emulator) -> AsyncIterator[Engine]:
    started = make_engine(emulator.url)
    await started.start()
    yield started
    await started.stop()


@pytest.fixture
async def fake_storage() -> AsyncIterator[FakeServer]:
    """An HTTP server standing in for a storage account that refuses this machine (set `respond`)."""
    fake = FakeServer()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", fake.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    fake.url = f"http://{host}:{port}"
    yield fake
    await runner.cleanup()
