"""Shared test doubles and waiting helpers for the blob viewer tests."""

from __future__ import annotations

import asyncio

from deidtui.tui.blobview.source import MemorySource

from ..support import (  # noqa: F401
    BIDI, TERMINAL_CONTROLS, ScreenApp, assert_inert, screen_lines, screen_segments, screen_text, until,
)


class CountingSource(MemorySource):
    """A MemorySource that records every range read (and can fail or stall on demand)."""

    def __init__(self, name: str, data: bytes, *, fail_at: int | None = None, delay: float = 0.0) -> None:
        super().__init__(name, data)
        self.ranges: list[tuple[int, int]] = []
        self.fail_at = fail_at
        self.delay = delay

    async def read(self, offset: int, length: int) -> bytes:
        self.ranges.append((offset, length))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail_at is not None and offset <= self.fail_at < offset + length:
            raise OSError("simulated network failure")
        return await super().read(offset, length)
