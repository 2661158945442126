"""A whole dashboard (DeidApp) on a real engine, against the test's emulator and Azurite."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from deidtui.engine import Engine
from deidtui.tui.app import DeidApp
from tests.support import local_profile


@pytest.fixture
async def make_app(azurite, tmp_path) -> AsyncIterator[Callable[..., DeidApp]]:
    apps: list[DeidApp] = []

    def make(endpoint: str, *, read_only: bool = False, start_engine: bool = True, cache=None, **poll) -> DeidApp:
        profile = local_profile(endpoint, azurite.connection_string, read_only=read_only, **poll)
        engine = Engine(profile, cache_path=cache or tmp_path / "app-cache.sqlite3")
        app = DeidApp(engine, start_engine=start_engine)
        apps.append(app)
        return app

    yield make
    for app in apps:
        await app.engine.stop()
