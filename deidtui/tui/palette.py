"""The command palette's own entries: what the screen beneath the palette offers, with its keys.

The palette is a screen of its own, so while it is open `app.screen` is the palette: a provider
reads the screen it was opened on (`Provider.screen`). It offers
- every key binding in effect there (the focused pane's, the screen's and the app's), found as
  the key bar finds them, with the key shown; choosing one runs the binding's action exactly as
  its key would (`App.run_action` in the binding's namespace), so availability checks and
  explanations stay where the action is;
- every `:` command, with its arguments (profiles, themes, sort columns), when that screen has a
  command line; choosing one runs it as if typed there.

Bindings the screen hides (another pane's, or one that a read-only profile forbids) are absent
here too, as from the key bar: the palette shows what the keys can do on that screen, no more.
Bindings that exist but do not apply to the selection (cancel on a finished job) are listed and
marked, so a search for them finds them and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode

from .widgets.command_line import COMMANDS, Command, CommandLine

NOT_APPLICABLE = "does not apply to the selection"


@dataclass(frozen=True)
class Entry:
    """One palette entry: its title (what is matched), key, help and what it runs."""

    title: str
    key: str
    help: str
    run: Callable[[], object]
    applies: bool = True
    discover: bool = True


class ScreenCommands(Provider):
    """Every binding and `:` command of the screen the palette was opened on."""

    def entries(self) -> Iterator[Entry]:
        screen = self.screen
        app = self.app
        seen: set[tuple[int, str]] = set()
        for active in screen.active_bindings.values():
            binding, node = active.binding, active.node
            if not binding.description or (id(node), binding.action) in seen:
                continue
            seen.add((id(node), binding.action))
            title = binding.description
            if binding.tooltip and binding.tooltip.lower() != title.lower():
                title = f"{title}: {binding.tooltip}"
            yield Entry(
                title,
                app.get_key_display(binding),
                "" if active.enabled else NOT_APPLICABLE,
                partial(_run_binding, app, binding.action, node),
                applies=active.enabled,
            )
        if not hasattr(screen, "open_command_line"):
            return  # no command line on this screen
        arguments = _command_arguments(screen)
        for name, help_text in COMMANDS.items():
            if name == "quit":
                continue  # `:q` says it
            if name != "filter":  # a bare `:filter` is the `/` binding, listed above
                yield Entry(f":{name}", "", help_text, partial(_run_command, screen, name, ""))
            for value in arguments.get(name, ()):
                yield Entry(f":{name} {value}", "", "", partial(_run_command, screen, name, value), discover=False)

    async def discover(self) -> Hits:
        for entry in self.entries():
            if entry.discover:
                yield DiscoveryHit(self._display(entry, None), entry.run, text=entry.title, help=self._help(entry))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self.entries():
            score = matcher.match(entry.title)
            if score > 0:
                yield Hit(
                    score if entry.applies else score * 0.5,
                    self._display(entry, matcher.highlight(entry.title)),
                    entry.run,
                    text=entry.title,
                    help=self._help(entry),
                )

    @staticmethod
    def _display(entry: Entry, highlighted: Content | None) -> Content:
        title = highlighted if highlighted is not None else Content(entry.title)
        key = Content.styled(f"  {entry.key}", "bold $accent")
        return Content.assemble(title, key)

    @staticmethod
    def _help(entry: Entry) -> str:
        return entry.help


async def _run_binding(app, action: str, namespace: DOMNode) -> None:
    await app.run_action(action, namespace)


def _run_command(screen, name: str, argument: str) -> None:
    screen.post_message(CommandLine.Submitted(Command(name, argument)))


def _command_arguments(screen) -> dict[str, list[str]]:
    lines = screen.query(CommandLine)
    if not lines:
        return {}
    return {name: list(values) for name, values in lines.first().arguments().items()}
