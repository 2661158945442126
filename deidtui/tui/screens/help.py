"""`?`: every key of the focused pane and of the whole app, as currently bound (remaps included)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static


def describe_bindings(title: str, node: Widget | None, app_bindings: list[tuple[str, str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_column(style="dim")
    rows: list[tuple[str, str, str]] = []
    if node is not None:
        seen = set()
        for key, binding in node._bindings:  # the bindings in effect, after the keymap
            if binding.description and binding.action not in seen:
                seen.add(binding.action)
                rows.append((binding.key_display or key, binding.description, binding.id or ""))
    table.add_row(Text(title, style="bold underline"), "", "")
    for key, description, binding_id in rows:
        table.add_row(key, description, binding_id)
    table.add_row("", "", "")
    table.add_row(Text("Everywhere", style="bold underline"), "", "")
    for key, description, binding_id in app_bindings:
        table.add_row(key, description, binding_id)
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90; max-width: 95%; height: 80%; border: round $accent;
        background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,q,question_mark", "app.pop_screen", "Close", id="help.close")]

    def __init__(self, focused: Widget | None, app_bindings: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self._focused = focused
        self._app_bindings = app_bindings

    def compose(self) -> ComposeResult:
        title = "Keys of this pane" if self._focused is None else f"Keys of {type(self._focused).__name__}"
        with VerticalScroll():
            yield Static(describe_bindings(title, self._focused, self._app_bindings))
            yield Static(
                Text(
                    "\nRemap any key in config.toml under [keys], by the id in the last column, e.g.\n"
                    '[keys]\njobs.cancel = "x"',
                    style="dim",
                )
            )
