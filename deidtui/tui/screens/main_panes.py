"""Which of the main screen's panes are shown, and which one has the keys: the operator chooses
with 1 2 3, `b`, enter and esc, or by moving the focus, and `pane_layout.arrange` says what the
screen's size makes of that choice (side by side, or one pane at a time on small screens). A mixin
of `MainScreen`, which sets up the state it keeps.
"""

from __future__ import annotations

from textual import events
from textual.containers import Vertical
from textual.screen import Screen
from textual.widget import Widget

from ..widgets.containers import ContainersPane
from ..widgets.job_detail import JobDetail
from ..widgets.job_table import JobTable
from ..widgets.key_hints import KeyHints
from .pane_layout import CONTAINERS_MIN_WIDTH, PANE_TITLES, Arrangement, Pane, arrange


class PaneChoice(Screen[None]):
    _pane: Pane
    _job_pane: Pane
    _storage_open: bool
    _storage_alone: bool
    _key_hints: KeyHints

    def _arrangement(self, width: int, height: int) -> Arrangement:
        return arrange(width, height, self._pane, self._job_pane, self._storage_open)

    def _arrange_panes(self) -> None:
        """Show the panes the screen's size and the operator's choice call for (`pane_layout.py`)."""
        self._apply_arrangement(
            self._arrangement(*self.size),
            self.query_one(ContainersPane),
            self.query_one("#right", Vertical),
            self.query_one(JobTable),
            self.query_one(JobDetail),
        )

    def _apply_arrangement(
        self, arrangement: Arrangement, containers: ContainersPane, right: Vertical, jobs: JobTable, detail: JobDetail
    ) -> None:
        # On the parts themselves, and only what changes: a class would restyle every pane's subtree.
        for widget, shown in (
            (containers, arrangement.containers),
            (right, arrangement.jobs or arrangement.detail),
            (jobs, arrangement.jobs),
            (detail, arrangement.detail),
        ):
            if widget.display != shown:
                widget.display = shown
        if arrangement.storage_alone != self._storage_alone:
            self._storage_alone = arrangement.storage_alone
            spans = arrangement.storage_alone
            containers.styles.width = "1fr" if spans else None  # None: back to its CSS width and border
            containers.styles.border_right = ("none", "transparent") if spans else None
        alone = arrangement.alone
        self._key_hints.show_pane(PANE_TITLES[alone] if alone else None, f"pane.{alone}" if alone else None)

    def action_focus_pane(self, pane: Pane) -> None:
        """Show `pane` (alone, where panes take turns) and give it the keys."""
        self._choose(pane)
        self.query_one(f"#{pane}").focus()

    def _choose(self, pane: Pane) -> None:
        self._pane = pane
        if pane != "containers":
            self._job_pane = pane
        elif self.size.width >= CONTAINERS_MIN_WIDTH:
            self._storage_open = True
        self._arrange_panes()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Focus that moves by other means (tab, a click, a pane handing it on) chooses its pane too."""
        pane = self._pane_of(event.widget)
        if pane is not None and pane != self._pane:
            self._choose(pane)

    @staticmethod
    def _pane_of(widget: Widget) -> Pane | None:
        for node in widget.ancestors_with_self:
            if node.id in ("containers", "detail", "jobs"):
                return node.id  # type: ignore[return-value]
            if node.id == "right":
                return "jobs"  # the filter belongs to the queue
        return None

    def action_toggle_containers(self) -> None:
        if self.size.width < CONTAINERS_MIN_WIDTH:  # the storage pane can only be shown alone
            self.action_focus_pane(self._job_pane if self._pane == "containers" else "containers")
            return
        self._storage_open = not self._storage_open
        if not self._storage_open and self._pane == "containers":
            self.action_focus_pane(self._job_pane)
        else:
            self._arrange_panes()
