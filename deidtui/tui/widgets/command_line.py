"""The `:` command line (k9s style): `:jobs`, `:containers`, `:profile NAME`, `:q` and more."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input

COMMANDS = {
    "jobs": "focus the job queue",
    "containers": "focus the containers pane",
    "detail": "focus the selected job's details",
    "profile": "switch profile: :profile NAME",
    "filter": "filter the queue: :filter status:failed",
    "sort": "sort the queue: :sort created|name|status|op|progress|failed",
    "new": "new job",
    "activity": "show what the app has done",
    "refresh": "refresh every job now",
    "theme": "switch theme: :theme NAME",
    "help": "show keys",
    "q": "quit",
    "quit": "quit",
}


@dataclass(frozen=True)
class Command:
    name: str
    argument: str


def parse_command(text: str) -> Command:
    """`:profile prod` -> Command("profile", "prod"); raises ValueError naming an unknown command."""
    text = text.strip().lstrip(":").strip()
    if not text:
        raise ValueError("type a command, e.g. :jobs (tab completes)")
    name, _, argument = text.partition(" ")
    name = name.lower()
    if name not in COMMANDS:
        matches = [c for c in COMMANDS if c.startswith(name)]
        if len(matches) == 1:
            name = matches[0]
        else:
            known = ", ".join(f":{c}" for c in COMMANDS if c != "quit")
            raise ValueError(f"unknown command :{name}; known: {known}")
    return Command(name, argument.strip())


class CommandLine(Input):
    DEFAULT_CSS = """
    CommandLine { dock: bottom; height: 1; border: none; padding: 0 1; background: $panel; display: none; }
    CommandLine.-open { display: block; }
    """
    BINDINGS = [Binding("escape", "close", "Close", id="command.close")]

    class Submitted(Message):
        def __init__(self, command: Command) -> None:
            super().__init__()
            self.command = command

    class Failed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, profiles: list[str] | None = None) -> None:
        suggestions = [f":{c}" for c in COMMANDS] + [f":profile {p}" for p in profiles or []]
        super().__init__(
            placeholder=":command (tab completes, esc closes)",
            id="command-line",
            suggester=SuggestFromList(suggestions, case_sensitive=False),
        )

    def open(self) -> None:
        self._return_focus = self.screen.focused
        self.value = ":"
        self.add_class("-open")
        self.focus()
        self.cursor_position = 1

    def action_close(self) -> None:
        self.value = ""
        self.remove_class("-open")
        target = getattr(self, "_return_focus", None)
        if target is not None and target.is_attached:
            target.focus()

    async def action_submit(self) -> None:
        text = self.value
        self.action_close()
        try:
            command = parse_command(text)
        except ValueError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Submitted(command))
