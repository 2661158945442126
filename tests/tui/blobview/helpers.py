"""Shared test doubles and waiting helpers for the blob viewer tests."""

from __future__ import annotations

import asyncio

from textual.app import App

from deidtui.tui.blobview.lines import BlobLines
from deidtui.tui.blobview.screens import BlobViewerScreen
from deidtui.tui.blobview.source import MemorySource
from tests.support import (  # noqa: F401
    BIDI,
    TERMINAL_CONTROLS,
    ScreenApp,
    assert_inert,
    screen_lines,
    screen_segments,
    screen_text,
    until,
)


def tag_entity(document: str, category: str, text: str, occurrence: int = 0) -> dict:
    """One entity of a Tag result: the `occurrence`-th `text` in `document`, with its offsets and
    lengths in every unit the service reports."""
    start = -1
    for _ in range(occurrence + 1):
        start = document.index(text, start + 1)
    utf16 = len(document[:start].encode("utf-16-le")) // 2
    return {
        "category": category,
        "text": text,
        "confidenceScore": 0.9,
        "offset": {"utf8": len(document[:start].encode()), "utf16": utf16, "codePoint": start},
        "length": {"utf8": len(text.encode()), "utf16": len(text.encode("utf-16-le")) // 2, "codePoint": len(text)},
    }


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


def viewer_frames(app: App) -> list[bool]:
    """From now on, each frame of a viewer screen that `app` hands to the terminal is recorded:
    did it show rows? (Headless, the frame is all but written.)"""
    frames: list[bool] = []
    display = app._display

    def recording(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None and isinstance(screen, BlobViewerScreen):
            frames.append(any(lines.rows for lines in screen.query(BlobLines)))

    app._display = recording  # type: ignore[method-assign]
    return frames
