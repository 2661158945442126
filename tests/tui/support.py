"""What every UI test uses: bounded waiting, the composed screen as text, and the inertness check."""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.segment import Segment
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from deidtui.domain.sanitize import is_clean

# ESC and the one-byte C1 introducers (CSI, OSC, DCS, ST), and BEL which ends an OSC.
TERMINAL_CONTROLS = {"\x1b", "\x9b", "\x9d", "\x90", "\x9c", "\x07"}
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


async def until(pilot: Pilot, predicate: Callable[[], object], timeout: float = 20.0) -> object:
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
    """No segment carries a character a terminal would act on, or that reorders what the operator reads."""
    for segment in segments:
        text = segment.text
        assert segment.control is None, segment
        assert is_clean(text), f"unsafe character in {text!r}"
        assert not TERMINAL_CONTROLS & set(text), text
        assert not BIDI & set(text), text


class ScreenApp(App[None]):
    """Pushes one screen at start-up, so tests drive the real entry points, and keeps what it was
    dismissed with."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.first = screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.first, self.results.append)
