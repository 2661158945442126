"""Panes whose parts mount right after the screen's first frame.

Textual draws a screen's first frame only once everything composed in it is mounted and styled.
An operator starting the dashboard looks at the job queue first, so the storage and detail panes
can show their frame (border and size) in that first frame and mount their parts in the next
one: about 60 ms sooner for the queue, and nothing moves when the parts arrive.

A pane using this mixin composes nothing while `parts_deferred` is true, calls `schedule_parts()`
from its `on_mount`, and does whatever needs its parts in `parts_built()`. Until then, anything
that would touch a part must check `parts_ready` (or wait on it). Focusing the pane focuses
its `focus_target` part, once it is there.
"""

from __future__ import annotations

import asyncio

from textual.widget import Widget


class DeferredParts(Widget):
    """Base for a pane whose children are composed after the first frame when asked to."""

    def __init__(self, *, defer_parts: bool = False, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.parts_deferred = defer_parts
        self.parts_ready = asyncio.Event()
        self._focus_asked: tuple[Widget | None] | None = None  # (what had focus then,) if asked before the parts

    def schedule_parts(self) -> None:
        """From `on_mount`: build the parts after the next refresh, or now if they were composed."""
        if self.parts_deferred:
            self.call_after_refresh(self._build_parts)
        else:
            self._parts_done()

    async def _build_parts(self) -> None:
        if not self.is_attached:
            return
        self.parts_deferred = False
        await self.recompose()
        if not self.children:
            # Textual's recompose mounts nothing for a widget being removed (the app quitting
            # during start-up): there are no parts to use, and none will come.
            return
        self._parts_done()

    def _parts_done(self) -> None:
        self.parts_ready.set()
        self.parts_built()
        asked, self._focus_asked = self._focus_asked, None
        # A pane chosen before its parts were there (a key pressed at start-up) gets the focus now,
        # unless another widget has taken it since.
        if asked is not None and self.screen.focused in (None, asked[0]):
            self.focus_target.focus()

    def parts_built(self) -> None:
        """The parts are mounted (override)."""

    @property
    def focus_target(self) -> Widget:
        """The part that takes the keys when the pane is focused (override)."""
        raise NotImplementedError

    def focus(self, scroll_visible: bool = True) -> DeferredParts:
        """Focus goes to `focus_target` once the parts are mounted; to the pane itself when it
        can take focus (a pane with nothing else to focus)."""
        if self.can_focus:
            return super().focus(scroll_visible)
        if self.parts_ready.is_set():
            self.focus_target.focus(scroll_visible)
        elif self.is_attached:
            self._focus_asked = (self.screen.focused,)
        return self
