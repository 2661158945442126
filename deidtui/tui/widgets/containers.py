"""The containers pane: storage account -> containers -> virtual folders -> blobs, listed lazily.

Each container or folder is listed one level at a time (delimiter "/") the first time it is
expanded, in a worker, with a "loading…" child meanwhile. Folder statistics (`i`) count every
document under a prefix, on demand and cancellable, because a big prefix takes many pages.

Storage is often not reachable from the operator's machine (network rules) or a data role is
missing; the pane then says so, and how to fix it, in place of the tree. Jobs are unaffected:
the service reaches storage with its own managed identity. The reading, and what the pane says
of it, are `ContainerReads` (`container_reads.py`); this widget holds the state and takes the keys.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode
from textual.worker import Worker

from ...domain.errors import DeidError
from ...engine.engine import Engine
from .container_entries import Entry, label_for
from .container_reads import ContainerReads
from .container_tree import ContainerTree
from .deferred import DeferredParts

__all__ = ["ContainerTree", "ContainersPane", "Entry", "label_for"]


class ContainersPane(ContainerReads, DeferredParts):
    """Browse storage; posts `NewJobRequested` and `ViewBlob` for the app to act on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "v,enter",
            "view",
            "View",
            id="containers.view",
            tooltip="Open the blob in the viewer (on a folder: expand or collapse it)",
        ),
        Binding(
            "n",
            "new_job",
            "New job",
            id="containers.new_job",
            tooltip="Start a de-identification job reading everything under this folder",
        ),
        Binding(
            "i",
            "stats",
            "Count",
            id="containers.stats",
            tooltip="Count the documents and bytes under this folder (every level below it)",
        ),
        Binding(
            "r",
            "reload",
            "Reload",
            id="containers.reload",
            tooltip="List this folder again (on an account or an error: reload everything)",
        ),
        Binding(
            "escape",
            "cancel_stats",
            "Stop counting",
            id="containers.cancel_stats",
            tooltip="Stop the running document count",
        ),
    ]

    DEFAULT_CSS = """
    ContainersPane { height: 1fr; layout: vertical; }
    ContainersPane > #containers-tree { height: 1fr; background: $surface; }
    ContainersPane > #containers-message { height: auto; max-height: 60%; padding: 1 2; background: $panel;
        border-left: thick $warning; display: none; overflow-y: auto; }
    ContainersPane > #containers-message.-shown { display: block; }
    ContainersPane > #containers-status { height: auto; max-height: 4; padding: 0 1; background: $panel;
        color: $text-muted; }
    """

    class NewJobRequested(Message):
        """The operator wants a job reading everything under `prefix` of the container."""

        def __init__(self, container_url: str, prefix: str) -> None:
            super().__init__()
            self.container_url = container_url
            self.prefix = prefix

    class ViewBlob(Message):
        """The operator wants to read a blob."""

        def __init__(self, container_url: str, blob_name: str) -> None:
            super().__init__()
            self.container_url = container_url
            self.blob_name = blob_name

    def __init__(
        self, engine: Engine, *, id: str | None = None, classes: str | None = None, defer_parts: bool = False
    ) -> None:
        """`defer_parts`: mount the tree after the screen's first frame (see `DeferredParts`)."""
        super().__init__(id=id, classes=classes, defer_parts=defer_parts)
        self.engine = engine
        self.error: DeidError | None = None  # the failure shown in the message area, if any
        self.containers_loaded = False
        self._stats_worker: Worker[None] | None = None
        self._stats_node: TreeNode[Entry] | None = None

    def compose(self) -> ComposeResult:
        if self.parts_deferred:
            return
        yield Static(id="containers-message", markup=False)
        yield ContainerTree(id="containers-tree")
        yield Static(Text("loading containers…", style="dim italic"), id="containers-status", markup=False)

    @property
    def container_tree(self) -> ContainerTree:
        return self.query_one(ContainerTree)

    @property
    def focus_target(self) -> ContainerTree:
        """The tree takes the keys; while storage is unavailable the pane itself does (see
        `_set_unavailable`)."""
        return self.container_tree

    def on_mount(self) -> None:
        self.schedule_parts()

    def parts_built(self) -> None:
        self.reload_all()

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[Entry]) -> None:
        entry = event.node.data
        if entry is not None and entry.browsable and not entry.loaded and not entry.loading:
            self.load_node(event.node)

    # -- actions --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.parts_ready.is_set():
            return False
        if action == "cancel_stats":
            return self.counting  # otherwise escape goes on to the screen
        return True

    def _cursor(self) -> TreeNode[Entry] | None:
        return self.container_tree.cursor_node

    def action_view(self) -> None:
        node = self._cursor()
        entry = node.data if node else None
        if node is None or entry is None:
            return
        if entry.kind == "blob":
            self.post_message(self.ViewBlob(entry.container_url, entry.path))
        elif node.allow_expand:
            node.toggle()

    def action_new_job(self) -> None:
        node = self._cursor()
        entry = node.data if node else None
        if entry is None or entry.kind not in ("container", "folder", "blob"):
            self.notify("Choose a container or a folder to start a job from.", severity="warning")
            return
        # From a blob, the job reads the folder the blob is in.
        prefix = entry.path if entry.kind != "blob" else entry.path[: entry.path.rfind("/") + 1]
        self.post_message(self.NewJobRequested(entry.container_url, prefix))

    def action_stats(self) -> None:
        node = self._cursor()
        entry = node.data if node else None
        if node is None or entry is None or not entry.browsable:
            self.notify("Choose a container or a folder to count its documents.", severity="warning")
            return
        self.count(node)

    def action_cancel_stats(self) -> None:
        self.cancel_stats()

    def action_reload(self) -> None:
        node = self._cursor()
        entry = node.data if node else None
        if node is None or entry is None or self.error is not None or not self.containers_loaded:
            self.reload_all()
            return
        if entry.kind == "blob" and node.parent is not None:
            node = node.parent
            entry = node.data
        if entry is not None and entry.browsable:
            entry.stats = None
            self.load_node(node)
            node.expand()
        else:
            self.reload_all()

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[Entry]) -> None:
        entry = event.node.data
        if entry is not None and not self.counting:
            self._status(self._describe(entry))
