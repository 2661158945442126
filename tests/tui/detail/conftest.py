"""Fixtures for the job detail pane tests: pinned local time, engines on the emulator and Azurite."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest


@pytest.fixture
def utc_tz(monkeypatch) -> Iterator[None]:
    """Local time is UTC for the test (timestamps in the pane are local)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
