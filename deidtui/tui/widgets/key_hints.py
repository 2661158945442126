"""The key hints line at the bottom (lazygit/k9s style): the keys that work here, and what they do.

One line of text redrawn when the bindings change, instead of Textual's Footer (a widget per key,
recomposed on every focus change, which costs more than the whole queue at start-up). Keys that
exist but do not apply to the current selection are shown dim; keys the current mode forbids (a
read-only profile, another pane) are not shown at all.

When the line is too narrow for every key, what can be done to the highlighted job comes first
(details, cancel, retry, resubmit, new, delete: `JOB_ACTIONS`, in that order), then the focused
pane's keys, the screen's actions and the keys to other panes (`pane.*`), then the ways to
arrange the queue (filter, sort, mark), then keys that do not apply now, then the app's; a key
that does not fit is left out whole, never cut, and help (`?`) and quit (`q`) always keep their
place at the end.

Where panes take turns (narrow or short screens), the line starts with the pane on screen, and the
keys to the other panes come right after the pane's own: they are how the operator gets anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

PINNED = ("help", "quit")  # app actions always shown, at the end
# What the operator came to do to a job, most wanted first: these lead the line when they apply.
JOB_ACTIONS = ("jobs.details", "jobs.cancel", "jobs.retry_failed", "jobs.resubmit", "jobs.new", "jobs.delete")
ARRANGING = ("jobs.filter", "jobs.sort", "jobs.mark")  # ways to arrange the queue: after the actions


@dataclass(frozen=True)
class Hint:
    key: str
    description: str
    enabled: bool
    rank: float  # lower first when space is short

    @property
    def width(self) -> int:
        return cell_len(self.key) + 1 + cell_len(self.description) + 2


def choose(hints: list[Hint], pinned: list[Hint], width: int) -> list[Hint]:
    """The hints that fit in `width` cells, by rank (in their order within a rank), pinned ones last."""
    room = width - sum(h.width for h in pinned)
    kept: set[int] = set()
    for i in sorted(range(len(hints)), key=lambda i: hints[i].rank):
        if hints[i].width <= room:
            kept.add(i)
            room -= hints[i].width
    ordered = sorted(kept, key=lambda i: (hints[i].rank, i))
    return [hints[i] for i in ordered] + pinned


class KeyHints(Static):
    DEFAULT_CSS = """
    KeyHints { dock: bottom; height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._pane: tuple[str, str] | None = None  # (title, binding id) of the pane shown alone
        self._shown: Text | None = None

    def show_pane(self, title: str | None, binding_id: str | None = None) -> None:
        """Say which pane has the screen to itself (None: several are shown)."""
        pane = (title, binding_id or "") if title else None
        if pane != self._pane:
            self._pane = pane
            if self.is_mounted:
                self._changed(self.screen)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)
        self._changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self._changed(self.screen)

    def hints(self, screen: Screen) -> tuple[list[Hint], list[Hint]]:
        """The hints of the screen's active bindings, and the pinned ones."""
        hints: list[Hint] = []
        pinned: dict[str, Hint] = {}
        seen: set[str] = set()
        alone = self._pane[1] if self._pane else None
        for active in screen.active_bindings.values():
            binding, node = active.binding, active.node
            if not binding.show or not binding.description or binding.action in seen:
                continue
            if alone is not None and binding.id == alone:
                continue  # the pane on screen: its name leads the line
            seen.add(binding.action)
            key = self.app.get_key_display(binding)
            if node is self.app and binding.action in PINNED:
                pinned[binding.action] = Hint(key, binding.description, active.enabled, 0)
                continue
            binding_id = binding.id or ""
            rank: float
            if node is self.app:
                rank = 4
            elif not active.enabled:
                rank = 3
            elif binding_id in JOB_ACTIONS:
                rank = -1 + JOB_ACTIONS.index(binding_id) / len(JOB_ACTIONS)
            elif binding_id in ARRANGING:
                rank = 2.5
            elif binding_id.startswith("pane."):
                # Going to another pane: after what can be done here, unless panes take turns.
                rank = 1 if alone is not None else 2
            else:
                rank = 1 if node is screen else 0
            hints.append(Hint(key, binding.description, active.enabled, rank))
        return hints, [pinned[action] for action in PINNED if action in pinned]

    def _changed(self, screen: Screen) -> None:
        hints, pinned = self.hints(screen)
        width = self.content_size.width or self.app.size.width - 2
        text = Text(no_wrap=True, overflow="crop")
        if self._pane is not None:
            text.append(f" {self._pane[0]} ", style="bold reverse")
            text.append("│ ", style="dim")
            width -= text.cell_len
        for hint in choose(hints, pinned, width):
            style = "bold" if hint.enabled else "dim"
            text.append(hint.key, style=f"{style} reverse" if hint.enabled else style)
            text.append(f" {hint.description}  ", style="" if hint.enabled else "dim")
        # Bindings are re-checked whenever a job changes (its actions may have become possible):
        # the line, and the layout `update` asks for, are redone only when its text changed.
        if text != self._shown:
            self._shown = text
            self.update(text)
