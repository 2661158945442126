"""Apps that host the pane and the screens under test, and bounded waiting inside a Pilot."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.message import Message

from deidtui.engine import Engine
from deidtui.tui.widgets.containers import ContainersPane
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


def find_node(pane: ContainersPane, predicate: Callable[[object], bool]):
    """The first tree node whose entry satisfies `predicate`, or None."""
    stack = [pane.container_tree.root]
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
