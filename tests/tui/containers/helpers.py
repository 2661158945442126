"""Apps that host the pane and the screens under test, and bounded waiting inside a Pilot."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.message import Message
from textual.screen import Screen

from deidtui.engine import Engine
from deidtui.tui.widgets.containers import ContainersPane

from ..support import BIDI, TERMINAL_CONTROLS, assert_inert, screen_lines, screen_segments, screen_text, until  # noqa: F401



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
