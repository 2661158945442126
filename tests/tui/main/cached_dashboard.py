"""A dashboard over a fixed cache of jobs and no service: for tests of keys, the command line and
the palette, which need jobs on screen but no network."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from deidtui.config import Profile
from deidtui.engine import Engine
from deidtui.tui.app import DeidApp
from deidtui.tui.widgets.job_table import JobTable
from tests.support import until

from .synthetic_queue import fill, jobs

SIZES = [(80, 24), (160, 48)]


async def cached_dashboard(tmp_path: Path, **app_options) -> DeidApp:
    """A DeidApp over a cache holding `synthetic_queue.jobs()`; the engine is never started."""
    cache = tmp_path / "cached-dashboard.sqlite3"
    await fill(cache)
    profile = Profile(name="contoso-prod", endpoint="https://contoso.api.eus001.deid.azure.com", credential="cli")
    return DeidApp(Engine(profile, cache_path=cache), start_engine=False, **app_options)


async def jobs_shown(app: DeidApp, pilot: Pilot) -> JobTable:
    """Wait until the queue shows every cached job; returns the queue."""
    count = len(jobs())
    await until(pilot, lambda: app.screen.query(JobTable) and app.screen.query_one(JobTable).total_count == count)
    return app.screen.query_one(JobTable)
