"""The dashboard's start-up order: the first frame shows the cache before anything heavier happens.

The Azure SDK, aiohttp and the credential libraries are about half of the process's memory and a
good share of its start: they load only when the engine starts, after the first frame. Until the
engine is ready the status line says it is connecting, and an action that needs the service is
refused with a reason.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

from deidtui.tui.widgets.status_bar import StatusBar
from tests.support import until

from .cached_dashboard import cached_dashboard, jobs_shown
from .synthetic_queue import fill, jobs

ROOT = Path(__file__).resolve().parents[3]

# The real entry (`deidtui.cli.main`, as `deidtui` runs it), headless: what was loaded, shown and
# said when the first frame was drawn, and what was loaded once the engine had tried to start.
CHILD = """
import gc, json, sys
from textual.app import App
from deidtui.cli import main
from deidtui.engine import EngineState
from deidtui.tui.app import DeidApp
from deidtui.tui.screens.main import MainScreen
from deidtui.tui.widgets.job_table import JobTable
from deidtui.tui.widgets.status_bar import StatusBar

from deidtui.engine import Engine
from deidtui.tui.widgets.deferred import DeferredParts

HEAVY = ("azure", "aiohttp", "msal", "requests", "cryptography")
seen = {}
order = []  # the first frame drawn, the panes' parts built, the engine opening its cache

display = App._display
def drawn(self, screen, renderable):
    # A frame really goes to the terminal (Textual holds frames back while a batch is open).
    if renderable is not None and not self._batch_count and isinstance(screen, MainScreen) and "frame" not in order:
        order.append("frame")
        seen["frame_rows"] = screen.query_one(JobTable).total_count
    return display(self, screen, renderable)
App._display = drawn
build_parts = DeferredParts._build_parts
async def building(self):
    order.append("parts")
    return await build_parts(self)
DeferredParts._build_parts = building
engine_open = Engine.open
async def opening(self, *args, **kwargs):
    order.append("engine")
    return await engine_open(self, *args, **kwargs)
Engine.open = opening

def heavy():
    return sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in HEAVY})

screen_mount = MainScreen.on_mount

def on_mount(self):
    screen_mount(self)  # asks for `first_frame` to be set after the first refresh: this comes next
    def first_frame():
        seen["first"] = {
            "heavy": heavy(),
            "rows": self.query_one(JobTable).total_count,
            "top": self.query_one(JobTable).highlighted,
            "status": self.query_one(StatusBar)._compose_text().plain,
            "engine_ready": self.app.engine_ready.is_set(),
            "deidtui": sorted(m for m in sys.modules if m.startswith("deidtui.")),
        }
        self.set_interval(0.05, started)
    def started():
        if self.app.engine.state is not EngineState.STARTING:  # the endpoint refuses: offline
            seen["started"] = {"heavy": heavy(), "state": self.app.engine.state.value, "gc": gc.isenabled()}
            self.app.exit()
    self.call_after_refresh(first_frame)
    self.set_timer(60, self.app.exit)

MainScreen.on_mount = on_mount
DeidApp.run = lambda self, **options: App.run(self, headless=True, size=(160, 48))
code = main(sys.argv[1:])
print(json.dumps({"code": code, "order": order, **seen}))
"""


def start_up(tmp_path: Path) -> dict:
    """What `deidtui` (the dashboard, headless) had loaded, shown and said at its first frame."""
    cache = tmp_path / "cache.sqlite3"
    asyncio.run(fill(cache))
    config = tmp_path / "config.toml"
    config.write_text(
        'default_profile = "contoso-prod"\n[profiles.contoso-prod]\n'
        'endpoint = "http://127.0.0.1:9"\ncredential = "local"\n'  # refuses: the engine goes offline
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("DEIDTUI_")}
    env |= {"XDG_CONFIG_HOME": str(tmp_path / "xdg"), "XDG_STATE_HOME": str(tmp_path / "state")}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, "--config", str(config), "--cache", str(cache)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_first_frame_shows_cached_jobs_before_the_sdk_loads_or_the_engine_connects(tmp_path):
    seen = start_up(tmp_path)
    newest = max(jobs(), key=lambda job: job.created_at)
    first = seen["first"]
    assert first["heavy"] == [], first  # nothing of the SDK before the first frame
    assert first["rows"] >= 1 and first["top"] == newest.name, first  # the newest cached job is on it
    assert "connecting" in first["status"] and not first["engine_ready"], first
    # The first frame really reached the terminal with the cached rows before the panes' parts were
    # built and before the engine opened the cache: those wait for it, and do not delay it.
    order = seen["order"]
    assert order[0] == "frame" and seen["frame_rows"] >= 1, seen
    assert {"parts", "engine"} <= set(order), seen
    # Then the engine starts: the SDK loads (so the check above looks at the right modules).
    assert seen["started"]["state"] == "offline", seen
    assert {"azure", "aiohttp"} <= set(seen["started"]["heavy"]), seen


# What the first frame does not need, and so does not wait for: the subcommands' arguments and code
# (the parser builds a subcommand's arguments only when it is used), and the screens, forms and
# viewers that open on a key.
NOT_AT_FIRST_FRAME = (
    "deidtui.cli.jobs_write",
    "deidtui.cli.jobs_read",
    "deidtui.cli.common",
    "deidtui.tui.screens.new_job",
    "deidtui.tui.screens.job_details",
    "deidtui.tui.screens.preview",
    "deidtui.tui.blobview.screens",
    "deidtui.tui.screens.help",
    "deidtui.tui.screens.retry_plan",
    "deidtui.tui.screens.confirm",
)


def test_the_first_frame_loads_nothing_that_only_a_subcommand_or_a_key_needs(tmp_path):
    seen = start_up(tmp_path)
    loaded = set(seen["first"]["deidtui"])
    assert "deidtui.tui.screens.main" in loaded, loaded  # (the check looks at the right modules)
    assert loaded.isdisjoint(NOT_AT_FIRST_FRAME), sorted(loaded.intersection(NOT_AT_FIRST_FRAME))
    # The collector paused for the start-up runs again once the first frame is drawn.
    assert seen["started"]["gc"] is True, seen


async def test_an_action_pressed_before_the_engine_is_ready_is_refused_with_its_reason(tmp_path):
    app = await cached_dashboard(tmp_path)  # the engine never starts: it stays "connecting"
    async with app.run_test(size=(160, 48)) as pilot:
        await jobs_shown(app, pilot)
        assert "connecting" in app.screen.query_one(StatusBar)._compose_text().plain
        for key in ("n", "c"):
            await pilot.press(key)
            await until(pilot, lambda: any("still connecting" in toast.text for toast in app.toasts))
            app.toasts.clear()
        assert app.is_running and not app.engine_ready.is_set()
