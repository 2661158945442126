"""Apps that host the pane and the screens under test, and bounded waiting inside a Pilot."""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.screen import Screen

from deidtui.domain.sanitize import is_clean
from deidtui.engine import Engine
from deidtui.tui.widgets.containers import ContainersPane

ESCAPES = {"\x1b", "\x9b", "\x9d", "\x90", "\x9c"}


class PaneApp(App[None]):
    """The containers pane alone; records the messages it posts."""

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        self.posted: list[Message] = []

    def compose(self) -> ComposeResult:
        yield ContainersPane(self.engine, id="containers")

    @property
    def pane(self) -> ContainersPane:
        return self.query_one(ContainersPane)

    def on_containers_pane_new_job_requested(self, message: ContainersPane.NewJobRequested) -> None:
        self.posted.append(message)

    def on_containers_pane_view_blob(self, message: ContainersPane.ViewBlob) -> None:
        self.posted.append(message)


class ScreenApp(App[None]):
    """Pushes one screen at start-up and keeps what it was dismissed with."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.first = screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.first, self.results.append)


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


def screen_lines(app: App) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: App) -> str:
    return "\n".join(screen_lines(app))


def screen_segments(app: App) -> list[Segment]:
    return [segment for strip in app.screen._compositor.render_strips() for segment in strip]


def assert_inert(segments: list[Segment]) -> None:
    """No segment carries a character a terminal would act on (or that reorders text)."""
    for segment in segments:
        assert segment.control is None, segment
        assert is_clean(segment.text), f"unsafe character in {segment.text!r}"
        assert not any(ch in segment.text for ch in ESCAPES), segment.text


def find_node(pane: ContainersPane, predicate: Callable[[object], bool]):
    """The first tree node whose entry satisfies `predicate`, or None."""
    stack = [pane.tree.root]
    while stack:
        node = stack.pop()
        if node.data is not None and predicate(node.data):
            return node
        stack.extend(reversed(node.children))
    return None


def plain(widget) -> str:
    """The text a Static shows, without wrapping or borders, whitespace collapsed."""
    content = widget.content
    return " ".join(str(getattr(content, "plain", content)).split())
