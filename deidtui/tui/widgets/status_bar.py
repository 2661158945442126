"""The top line: profile, connectivity and staleness, throttling countdown, request budget, counts.

It tells the truth about freshness: "refreshed 12s ago" counts from the last complete sweep,
"offline" says since when and why, and a throttle shows its countdown. In the fleet view it says
the same of each service, side by side (`set_service`): one offline service never makes the line
claim the others are stale, nor the other way round.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from ...domain.errors import CacheError, DeidError
from ...domain.sanitize import sanitize_line
from ...engine.events import EngineState
from ..formatting import coarse_age

COMPACT_BELOW = 140  # columns: a narrower fleet status line shows each service's state as a symbol
# Columns: a narrower single-service line says its longer parts in short ("↻ 10s ago" for "refreshed
# 10s ago", ":doctor" for ":doctor says why"), so that a warning and the job count still fit at 80.
SHORT_BELOW = 100


IN_MEMORY = "⚠ cache in memory"  # the cache file could not be used: what is seen is not kept


@dataclass(frozen=True, slots=True)
class ServiceLine:
    """What the fleet view's status line says of one service."""

    state: EngineState = EngineState.STARTING
    problem: DeidError | None = None
    last_sweep: datetime | None = None
    throttled_until: float = 0.0  # monotonic
    budget_used: int = 0
    budget_limit: int = 80
    read_only: bool = False
    cache_in_memory: bool = False


def _state_word(state: EngineState, problem: DeidError | None) -> tuple[str, str]:
    """The symbol and word for an engine's state, and their style."""
    if state is EngineState.STARTING:
        return "○ connecting…", "dim"
    if state is EngineState.ONLINE:
        return "● online", "green"
    if state is EngineState.OFFLINE:
        return "✘ offline", "bold red"
    if state is EngineState.SIGNED_OUT:
        return "✘ signed out", "bold red"
    if state is EngineState.FAILED:
        title = f" ({sanitize_line(problem.title).lower()})" if problem else ""
        return f"✘ not connected{title}", "bold red"
    return "stopped", "dim"


def _countdown(until: float, clock: float) -> str | None:
    """A throttle's countdown as shown ("12"), None when there is none."""
    remaining = until - clock
    return f"{remaining:.0f}" if remaining > 0 else None


def _budget_share(used: int, limit: int) -> int:
    """The budget spent, in steps of 10%: exact counts would repaint the line on every request."""
    return min(100, round(used * 10 / max(limit, 1)) * 10)


