"""The storage pane's tree: storage account -> containers -> folders -> blobs, with its keys."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree

from .container_entries import Entry

# The tree's own keys, each with an id so it can be remapped. Tree's defaults (less enter, which the
# pane's `containers.view` takes) plus j/k and g/G as in the other panes.
TREE_BINDINGS: list[BindingType] = [
    Binding("up,k", "cursor_up", "Up", show=False, id="containers.up", tooltip="Previous entry"),
    Binding("down,j", "cursor_down", "Down", show=False, id="containers.down", tooltip="Next entry"),
    Binding("pageup", "page_up", "Page up", show=False, id="containers.page_up", tooltip="One screen up"),
    Binding("pagedown", "page_down", "Page down", show=False, id="containers.page_down", tooltip="One screen down"),
    Binding("home,g", "scroll_home", "First", show=False, id="containers.first", tooltip="The first entry"),
    Binding("end,G", "scroll_end", "Last", show=False, id="containers.last", tooltip="The last entry"),
    Binding("left", "scroll_left", "Scroll left", show=False, id="containers.scroll_left", tooltip="Scroll left"),
    Binding("right", "scroll_right", "Scroll right", show=False, id="containers.scroll_right", tooltip="Scroll right"),
    Binding("shift+left", "cursor_parent", "Parent", show=False, id="containers.parent", tooltip="The folder above"),
    Binding(
        "shift+right",
        "cursor_parent_next_sibling",
        "Next of parent",
        show=False,
        id="containers.parent_next",
        tooltip="The entry after the folder above",
    ),
    Binding(
        "shift+up",
        "cursor_previous_sibling",
        "Previous sibling",
        show=False,
        id="containers.previous_sibling",
        tooltip="The previous entry at this level",
    ),
    Binding(
        "shift+down",
        "cursor_next_sibling",
        "Next sibling",
        show=False,
        id="containers.next_sibling",
        tooltip="The next entry at this level",
    ),
    Binding("space", "toggle_node", "Expand", show=False, id="containers.toggle", tooltip="Expand or collapse"),
    Binding(
        "shift+space",
        "toggle_expand_all",
        "Expand all",
        show=False,
        id="containers.toggle_all",
        tooltip="Expand or collapse everything below",
    ),
]


class ContainerTree(Tree[Entry], inherit_bindings=False):
    """Tree with keys that have ids, and without enter, so the pane's `containers.view` (v, enter) decides."""

    BINDINGS: ClassVar[list[BindingType]] = TREE_BINDINGS

    def __init__(self, *, id: str | None = None) -> None:
        # A Text, not a string: Tree reads a string label as Rich markup, which loads Rich's table
        # of emoji names (0.8 MB resident, for a root that is never shown).
        super().__init__(Text("storage"), Entry("info", display="storage"), id=id)
        self.show_root = False
        self.auto_expand = True
        self.guide_depth = 3  # the pane is often narrow; every column counts
