"""Reading storage for the containers pane, and saying what it found.

The containers, then one level of a container or folder at a time, each listed in a worker when
first expanded (an answer for a node since removed or listed again is dropped); the count of
everything under a prefix, on demand and cancellable; and what the pane says of it: the status
line, the message area that explains storage it cannot browse, and the tree put aside meanwhile.
A mixin of `ContainersPane`, which holds the state and takes the keys; a plain class at run time,
since Textual takes a widget's default CSS along its first widget base only.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static
from textual.widgets.tree import TreeNode, UnknownNodeID
from textual.worker import Worker

from ...domain.errors import AuthError, DeidError, MissingDataRole, NetworkError, StorageNotReachable
from ...domain.sanitize import sanitize_line
from ..formatting import size
from ..workers import run_guarded
from .container_entries import (
    NO_STORAGE_DETAIL,
    NO_STORAGE_HINT,
    NO_STORAGE_TITLE,
    STATS_LIMIT,
    Entry,
    account_name,
    as_deid_error,
    counts,
    explain,
    label_for,
)

if TYPE_CHECKING:
    from ...engine.engine import Engine
    from ...engine.listings import ContainerInfo, FolderListing
    from .container_tree import ContainerTree
    from .deferred import DeferredParts

    _Pane = DeferredParts
else:
    _Pane = object


class ContainerReads(_Pane):
    engine: Engine
    error: DeidError | None
    containers_loaded: bool
    _stats_worker: Worker[None] | None
    _stats_node: TreeNode[Entry] | None

    if TYPE_CHECKING:  # `ContainersPane` has it

        @property
        def container_tree(self) -> ContainerTree: ...

    # -- loading --------------------------------------------------------------------------------

    def reload_all(self) -> None:
        """Forget everything and list the containers again."""
        self.cancel_stats()
        self.container_tree.clear()
        self._show_error(None)
        self.containers_loaded = False
        if not self.engine.profile.has_storage:
            self._set_unavailable(True)
            message = Text()
            message.append(f"{NO_STORAGE_TITLE}\n", style="bold yellow")
            message.append(NO_STORAGE_DETAIL + "\n")
            message.append("How to fix: ", style="bold")
            message.append(NO_STORAGE_HINT)
            self._message.update(message)
            self._message.add_class("-shown")
            self._status("no storage configured")
            return
        self._status("loading containers…")
        run_guarded(self, self._load_containers(), group="containers-list", exclusive=True)

    async def _load_containers(self) -> None:
        # The Azure SDK is imported off the event loop, so the first screen never waits for it.
        await asyncio.to_thread(self.engine.preload)
        storage = self.engine.storage
        assert storage is not None
        try:
            found = await storage.containers()
        except Exception as exc:  # noqa: BLE001 - any failure is explained in place, never a crash
            error = as_deid_error(exc, "list storage containers")
            self._set_unavailable(True)
            self._show_error(error)
            self._status(f"⚠ {error.title}")
            return
        self._set_unavailable(False)
        self._fill_containers(found)

    def _fill_containers(self, found: list[ContainerInfo]) -> None:
        tree = self.container_tree
        tree.clear()
        by_account: dict[str, list[ContainerInfo]] = {}
        for info in found:
            by_account.setdefault(info.account_url, []).append(info)
        if not by_account:
            tree.root.add_leaf(
                Text("(no containers in the configured storage accounts)", style="dim italic"),
                Entry("info", display="no containers"),
            )
        for account_url, infos in by_account.items():
            entry = Entry("account", display=account_name(account_url), loaded=True, path=account_url)
            account = tree.root.add(label_for(entry), entry, expand=True)
            for info in infos:
                child = Entry("container", container_url=info.url, display=info.name)
                account.add(label_for(child), child)
        tree.root.expand()
        self.containers_loaded = True
        self._status(f"{len(found)} containers · enter expands, v views, n new job, i counts")
        if tree.cursor_line < 0 and tree.last_line >= 0:
            tree.cursor_line = 0

    def load_node(self, node: TreeNode[Entry]) -> None:
        """List one level under a container or folder node (in a worker)."""
        entry = node.data
        assert entry is not None and self.engine.storage is not None
        entry.generation += 1
        entry.loading, entry.error = True, None
        node.remove_children()
        node.add_leaf(Text("loading…", style="dim italic"), Entry("info", display="loading…"))
        node.set_label(label_for(entry))
        run_guarded(self, self._list(node, entry.generation), group=f"containers-node-{node.id}", exclusive=True)

    async def _list(self, node: TreeNode[Entry], generation: int) -> None:
        storage = self.engine.storage
        entry = node.data
        assert storage is not None and entry is not None
        try:
            listing = await storage.list_folder(entry.container_url, entry.path)
        except Exception as exc:  # noqa: BLE001
            if self._stale(node, generation):
                return
            error = as_deid_error(exc, "list blobs")
            entry.loading, entry.loaded, entry.error = False, False, error.title
            node.remove_children()
            node.add_leaf(
                Text(f"⚠ {sanitize_line(error.title)} — press r to retry", style="yellow"),
                Entry("info", display=error.title),
            )
            node.set_label(label_for(entry))
            if isinstance(error, (StorageNotReachable, MissingDataRole, NetworkError, AuthError)):
                self._show_error(error)
            self._status(f"⚠ {error.title}")
            return
        if self._stale(node, generation):
            return
        self._fill(node, listing)

    def _attached(self, node: TreeNode[Entry]) -> bool:
        """Still in the tree (node ids restart after a reload, so compare identity, not the id)."""
        try:
            return self.container_tree.get_node_by_id(node.id) is node
        except UnknownNodeID:
            return False

    def _stale(self, node: TreeNode[Entry], generation: int) -> bool:
        return not self._attached(node) or node.data is None or node.data.generation != generation

    def _fill(self, node: TreeNode[Entry], listing: FolderListing) -> None:
        entry = node.data
        assert entry is not None
        entry.loading, entry.loaded, entry.error = False, True, None
        entry.folders, entry.blobs, entry.truncated = len(listing.folders), len(listing.blobs), listing.truncated
        node.remove_children()
        cut = len(listing.prefix)
        for prefix in listing.folders:
            child = Entry("folder", container_url=entry.container_url, path=prefix, display=prefix[cut:])
            node.add(label_for(child), child)
        for blob in listing.blobs:
            child = Entry(
                "blob", container_url=entry.container_url, path=blob.name, display=blob.name[cut:], size=blob.size
            )
            node.add_leaf(label_for(child), child)
        if listing.truncated:
            shown = len(listing.folders) + len(listing.blobs)
            node.add_leaf(
                Text(f"… more not shown (the first {shown:,} entries are listed)", style="dim italic"),
                Entry("info", display="more not shown"),
            )
        elif not listing.folders and not listing.blobs:
            node.add_leaf(Text("(empty)", style="dim italic"), Entry("info", display="empty"))
        node.set_label(label_for(entry))
        if self.error is not None:
            self._show_error(None)  # storage answered: whatever failed before is over
        self._status(self._describe(entry))

    # -- statistics -----------------------------------------------------------------------------

    def count(self, node: TreeNode[Entry]) -> None:
        """Count every document and byte under a container or folder (cancels a count in progress)."""
        entry = node.data
        assert entry is not None and entry.browsable and self.engine.storage is not None
        self.cancel_stats()
        entry.counting = True
        node.set_label(label_for(entry))
        self._stats_node = node
        self._status(f"counting documents under {sanitize_line(self._where(entry))}… (escape stops)")
        self._stats_worker = run_guarded(self, self._count(node), group="containers-stats", exclusive=True)

    async def _count(self, node: TreeNode[Entry]) -> None:
        storage = self.engine.storage
        entry = node.data
        assert storage is not None and entry is not None
        try:
            stats = await storage.prefix_stats(entry.container_url, entry.path, limit=STATS_LIMIT)
        except Exception as exc:  # noqa: BLE001
            error = as_deid_error(exc, "count blobs")
            entry.counting = False
            node.set_label(label_for(entry))
            if isinstance(error, (StorageNotReachable, MissingDataRole, NetworkError, AuthError)):
                self._show_error(error)
            self._status(f"⚠ counting failed: {error.title}")
            self._stats_worker = self._stats_node = None
            return
        entry.counting, entry.stats = False, stats
        node.set_label(label_for(entry))
        self._stats_worker = self._stats_node = None
        self._status(self._describe(entry))

    @property
    def counting(self) -> bool:
        return self._stats_worker is not None

    def cancel_stats(self) -> None:
        worker, node = self._stats_worker, self._stats_node
        self._stats_worker = self._stats_node = None
        if worker is not None:
            worker.cancel()
        if node is not None and node.data is not None:
            node.data.counting = False
            if not self._attached(node):
                return
            node.set_label(label_for(node.data))
            self._status("counting stopped")

    # -- presentation -----------------------------------------------------------------------------

    def _set_unavailable(self, unavailable: bool) -> None:
        """Without a tree to focus, the pane itself takes focus, so its keys (r) keep working.

        Styles are set on the two children directly (the class only marks the state): a class rule
        would restyle the whole tree, which at start-up is time the first paint waits for."""
        had_focus = self.has_focus_within
        self.set_class(unavailable, "-unavailable", update=False)
        self.container_tree.display = not unavailable
        message = self._message.styles
        message.max_height, message.height = ("100%", "1fr") if unavailable else (None, None)
        self.can_focus = unavailable
        if had_focus:
            (self if unavailable else self.container_tree).focus()

    @property
    def _message(self) -> Static:
        return self.query_one("#containers-message", Static)

    def _show_error(self, error: DeidError | None) -> None:
        self.error = error.detached() if error is not None else None  # kept while shown: no frames
        message = self._message
        if error is None:
            message.update("")
            message.remove_class("-shown")
        else:
            message.update(explain(error))
            message.add_class("-shown")

    def _status(self, text: str) -> None:
        self.query_one("#containers-status", Static).update(Text(text, overflow="fold"))

    def _where(self, entry: Entry) -> str:
        container = entry.container_url.rsplit("/", 1)[-1]
        return f"{container}/{entry.path}"

    def _describe(self, entry: Entry) -> str:
        if entry.kind == "blob":
            return f"{sanitize_line(self._where(entry))} · {size(entry.size)}"
        if entry.kind == "account":
            return f"storage account {sanitize_line(entry.display)}"
        if not entry.browsable:
            return ""
        where = sanitize_line(self._where(entry))
        if entry.stats is not None:
            stats = entry.stats
            count = f"more than {stats.count:,}" if stats.truncated else f"{stats.count:,}"
            over = f", {len(stats.too_large)} over 2 MB" if stats.too_large else ""
            return f"{where} · {count} documents, {size(stats.total_bytes)} in all{over}"
        if entry.loaded:
            return f"{where} · {counts(entry)} at this level · i counts everything below"
        return where
