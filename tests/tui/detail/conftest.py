"""Fixtures for the job detail pane tests: pinned local time, engines on the emulator and Azurite."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterator

import pytest

from deidtui.engine import Engine
from tests.support import local_profile


@pytest.fixture
def utc_tz(monkeypatch) -> Iterator[None]:
    """Local time is UTC for the test (timestamps in the pane are local)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
async def make_engine(azurite, tmp_path) -> AsyncIterator[Callable[..., Engine]]:
    """Engines on a fresh cache, pointed at the test's emulator and Azurite; all stopped after the test."""
    engines: list[Engine] = []

    def make(endpoint: str, *, poll: bool = True, **settings) -> Engine:
        profile = local_profile(endpoint, azurite.connection_string, **settings)
        engine = Engine(profile, cache_path=tmp_path / f"cache-{len(engines)}.sqlite3", poll=poll)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        await engine.stop()
