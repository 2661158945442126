"""Confirmation for destructive actions: says what will happen to which jobs; `y` confirms."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...domain.sanitize import sanitize_line


class ConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: auto; min-width: 50; max-width: 90%; height: auto; max-height: 80%;
        border: thick $error; background: $surface; padding: 1 2; }
    ConfirmScreen .title { text-style: bold; margin-bottom: 1; }
    ConfirmScreen .targets { max-height: 12; overflow-y: auto; margin-bottom: 1; color: $text-muted; }
    ConfirmScreen Horizontal { height: auto; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, title: str, targets: list[str], consequence: str, *, verb: str = "Confirm") -> None:
        super().__init__()
        self._title = title
        self._targets = targets
        self._consequence = consequence
        self._verb = verb

    def compose(self) -> ComposeResult:
        listing = Text("\n".join(f"• {sanitize_line(t)}" for t in self._targets[:200]))
        if len(self._targets) > 200:
            listing.append(f"\n… and {len(self._targets) - 200} more")
        with Vertical():
            yield Static(Text(self._title), classes="title")
            yield Static(listing, classes="targets")
            yield Static(Text(self._consequence))
            with Horizontal():
                yield Button("No (n)", id="no")
                yield Button(f"{self._verb} (y)", id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
