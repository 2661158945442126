"""Engine fixtures: an engine on a fresh cache, pointed at the test's emulator and Azurite."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from deidtui.engine import Engine


@pytest.fixture
async def engine(make_engine: Callable[..., Engine], emulator) -> AsyncIterator[Engine]:
    engine = make_engine(emulator.url)
    await engine.start()
    yield engine
    await engine.stop()
