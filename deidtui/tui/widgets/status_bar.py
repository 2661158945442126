"""The top line: profile, connectivity and staleness, throttling countdown, request budget, counts.

It tells the truth about freshness: "refreshed 12s ago" counts from the last complete sweep,
"offline" says since when and why, and a throttle shows its countdown.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from ...domain.errors import CacheError, DeidError
from ...domain.sanitize import sanitize_line
from ...engine.events import EngineState
from ..formatting import coarse_age


class StatusBar(Widget):
    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    profile = reactive("", layout=False)
    state: reactive[EngineState] = reactive(EngineState.STARTING)
    problem: reactive[DeidError | None] = reactive(None)
    last_sweep: reactive[datetime | None] = reactive(None)
    throttled_until = reactive(0.0)
    budget_used = reactive(0)
    budget_limit = reactive(80)
    read_only = reactive(False)
    jobs_shown = reactive(0)
    jobs_total = reactive(0)
    marked = reactive(0)
    filter_text = reactive("")

    def on_mount(self) -> None:
        # One cheap repaint a second keeps "refreshed N s ago" and countdowns honest; the line is
        # short, so this costs a few bytes per second over SSH.
        self.set_interval(1.0, self._tick)
        self._last_text = ""

    def _tick(self) -> None:
        text = self._compose_text().plain
        if text != self._last_text:
            self.refresh()

    def _compose_text(self) -> Text:
        now = datetime.now(UTC)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("deidtui", style="bold")
        text.append(f" ▸ {sanitize_line(self.profile)}", style="bold")
        if self.read_only:
            text.append("  [read-only]", style="bold yellow")
        text.append("  ")
        remaining = self.throttled_until - time.monotonic()
        state = self.state
        if state is EngineState.STARTING:
            text.append("○ connecting…", style="dim")
        elif state is EngineState.ONLINE:
            text.append("● online", style="green")
        elif state is EngineState.OFFLINE:
            text.append("✘ offline", style="bold red")
        elif state is EngineState.SIGNED_OUT:
            text.append("✘ signed out", style="bold red")
        elif state is EngineState.FAILED:
            title = f" ({sanitize_line(self.problem.title).lower()})" if self.problem else ""
            text.append(f"✘ not connected{title}", style="bold red")
        else:
            text.append("stopped", style="dim")
        if state in (EngineState.OFFLINE, EngineState.SIGNED_OUT, EngineState.FAILED) and not isinstance(
            self.problem, CacheError
        ):
            text.append(" · :doctor says why", style="bold yellow")
        if self.last_sweep is not None:
            stale = state is not EngineState.ONLINE
            text.append(f"  refreshed {coarse_age(self.last_sweep, now)}", style="bold yellow" if stale else "dim")
        elif state is EngineState.ONLINE:
            text.append("  not refreshed yet", style="dim")
        if remaining > 0:
            text.append(f"  ⏸ throttled, retrying in {remaining:.0f}s", style="bold yellow")
        # The budget in steps of 10%: exact counts would repaint this line on every request.
        share = min(100, round(self.budget_used * 10 / max(self.budget_limit, 1)) * 10)
        text.append(f"  budget {share}%", style="bold yellow" if share >= 80 else "dim")
        shown = f"{self.jobs_shown}/{self.jobs_total}" if self.filter_text else f"{self.jobs_total}"
        text.append(f"  jobs {shown}", style="dim")
        if self.filter_text:
            text.append(f"  filter: {sanitize_line(self.filter_text)}", style="italic")
        if self.marked:
            text.append(f"  ● {self.marked} marked", style="bold yellow")
        return text

    def render(self) -> Text:
        text = self._compose_text()
        self._last_text = text.plain
        return text
