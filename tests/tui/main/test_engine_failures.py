"""An engine that cannot work (no network, no sign-in, a broken configuration, no cache file) leaves
a dashboard whose every key, `:` command and palette entry answers: it does what it can, or says
why not. Nothing exits, nothing hangs, nothing raises."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.command import CommandPalette

from deidtui.config import PollSettings, Profile
from deidtui.engine import Engine, EngineState
from deidtui.tui.app import DeidApp
from deidtui.tui.screens.main import MainScreen
from deidtui.tui.widgets.job_table import JobTable
from deidtui.tui.widgets.status_bar import StatusBar
from tests.support import until

from .synthetic_queue import fill

POLL = PollSettings(active_interval=0.5, sweep_interval=2.0, budget_requests=80, budget_window=5.0)

# The keys that act on jobs or the service: each must answer with a toast when it cannot run.
ACTION_KEYS = ("n", "c", "d", "R", "F", "ctrl+r")
# The other keys an operator presses: each must leave the app running and responsive.
OTHER_KEYS = ("1", "2", "3", "1", "j", "k", "G", "g", "space", "s", "S", "enter", "escape", "b", "b", "f", "escape")
COMMANDS = ("new", "refresh", "jobs", "containers", "detail", "sort name", "filter op:tag", "filter", "activity")
PALETTE = (  # the entries of the job actions, as their titles start
    "Cancel: Cancel the",
    "Delete: Delete",
    "Resubmit: Submit",
    "Retry failed: Copy",
    "New: Create",
    "Refresh: Refresh",
)


async def broken_cache(tmp_path: Path) -> Path:
    path = tmp_path / "a-directory.sqlite3"
    path.mkdir()  # not a file: SQLite cannot open it
    return path


async def filled_cache(tmp_path: Path) -> Path:
    path = tmp_path / "jobs.sqlite3"
    await fill(path)
    return path


FAILURES = {
    # connection refused: the service never answers
    "no network": (
        Profile(name="contoso-prod", endpoint="http://127.0.0.1:9", credential="local", poll=POLL),
        filled_cache,
        EngineState.OFFLINE,
    ),
    # https, and the environment credential with nothing in the environment: sign-in fails
    "no sign-in": (
        Profile(name="contoso-prod", endpoint="https://127.0.0.1:9", credential="environment", poll=POLL),
        filled_cache,
        EngineState.SIGNED_OUT,
    ),
    # a token credential for a plain-http storage account: the engine cannot start at all
    "broken configuration": (
        Profile(
            name="contoso-prod",
            endpoint="http://127.0.0.1:9",
            credential="environment",
            storage_account_urls=("http://127.0.0.1:10000/devstoreaccount1",),
            poll=POLL,
        ),
        filled_cache,
        EngineState.FAILED,
    ),
    # the cache path is a directory: the engine works from a cache in memory, and the service is down
    "no cache file": (
        Profile(name="contoso-prod", endpoint="http://127.0.0.1:9", credential="local", poll=POLL),
        broken_cache,
        EngineState.OFFLINE,
    ),
}


def answered(app: DeidApp, toasts_before: int, screen_before: object) -> bool:
    return len(app.toasts) > toasts_before or app.screen is not screen_before


async def back_to_main(app: DeidApp, pilot) -> None:
    for _ in range(5):
        if isinstance(app.screen, MainScreen):
            return
        await pilot.press("escape")
        await pilot.pause()
    await until(pilot, lambda: isinstance(app.screen, MainScreen))


@pytest.mark.parametrize("failure", list(FAILURES))
async def test_every_key_command_and_palette_entry_answers_when_the_engine_cannot_work(tmp_path, monkeypatch, failure):
    for variable in ("AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_USERNAME"):
        monkeypatch.delenv(variable, raising=False)
    profile, make_cache, expected = FAILURES[failure]
    cache = await make_cache(tmp_path)
    app = DeidApp(Engine(profile, cache_path=cache, foreign_check=0.05))
    async with app.run_test(size=(160, 48)) as pilot:
        status = app.screen.query_one(StatusBar)
        await until(pilot, lambda: status.state in (EngineState.OFFLINE, EngineState.SIGNED_OUT, EngineState.FAILED))
        assert status.state is expected
        table = app.screen.query_one(JobTable)
        if failure != "no cache file":
            await until(pilot, lambda: table.total_count == 7)  # the cached jobs are still there
        for key in ACTION_KEYS:
            table.focus()
            await pilot.pause()
            seen, screen = len(app.toasts), app.screen
            await pilot.press(key)
            await until(pilot, lambda seen=seen, screen=screen: answered(app, seen, screen), timeout=15)
            await back_to_main(app, pilot)
        for key in OTHER_KEYS:
            await pilot.press(key)
            await pilot.pause()
            await back_to_main(app, pilot)
        for command in COMMANDS:
            seen, screen = len(app.toasts), app.screen
            await pilot.press("colon", *command, "enter")
            if command.split()[0] in ("new", "refresh", "activity"):
                await until(pilot, lambda seen=seen, screen=screen: answered(app, seen, screen), timeout=15)
            await back_to_main(app, pilot)
        for entry in PALETTE:
            table.focus()
            await pilot.press("ctrl+p")
            await until(pilot, lambda: isinstance(app.screen, CommandPalette))
            await pilot.press(*entry)
            await pilot.pause(0)
            seen = len(app.toasts)
            await pilot.press("enter")
            await until(pilot, lambda seen=seen: not isinstance(app.screen, CommandPalette) or len(app.toasts) > seen)
            await until(pilot, lambda seen=seen: len(app.toasts) > seen or not isinstance(app.screen, MainScreen))
            await back_to_main(app, pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)
        assert not [toast for toast in app.toasts if toast.title.startswith("Internal error")], [
            (toast.title, toast.text) for toast in app.toasts
        ]
    assert app.return_code in (0, None)
    await asyncio.sleep(0)
