"""Pictures of the dashboard at 80x24 and 160x48 from a fixed cache, with time and timezone pinned.

Each run_before also asserts the state it pictures, so a snapshot is never the only check.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import time_machine

from deidtui.config import Profile
from deidtui.engine import BudgetUse, Engine, EngineState, EngineStatus, SweepFinished
from deidtui.tui.app import DeidApp
from deidtui.tui.messages import BudgetChanged, StatusChanged, SweepDone
from deidtui.tui.widgets.job_detail import JobDetail
from deidtui.tui.widgets.job_table import JobTable
from deidtui.tui.widgets.status_bar import StatusBar
from tests.support import until

from .synthetic_queue import NOW, fill


@pytest.fixture
def pinned(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    with time_machine.travel(NOW, tick=False):
        yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
async def dashboard(tmp_path, pinned) -> DeidApp:
    cache = tmp_path / "snap.sqlite3"
    await fill(cache)
    profile = Profile(name="contoso-prod", endpoint="https://contoso.api.eus001.deid.azure.com", credential="cli")
    return DeidApp(Engine(profile, cache_path=cache), start_engine=False)


async def settle(app: DeidApp, pilot) -> JobTable:
    await until(pilot, lambda: app.screen.query(JobTable) and app.screen.query_one(JobTable).total_count == 7)
    # What a running engine would say (this one is never started: no network in a picture).
    app.screen.post_message(StatusChanged(EngineStatus(EngineState.ONLINE, None, NOW)))
    app.screen.post_message(SweepDone(SweepFinished(NOW - timedelta(seconds=12), 7, 1)))
    app.screen.post_message(BudgetChanged(BudgetUse(8, 80, 5.0, 0)))
    status = app.screen.query_one(StatusBar)
    await until(pilot, lambda: status.state is EngineState.ONLINE and status.budget_used == 8)
    table = app.screen.query_one(JobTable)
    detail = app.screen.query_one(JobDetail)
    # the detail pane loads the highlighted job from the cache, and its documents
    await until(pilot, lambda: detail.cached is not None and detail.shown_name == table.highlighted)
    await until(pilot, lambda: detail.table.total_count > 0)
    return table


def test_dashboard_at_160x48(snap_compare, dashboard):
    async def run_before(pilot) -> None:
        table = await settle(dashboard, pilot)
        assert table.order[0] == "urgence-fr-surrogate" and table.highlighted == "urgence-fr-surrogate"
        row = table.render_line(1).text
        assert "▶ running" in row and "212/600" in row
        assert "✘ partial" in table.render_line(5).text
        assert "refreshed 10s ago" in dashboard.screen.query_one(StatusBar).render().plain

    assert snap_compare(dashboard, terminal_size=(160, 48), run_before=run_before)


def test_dashboard_at_80x24_with_a_filter(snap_compare, dashboard):
    async def run_before(pilot) -> None:
        table = await settle(dashboard, pilot)
        await pilot.press("slash", *"status:failed", "enter")
        await until(pilot, lambda: set(table.order) == {"typo-in-prefix", "emergency-redact"})
        assert "filter: status:failed" in dashboard.screen.query_one(StatusBar).render().plain

    assert snap_compare(dashboard, terminal_size=(80, 24), run_before=run_before)


def test_help_lists_the_keys_of_the_focused_pane(snap_compare, dashboard):
    async def run_before(pilot) -> None:
        await settle(dashboard, pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: type(dashboard.screen).__name__ == "HelpScreen")

    assert snap_compare(dashboard, terminal_size=(100, 40), run_before=run_before)
