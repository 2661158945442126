"""Small modal questions of the viewer: where to save a blob, and whether to replace a file."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from deidtui.domain.sanitize import sanitize_line


class PathScreen(ModalScreen[str | None]):
    """Asks for the local path to save a blob to; dismisses with the path, or None."""

    DEFAULT_CSS = """
    PathScreen { align: center middle; }
    PathScreen > Vertical { width: 80%; max-width: 100; height: auto; border: round $primary;
                            background: $surface; padding: 1 2; }
    PathScreen Label { width: 1fr; margin-bottom: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="blobview.download_cancel", tooltip="Do not download")]

    def __init__(self, default: str, size: int) -> None:
        super().__init__()
        self.default = default
        self.blob_size = size

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(f"Save the blob ({self.blob_size:,} bytes) to a local file, readable by you only:"))
            yield Input(value=sanitize_line(self.default), id="download-path")

    @on(Input.Submitted, "#download-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; escape or "No" answers no."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 70%; max-width: 90; height: auto; border: round $warning;
                               background: $surface; padding: 1 2; }
    ConfirmScreen Horizontal { height: auto; margin-top: 1; }
    ConfirmScreen Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("escape,n", "answer(False)", "No", id="blobview.confirm_no", tooltip="Keep the existing file"),
        Binding("y", "answer(True)", "Yes", id="blobview.confirm_yes", tooltip="Replace the existing file"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(sanitize_line(self.question)))
            with Horizontal():
                yield Button("Replace (y)", variant="warning", id="yes")
                yield Button("Keep it (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
