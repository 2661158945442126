"""The `:` command line (k9s style): `:jobs`, `:containers`, `:profile NAME`, `:q` and more.

What is typed shows on the bottom line with the first completion inline (dim); `tab` or `right`
accepts it. The line above lists what matches: command names while the name is typed, then the
command's arguments (profile names, themes, sort columns, filter terms).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Input, Static

COMMANDS = {
    "jobs": "focus the job queue",
    "containers": "focus the storage pane",
    "detail": "focus the selected job's details",
    "profile": "switch profile: :profile NAME",
    "fleet": "every service of the config's fleet in one queue (:fleet NAME,NAME for others)",
    "filter": "filter the queue: :filter status:failed",
    "sort": "sort the queue: :sort COLUMN",
    "new": "new job",
    "activity": "show what the app has done",
    "refresh": "refresh every job now",
    "doctor": "check configuration, network, sign-in, roles and storage, with the fix for each problem "
    "(fleet: the highlighted job's service, or :doctor NAME)",
    "theme": "switch theme: :theme NAME",
    "help": "show keys",
    "q": "quit",
    "quit": "quit",
}
TAKES_ARGUMENT = ("profile", "fleet", "filter", "sort", "theme")
FILTER_TERMS = (
    "status:running",
    "status:failed",
    "status:partial",
    "status:canceled",
    "status:succeeded",
    "!status:succeeded",
    "op:tag",
    "op:redact",
    "op:surrogate",
    "re:",
)

ArgumentSource = Callable[[], Mapping[str, Sequence[str]]]


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


@dataclass(frozen=True)
class Completion:
    """What matches the text typed so far: `texts` are whole command lines (the first is offered
    inline), `labels` what the list of matches shows for each."""

    texts: list[str]
    labels: list[str]
    help: str = ""


def complete(text: str, arguments: Mapping[str, Sequence[str]]) -> Completion:
    """Completions of a partly typed command line: command names, then the command's arguments."""
    body = text.lstrip(":")
    name, space, typed = body.partition(" ")
    name = name.lower()
    if not space:
        names = [c for c in COMMANDS if c.startswith(name) and c != "quit"]
        texts = [f":{c} " if c in TAKES_ARGUMENT else f":{c}" for c in names]
        help_text = COMMANDS[names[0]] if len(names) == 1 or name in COMMANDS else ""
        return Completion(texts, names, help_text)
    if name not in COMMANDS:
        unique = [c for c in COMMANDS if c.startswith(name)]
        if len(unique) != 1:
            return Completion([], [])
        name = unique[0]
    values = [v for v in arguments.get(name, ()) if v.lower().startswith(typed.strip().lower())]
    return Completion([f":{name} {v}" for v in values], list(values), COMMANDS[name])


class CommandSuggester(Suggester):
    """The first completion, shown inline after what was typed."""

    def __init__(self, arguments: ArgumentSource) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._arguments = arguments

    async def get_suggestion(self, value: str) -> str | None:
        texts = complete(value, self._arguments()).texts
        # The input shows a suggestion only when it extends what is typed, letter for letter.
        for text in texts:
            if text.lower().startswith(value.lower()) and len(text) > len(value):
                return value + text[len(value) :]
        return None


class CommandInput(Input):
    """The typed line; `tab` accepts the completion instead of moving focus."""

    BINDINGS = [
        Binding("tab", "complete", "Complete", show=False, id="command.complete", tooltip="Accept the completion"),
        Binding("escape", "close", "Close", show=False, id="command.close", tooltip="Close the command line"),
    ]

    def action_complete(self) -> None:
        if self._suggestion and self._suggestion != self.value:
            self.value = self._suggestion
            self.cursor_position = len(self.value)

    def action_close(self) -> None:
        parent = self.parent
        if isinstance(parent, CommandLine):
            parent.close()


class CommandLine(Vertical):
    """The command line and, above it, what its text matches. Posts `Submitted` or `Failed`."""

    DEFAULT_CSS = """
    /* the key hints line docks at the very bottom; this sits on it */
    CommandLine { dock: bottom; height: auto; display: none; background: $panel; margin-bottom: 1; }
    CommandLine.-open { display: block; }
    CommandLine > #command-matches { height: 1; padding: 0 1; color: $text-muted; }
    CommandLine > CommandInput.-textual-compact { height: 1; border: none; padding: 0 1; background: $panel; }
    """

    class Submitted(Message):
        def __init__(self, command: Command) -> None:
            super().__init__()
            self.command = command

    class Failed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, profiles: list[str] | None = None, *, arguments: ArgumentSource | None = None) -> None:
        """`arguments`: the values each command takes; by default the profiles given, the app's
        themes, the queue's sort columns and common filter terms."""
        super().__init__(id="command-line")
        self._profiles = list(profiles or [])
        self.arguments: ArgumentSource = arguments or self._default_arguments
        """The values each command takes, by command name (also what the palette offers)."""
        self._return_focus: Widget | None = None

    def _default_arguments(self) -> Mapping[str, Sequence[str]]:
        from .job_rows import FLEET_SORTS, SORTS

        fleet_view = getattr(self.screen, "fleet", None) is not None
        return {
            "profile": self._profiles,
            "theme": sorted(self.app.available_themes),
            "sort": list(FLEET_SORTS if fleet_view else SORTS),
            "filter": list(FILTER_TERMS),
        }

    def compose(self) -> ComposeResult:
        yield Static(id="command-matches", markup=False)
        yield CommandInput(
            placeholder="command (tab completes, esc closes)",
            id="command-input",
            compact=True,
            select_on_focus=False,
            suggester=CommandSuggester(lambda: self.arguments()),
        )

    @property
    def input(self) -> CommandInput:
        return self.query_one(CommandInput)

    def open(self) -> None:
        self._return_focus = self.screen.focused
        self.add_class("-open")
        box = self.input
        box.value = ":"
        box.focus()
        box.cursor_position = 1
        self._show_matches(":")

    def close(self) -> None:
        self.input.value = ""
        self.remove_class("-open")
        target = self._return_focus
        if target is not None and target.is_attached:
            target.focus()

    @on(Input.Changed, "#command-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._show_matches(event.value)

    def _show_matches(self, value: str) -> None:
        found = complete(value, self.arguments())
        line = Text(no_wrap=True, overflow="ellipsis")
        if found.labels:
            for i, label in enumerate(found.labels):
                line.append(label, style="bold" if i == 0 else "")
                line.append("  ")
        else:
            line.append("no match", style="italic")
        if found.help:
            line.append(f"· {found.help}", style="dim")
        self.query_one("#command-matches", Static).update(line)

    @on(Input.Submitted, "#command-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value
        self.close()
        try:
            command = parse_command(text)
        except ValueError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Submitted(command))
