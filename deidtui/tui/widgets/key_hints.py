"""The key hints line at the bottom (lazygit/k9s style): the keys that work here, and what they do.

One line of text redrawn when the bindings change, instead of Textual's Footer (a widget per key,
recomposed on every focus change, which costs more than the whole queue at start-up). Keys that
exist but do not apply to the current selection are shown dim; keys the current mode forbids (a
read-only profile, another pane) are not shown at all.
"""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static


class KeyHints(Static):
    DEFAULT_CSS = """
    KeyHints { dock: bottom; height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)
        self._changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _changed(self, screen: Screen) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            key = self.app.get_key_display(binding)
            style = "bold" if active.enabled else "dim"
            text.append(f"{key}", style=f"{style} reverse" if active.enabled else style)
            text.append(f" {binding.description}  ", style="" if active.enabled else "dim")
        self.update(text)
