"""The `:` command line shows what is typed and completes commands and their arguments."""

from __future__ import annotations

import pytest

from deidtui.tui.widgets.job_table import JobTable
from tests.support import screen_lines, until

from .cached_dashboard import SIZES, cached_dashboard, jobs_shown


def bottom(app, rows: int = 3) -> str:
    return "\n".join(screen_lines(app)[-rows:])


@pytest.mark.parametrize("size", SIZES)
async def test_typed_command_is_visible_with_its_completion(tmp_path, size):
    app = await cached_dashboard(tmp_path)
    async with app.run_test(size=size) as pilot:
        await jobs_shown(app, pilot)
        await pilot.press("colon", "j", "o")
        await until(pilot, lambda: ":jobs" in bottom(app))  # ":jo" typed, "bs" suggested inline
        await pilot.press("tab")
        await until(pilot, lambda: app.screen.focused.value == ":jobs")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen.focused, JobTable))
        assert ":jobs" not in bottom(app)


@pytest.mark.parametrize("size", SIZES)
async def test_arguments_complete_and_matches_are_listed(tmp_path, size):
    app = await cached_dashboard(tmp_path, profile_names=["contoso-prod", "contoso-test"])
    async with app.run_test(size=size) as pilot:
        table = await jobs_shown(app, pilot)
        await pilot.press("colon", *"so", "tab")
        await until(pilot, lambda: app.screen.focused.value == ":sort ")
        await until(pilot, lambda: "name" in bottom(app) and "status" in bottom(app))  # the sort columns
        await pilot.press("n", "tab", "enter")
        await until(pilot, lambda: table.sort_key == "name")
        await pilot.press("colon", *"profile contoso-t")
        await until(pilot, lambda: ":profile contoso-test" in bottom(app))
        await pilot.press("escape")
        await pilot.press("colon", *"theme nor")
        await until(pilot, lambda: ":theme nord" in bottom(app))
        await pilot.press("tab", "enter")
        await until(pilot, lambda: app.theme == "nord")
