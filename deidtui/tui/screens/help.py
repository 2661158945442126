"""`?`: every key of the focused pane, of the screen and of the whole app, as currently bound
(remaps included), shown as the operator types them (`?`, `/`, `↑`, `^r`), with each binding's id."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


@dataclass(frozen=True)
class KeyRow:
    keys: str  # every key of the binding, as typed: "↓ j"
    description: str
    binding_id: str


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[KeyRow]


def key_label(app: App, key: str, binding: Binding) -> str:
    """One key as the operator types it: `question_mark` -> `?`, `ctrl+r` -> `^r`."""
    if binding.key_display:
        return binding.key_display
    return app.get_key_display(Binding(key, binding.action))


def node_rows(app: App, node: DOMNode) -> list[KeyRow]:
    """A node's bindings in effect (after the keymap), one row per action with all its keys."""
    keys: dict[str, list[str]] = {}
    first: dict[str, Binding] = {}
    ids: dict[str, str] = {}
    for key, binding in node._bindings:
        if not binding.description:
            continue
        first.setdefault(binding.action, binding)
        if binding.id:
            ids.setdefault(binding.action, binding.id)  # Textual's own ^q has none; our q has one
        label = key_label(app, key, binding)
        if label not in keys.setdefault(binding.action, []):
            keys[binding.action].append(label)
    return [KeyRow(" ".join(keys[a]), b.description, ids.get(a, "")) for a, b in first.items()]


def pane_title(node: DOMNode) -> str:
    """What the operator calls a pane: its border title, or else its id, or else its kind."""
    title = getattr(node, "border_title", None)
    if title:
        return str(title)
    return (node.id or type(node).__name__).replace("-", " ")


def key_sections(screen: Screen) -> list[Section]:
    """The focused pane's keys (the focused widget and the widgets around it), the screen's, the app's."""
    app = screen.app
    sections: list[Section] = []
    focused = screen.focused
    if focused is not None:
        pane: list[KeyRow] = []
        outermost: DOMNode = focused  # the pane: the outermost widget below the screen with keys
        for node in focused.ancestors_with_self:
            if node is screen or node is app:
                break
            rows = node_rows(app, node)
            if rows:
                pane += rows
                outermost = node
        if pane:
            sections.append(Section(f"Keys of {pane_title(outermost)}", pane))
    if screen_rows := node_rows(app, screen):
        sections.append(Section("This screen", screen_rows))
    sections.append(Section("Everywhere", node_rows(app, app)))
    return sections


def describe(sections: list[Section]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_column(style="dim")
    for i, section in enumerate(sections):
        if i:
            table.add_row("", "", "")
        table.add_row(Text(section.title, style="bold underline"), "", "")
        for row in section.rows:
            table.add_row(Text(row.keys), Text(row.description), Text(row.binding_id))
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90; max-width: 95%; height: 80%; border: round $accent;
        background: $surface; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape,q,question_mark", "app.pop_screen", "Close", id="help.close"),
        Binding("down,j", "scroll(1)", "Down", show=False, id="help.down"),
        Binding("up,k", "scroll(-1)", "Up", show=False, id="help.up"),
        Binding("pagedown,space", "scroll(20)", "Page down", show=False, id="help.page_down"),
        Binding("pageup", "scroll(-20)", "Page up", show=False, id="help.page_up"),
        Binding("home,g", "scroll(-100000)", "Top", show=False, id="help.top"),
        Binding("end,G", "scroll(100000)", "End", show=False, id="help.end"),
    ]

    def __init__(self, sections: list[Section]) -> None:
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(describe(self._sections))
            yield Static(
                Text(
                    "\nRemap any key in config.toml under [keys], by the id in the last column, e.g.\n"
                    '[keys]\n"jobs.cancel" = "x"\n\n'
                    "e shows everything about a job, nothing cut; there y copies its error to your clipboard "
                    "through the terminal (OSC 52), which works over SSH in most terminals (in tmux: "
                    "set-clipboard on).",
                    style="dim",
                )
            )

    def action_scroll(self, rows: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=rows, animate=False)