class StatusBar(Widget):
    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    # Not repainted on every change: the budget moves with every request, yet the line shows it in
    # steps of 10%. Each change only asks whether the line's text changed (`_repaint_if_changed`).
    profile = reactive("", repaint=False)
    state: reactive[EngineState] = reactive(EngineState.STARTING, repaint=False)
    problem: reactive[DeidError | None] = reactive(None, repaint=False)
    last_sweep: reactive[datetime | None] = reactive(None, repaint=False)
    throttled_until = reactive(0.0, repaint=False)
    budget_used = reactive(0, repaint=False)
    budget_limit = reactive(80, repaint=False)
    read_only = reactive(False, repaint=False)
    cache_in_memory = reactive(False, repaint=False)  # no cache file: nothing is kept after exit
    jobs_shown = reactive(0, repaint=False)
    jobs_total = reactive(0, repaint=False)
    marked = reactive(0, repaint=False)
    filter_text = reactive("", repaint=False)

    def __init__(self, *, services: list[str] | None = None, id: str | None = None) -> None:
        """`services`: the fleet view's services, each with its own state on the line."""
        super().__init__(id=id)
        self.services: dict[str, ServiceLine] = {name: ServiceLine() for name in services or ()}
        self._shown: Text | None = None  # the line as last rendered
        self._shown_facts: tuple | None = None  # what it said then (`_facts`)
        self.repaints = 0  # how often the line was rendered (tests count it)
        self.texts_built = 0  # how often its text was built (tests count it)

    def set_service(self, name: str, **changes: Any) -> None:
        """Update what the line says of one service of the fleet."""
        self.services[name] = replace(self.services.get(name, ServiceLine()), **changes)
        self._repaint_if_changed()

    def on_mount(self) -> None:
        # A look once a second keeps "refreshed N s ago" (10 s steps) and a throttle's countdown
        # honest; the line is repainted only when what it says changed, a few times a minute.
        self.set_interval(1.0, self._repaint_if_changed)

    def _repaint_if_changed(self) -> None:
        # A cheap comparison of facts: the text itself is built only when the line is repainted.
        if self._shown_facts is not None and self._facts() != self._shown_facts:
            self._shown_facts = None  # one repaint asked for, however many changes come before it
            self.refresh()

    # Every reactive change asks the same question (Textual calls `watch_<name>` after a change).
    watch_profile = watch_state = watch_problem = watch_last_sweep = _repaint_if_changed
    watch_throttled_until = watch_budget_used = watch_budget_limit = watch_read_only = _repaint_if_changed
    watch_cache_in_memory = _repaint_if_changed
    watch_jobs_shown = watch_jobs_total = watch_marked = watch_filter_text = _repaint_if_changed

    def _facts(self) -> tuple:
        """Everything the line says, as it says it (ages in their 10 s steps, the budget in tenths,
        a countdown in seconds): equal facts make the same line. The text is made from these alone."""
        now = datetime.now(UTC)
        clock = time.monotonic()
        counts = (self.jobs_shown, self.jobs_total, self.filter_text, self.marked)
        if self.services:
            compact = self.size.width < COMPACT_BELOW
            services = tuple(
                (
                    name,
                    line.state,
                    line.problem,
                    line.read_only,
                    coarse_age(line.last_sweep, now) if line.last_sweep is not None else None,
                    _countdown(line.throttled_until, clock),
                    _budget_share(line.budget_used, line.budget_limit),
                    line.cache_in_memory,
                )
                for name, line in self.services.items()
            )
            return (compact, services, counts)
        age = coarse_age(self.last_sweep, now) if self.last_sweep is not None else None
        throttle = _countdown(self.throttled_until, clock)
        budget = _budget_share(self.budget_used, self.budget_limit)
        return (
            self.size.width < SHORT_BELOW,
            self.profile,
            self.read_only,
            self.state,
            self.problem,
            self.cache_in_memory,
            age,
            throttle,
            budget,
            counts,
        )

    def _compose_text(self) -> Text:
        return self._text_of(self._facts())

    def _text_of(self, facts: tuple) -> Text:
        self.texts_built += 1
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("deidtui", style="bold")
        if self.services:
            compact, services, counts = facts
            self._compose_services(text, compact, services)
            self._compose_counts(text, *counts)
            return text
        short, profile, read_only, state, problem, in_memory, age, throttle, budget, counts = facts
        text.append(f" ▸ {sanitize_line(profile)}", style="bold")
        if read_only:
            text.append("  [read-only]", style="bold yellow")
        text.append("  ")
        word, style = _state_word(state, problem)
        text.append(word, style=style)
        if state in (EngineState.OFFLINE, EngineState.SIGNED_OUT, EngineState.FAILED) and not isinstance(
            problem, CacheError
        ):
            text.append(" · :doctor" if short else " · :doctor says why", style="bold yellow")
        if in_memory:
            text.append(f"  {IN_MEMORY}", style="bold yellow")
        refreshed = "↻" if short else "refreshed"
        if age is not None:
            stale = state is not EngineState.ONLINE
            text.append(f"  {refreshed} {age}", style="bold yellow" if stale else "dim")
        elif state is EngineState.ONLINE:
            text.append(f"  {refreshed} not yet" if short else "  not refreshed yet", style="dim")
        if throttle is not None:
            throttled = f"⏸ throttled {throttle}s" if short else f"⏸ throttled, retrying in {throttle}s"
            text.append(f"  {throttled}", style="bold yellow")
        text.append(f"  budget {budget}%", style="bold yellow" if budget >= 80 else "dim")
        self._compose_counts(text, *counts)
        return text

    @staticmethod
    def _compose_services(text: Text, compact: bool, services: tuple) -> None:
        """Each service: its state, how fresh its jobs are, a throttle's countdown, a budget nearly spent."""
        # On a narrow terminal each service shows its symbol alone (● ✘ ○), so that every service
        # and the counts still fit on the line.
        text.append(f" ▸ fleet of {len(services)}", style="bold")
        for name, state, problem, read_only, age, throttle, budget, in_memory in services:
            word, style = _state_word(state, problem)
            text.append(f"  {sanitize_line(name)} ", style="bold")
            text.append(word.split(" ", 1)[0] if compact else word, style=style)
            if read_only:
                text.append(" [ro]", style="yellow")
            if in_memory:
                text.append(" ⚠" if compact else f" {IN_MEMORY}", style="bold yellow")
            if age is not None:
                stale = state is not EngineState.ONLINE
                text.append(f" {age}", style="bold yellow" if stale else "dim")
            if throttle is not None:
                text.append(f" ⏸ throttled {throttle}s", style="bold yellow")
            if budget >= 80:
                text.append(f" budget {budget}%", style="bold yellow")

    @staticmethod
    def _compose_counts(text: Text, jobs_shown: int, jobs_total: int, filter_text: str, marked: int) -> None:
        shown = f"{jobs_shown}/{jobs_total}" if filter_text else f"{jobs_total}"
        text.append(f"  jobs {shown}", style="dim")
        if filter_text:
            text.append(f"  filter: {sanitize_line(filter_text)}", style="italic")
        if marked:
            text.append(f"  ● {marked} marked", style="bold yellow")

    def render(self) -> Text:
        facts = self._facts()
        text = self._text_of(facts)
        self._shown, self._shown_facts = text, facts
        self.repaints += 1
        return text
