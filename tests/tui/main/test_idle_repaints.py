"""What an idle dashboard repaints: only lines whose text changed (each repaint is bytes over SSH).

Counted, not timed: the status line looks every second but repaints (and builds its text) only
when what it says changed; the key hints are rebuilt when a job's change re-checks the bindings,
but laid out again only when their text changed; a toast coming and going leaves the tables'
scrollbars alone.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import UTC, datetime, timedelta

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.strip import Strip

from deidtui.engine.events import EngineState
from deidtui.tui.widgets.key_hints import KeyHints
from deidtui.tui.widgets.line_table import LineTable
from deidtui.tui.widgets.status_bar import StatusBar
from tests.support import until

from .cached_dashboard import cached_dashboard, jobs_shown


class StatusApp(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")


async def test_an_idle_minute_with_requests_but_no_visible_change_repaints_the_status_line_at_most_once():
    app = StatusApp()
    async with app.run_test(size=(160, 3)) as pilot:
        status = app.query_one(StatusBar)
        status.profile = "contoso-prod"
        status.state = EngineState.ONLINE
        status.budget_limit = 1000
        status.jobs_total = 200
        status.last_sweep = datetime.now(UTC) - timedelta(minutes=15)  # "15m ago": a minute per step
        await until(pilot, lambda: status._shown is not None and "jobs 200" in status._shown.plain)
        await pilot.pause()
        before, built = status.repaints, status.texts_built
        for second in range(60):  # a minute of requests (the budget moves) and of the 1 s look
            status.budget_used = second // 2  # 0-29 of 1000: "budget 0%" throughout
            status.jobs_total = 200  # set again, unchanged
            status._repaint_if_changed()
            await pilot.pause()
        # At most one: the age may pass to "16m ago" during the minute.
        assert status.repaints - before <= 1, status.repaints - before
        # Sixty looks and 120 changes compared what the line says; its text was built only to be shown.
        assert status.texts_built - built == status.repaints - before, (status.texts_built - built, status.repaints)

        before = status.repaints
        status.budget_used = 900  # a change the line shows: repainted once
        await until(pilot, lambda: status.repaints == before + 1)
        assert "budget 90%" in status.render().plain
        before = status.repaints
        status.state = EngineState.OFFLINE
        await until(pilot, lambda: status.repaints == before + 1)
        assert "offline" in status._compose_text().plain


async def test_rechecked_bindings_that_change_nothing_do_not_lay_the_key_hints_out_again(tmp_path):
    app = await cached_dashboard(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await jobs_shown(app, pilot)
        await pilot.pause()
        hints = app.screen.query_one(KeyHints)
        updates: list[str] = []
        update = hints.update
        hints.update = lambda content="", **options: (updates.append(str(content)), update(content, **options))[1]  # type: ignore[method-assign]
        for _ in range(20):  # what every job change does: the actions allowed may have changed
            app.screen.refresh_bindings()
            await pilot.pause()
        assert updates == []
        await pilot.press("3")  # another pane: other keys apply, the hints change
        await until(pilot, lambda: len(updates) >= 1)


class Numbers(LineTable):
    """The smallest line table: `count` rows of numbers."""

    def __init__(self, count: int) -> None:
        super().__init__(id="numbers")
        self.count = count

    @property
    def row_count(self) -> int:
        return self.count

    def render_header(self, width: int) -> Strip:
        return Strip([Segment("number".ljust(width))], width)

    def row_signature(self, index: int) -> Hashable:
        return index

    def render_row(self, index: int, width: int, is_cursor: bool) -> Strip:
        return Strip([Segment(str(index).ljust(width))], width)


class NumbersApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Numbers(200)


async def test_a_toast_coming_and_going_does_not_redraw_a_tables_scrollbar_which_still_follows_its_rows():
    app = NumbersApp()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        table = app.query_one(Numbers)
        scrollbar = table.vertical_scrollbar
        await until(pilot, lambda: scrollbar.window_virtual_size == 201)
        refreshes: list[int] = []
        refresh = scrollbar.refresh
        scrollbar.refresh = lambda *a, **k: (refreshes.append(1), refresh(*a, **k))[1]  # type: ignore[method-assign]
        app.notify("a job finished", timeout=0.3)
        await until(pilot, lambda: app.screen.query("Toast"))
        await until(pilot, lambda: not app.screen.query("Toast"))  # and gone again
        await pilot.pause()
        assert refreshes == []  # the screen was laid out twice, the table did not change
        table.count = 500  # rows arrive: the scrollbar shows them
        table.rows_changed()
        await until(pilot, lambda: scrollbar.window_virtual_size == 501)
        assert refreshes
