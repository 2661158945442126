"""A fresh cache file per test, in tmp_path."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from deidtui.cache import JobCache


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "cache.sqlite3"


@pytest.fixture
async def cache(cache_path: Path) -> AsyncIterator[JobCache]:
    opened = await JobCache.open(cache_path)
    yield opened
    await opened.close()
