"""Shared test doubles and waiting helpers for the blob viewer tests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from rich.segment import Segment
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from deidtui.domain.sanitize import is_clean
from deidtui.tui.blobview.source import MemorySource

ESCAPES = {"\x1b", "\x9b", "\x9d", "\x90", "\x9c"}


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


class ScreenApp(App[None]):
    """Pushes one screen at start-up, so tests drive the real entry points."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


async def until(pilot: Pilot, predicate: Callable[[], object], timeout: float = 15.0) -> object:
    """Let the app run until `predicate()` is truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await pilot.pause(0.02)


def screen_segments(app: App) -> list[Segment]:
    """Every segment of the composed screen, as it would be written to the terminal."""
    return [segment for strip in app.screen._compositor.render_strips() for segment in strip]


def screen_lines(app: App) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: App) -> str:
    return "\n".join(screen_lines(app))


def assert_inert(segments: list[Segment]) -> None:
    """No segment carries a character a terminal would act on (or that reorders text)."""
    for segment in segments:
        text = segment.text
        assert segment.control is None, segment
        assert is_clean(text), f"unsafe character in {text!r}"
        assert not any(ch in text for ch in ESCAPES), text
        assert "\t" not in text and "\n" not in text and "\r" not in text, text
