"""The command palette (ctrl+p) offers what the screen beneath it offers: the focused pane's keys,
the screen's and the app's, and every `:` command, each with its key."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from deidtui.tui.screens.main import MainScreen
from tests.support import screen_text, until

from .cached_dashboard import SIZES, cached_dashboard, jobs_shown


async def search(app, pilot, text: str) -> None:
    """Open the palette afresh and type `text`, as an operator would."""
    if isinstance(app.screen, CommandPalette):
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*text)


async def shows(app, pilot, text: str) -> None:
    try:
        await until(pilot, lambda: text in screen_text(app), timeout=10)
    except AssertionError:
        raise AssertionError(f"{text!r} not on screen:\n{screen_text(app)}") from None


@pytest.mark.parametrize("size", SIZES)
async def test_job_actions_and_commands_are_in_the_palette_with_their_keys(tmp_path, size):
    app = await cached_dashboard(tmp_path, profile_names=["contoso-prod", "contoso-test"])
    async with app.run_test(size=size) as pilot:
        await jobs_shown(app, pilot)
        await pilot.press("1")
        for query, expected in [
            ("new", "New: Create a job"),
            ("cancel", "Cancel: Cancel the marked or highlighted jobs  c"),
            ("sort", ":sort name"),
            ("sort", "Sort: Sort by the next column  s"),
            ("refresh", ":refresh"),
            ("filter", "Filter: Filter the queue"),
            ("profile", ":profile contoso-test"),
        ]:
            await search(app, pilot, query)
            await shows(app, pilot, expected)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))


@pytest.mark.parametrize("size", SIZES)
async def test_choosing_an_entry_runs_it_on_the_screen_beneath(tmp_path, size):
    app = await cached_dashboard(tmp_path)
    async with app.run_test(size=size) as pilot:
        table = await jobs_shown(app, pilot)
        await pilot.press("1")
        await search(app, pilot, ":sort status")
        await until(pilot, lambda: ":sort status" in screen_text(app))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and table.sort_key == "status")
        before = table.sort_key
        await search(app, pilot, "Sort by the next")
        await until(pilot, lambda: "Sort: Sort by the next column" in screen_text(app))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and table.sort_key != before)
        await search(app, pilot, "New: Create")
        await until(pilot, lambda: "New: Create a job" in screen_text(app))
        await pilot.press("enter")
        # This engine never connects: the entry says why it cannot run, as the key would.
        await until(pilot, lambda: any("still connecting" in toast.text for toast in app.toasts))
        assert isinstance(app.screen, MainScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_an_action_that_does_not_apply_is_listed_and_marked(tmp_path, size):
    app = await cached_dashboard(tmp_path)
    async with app.run_test(size=size) as pilot:
        table = await jobs_shown(app, pilot)
        await pilot.press("1", "G")  # the oldest job, finished: nothing to cancel
        await until(pilot, lambda: table.highlighted == "cardio-2024-surrogate")
        await until(pilot, lambda: app.screen.check_action("cancel_jobs", ()) is None)
        await search(app, pilot, "cancel")
        await until(pilot, lambda: "Cancel: Cancel the marked" in screen_text(app))
        assert "does not apply to the selection" in screen_text(app)
