"""What the app has done: requests (with priority, outcome, time), actions and errors; no secrets.

Two tables: the engine's recent activity (in memory, newest first) and the audit log of operator
actions kept in the cache (who, when, what, outcome).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, TabbedContent, TabPane

from ...domain.errors import DeidError
from ...domain.sanitize import sanitize_line
from ...engine import Engine
from ..formatting import timestamp


class ActivityScreen(Screen[None]):
    DEFAULT_CSS = """
    ActivityScreen DataTable { height: 1fr; }
    ActivityScreen .summary { padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="activity.close"),
        Binding("r", "reload", "Reload", id="activity.reload"),
    ]

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self._engine = engine

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("", classes="summary", id="summary")
            with TabbedContent():
                with TabPane("Requests and events", id="activity"):
                    yield DataTable(id="requests", cursor_type="row", zebra_stripes=True)
                with TabPane("Audit log (actions)", id="audit"):
                    yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    async def on_mount(self) -> None:
        requests = self.query_one("#requests", DataTable)
        requests.add_columns("time", "kind", "priority", "operation", "target", "outcome", "ms")
        audit = self.query_one("#audit-table", DataTable)
        audit.add_columns("time", "user", "action", "jobs", "outcome", "detail")
        await self.action_reload()
        self.set_interval(2.0, self.action_reload)

    async def action_reload(self) -> None:
        activity = self._engine.activity
        entries = list(reversed(activity.recent(1000)))
        table = self.query_one("#requests", DataTable)
        if table.row_count != len(entries) or (
            entries and table.row_count and table.get_row_at(0)[0] != timestamp(entries[0].at)
        ):
            table.clear()
            for entry in entries:
                outcome = Text(entry.outcome, style="green" if entry.outcome == "ok" else "bold red")
                table.add_row(
                    timestamp(entry.at),
                    entry.kind,
                    entry.priority or "",
                    entry.operation,
                    Text(sanitize_line(entry.target or "")),
                    outcome,
                    f"{entry.duration_ms:.0f}" if entry.duration_ms is not None else "",
                )
        snapshot = self._engine.budget_snapshot()
        self.query_one("#summary", Label).update(
            Text(
                f"{activity.requests} requests, {activity.errors} errors this session · budget {snapshot.used}/"
                f"{snapshot.limit} per {snapshot.window:g} s, {snapshot.waiting} waiting"
                + (f", paused {snapshot.paused_for:.0f} s" if snapshot.paused_for else "")
            )
        )
        try:
            log = await self._engine.audit_log(limit=500)
        except DeidError as error:  # no cache: the requests above still show
            self.query_one("#audit-table", DataTable).border_title = sanitize_line(error.title)
            return
        audit = self.query_one("#audit-table", DataTable)
        if audit.row_count != len(log):
            audit.clear()
            for item in log:
                audit.add_row(
                    timestamp(item.at),
                    Text(sanitize_line(item.user)),
                    item.action,
                    Text(sanitize_line(", ".join(item.targets))),
                    Text(item.outcome, style="green" if item.outcome == "ok" else "bold red"),
                    Text(sanitize_line(item.detail)),
                )
