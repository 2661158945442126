"""Engine fixtures: an engine on a fresh cache, pointed at the test's emulator and Azurite."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from deidtui.engine import Engine

from ..support import local_profile


@pytest.fixture
def make_engine(azurite, tmp_path) -> Callable[..., Engine]:
    engines: list[Engine] = []

    def make(endpoint: str, *, cache_path=None, read_only: bool = False, poll: bool = True, **settings) -> Engine:
        profile = local_profile(endpoint, azurite.connection_string, read_only=read_only, **settings)
        engine = Engine(profile, cache_path=cache_path or tmp_path / "cache.sqlite3", poll=poll)
        engines.append(engine)
        return engine

    yield make


@pytest.fixture
async def engine(make_engine, emulator) -> AsyncIterator[Engine]:
    engine = make_engine(emulator.url)
    await engine.start()
    yield engine
    await engine.stop()
