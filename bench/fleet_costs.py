"""The fleet view's costs: three services of 5,000 jobs each, beside one service of 5,000, as ratios.

1. A poll tick: each service changes 1% of its jobs (upsert + re-rendering the rows on screen), in
   the fleet's queue (15,000 rows, SERVICE column) vs the single service's queue (5,000 rows).
   Three times the changes into a table three times the size: the goal is about 3x at most, and
   under one frame.
2. Time to first paint (a fresh process: start -> the first frame that shows cached jobs) of
   `deidtui --fleet` over three services vs the dashboard on one service, each service's 5,000
   jobs in the same cache file. Goal: within 1.2x (each engine reads one screenful before the
   first frame; the rest follows from the caches' feeds).

Run: python bench/fleet_costs.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ui_costs import synthetic_jobs  # noqa: E402  (every service of the fleet has the same names)
from deidtui.domain.briefs import brief_of  # noqa: E402
from deidtui.domain.models import Progress  # noqa: E402

FRAME_MS = 1000 / 60
JOBS_PER_SERVICE = 5_000
SERVICES = ("prod-eus", "prod-weu", "test")


# -- 1. a poll tick ----------------------------------------------------------------------------------


async def tick_costs() -> None:
    from textual.app import App, ComposeResult

    from deidtui.domain.jobs import JobView
    from deidtui.tui.widgets.job_table import JobTable

    now = datetime.now(UTC)
    jobs = synthetic_jobs(JOBS_PER_SERVICE)

    def views(services: tuple[str, ...]) -> list[JobView]:
        return [
            JobView(job, service, now, now, False, None, None, Progress(total=100, succeeded=50))
            for service in services
            for job in jobs
        ]

    class Tables(App):
        def compose(self) -> ComposeResult:
            yield JobTable(id="single")
            yield JobTable(id="fleet", services=list(SERVICES))

    async def measure(table: JobTable, held: list[JobView]) -> float:
        services = sorted({view.profile for view in held})
        times = []
        for round_ in range(9):
            changed = []
            for service in services:  # 1% of each service's jobs
                mine = [view for view in held if view.profile == service][round_ * 50 : round_ * 50 + 50]
                for view in mine:
                    progress = Progress(total=100, succeeded=(round_ + 1) % 100)
                    changed.append(
                        JobView(view.job, service, now, now, False, None, None, progress, revision=round_ + 1)
                    )
            briefs = [brief_of(view) for view in changed]  # as the feeds hand them to the queue
            start = time.perf_counter()
            table.upsert(briefs)
            for y in range(table.size.height):  # the frame: what Textual asks of the table
                table.render_line(y)
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1000

    app = Tables()
    async with app.run_test(size=(200, 50)) as pilot:
        single, fleet = app.query_one("#single", JobTable), app.query_one("#fleet", JobTable)
        single_views, fleet_views = views(SERVICES[:1]), views(SERVICES)
        single_briefs, fleet_briefs = [brief_of(v) for v in single_views], [brief_of(v) for v in fleet_views]
        start = time.perf_counter()
        single.upsert(single_briefs)
        single_load = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        fleet.upsert(fleet_briefs)
        fleet_load = (time.perf_counter() - start) * 1000
        await pilot.pause()
        one = await measure(single, single_views)
        three = await measure(fleet, fleet_views)
    print(
        f"1. poll tick, 1% of each service's jobs: fleet of 3 x {JOBS_PER_SERVICE:,}: {three:7.2f} ms   one service "
        f"of {JOBS_PER_SERVICE:,}: {one:7.2f} ms   ratio {three / one:5.2f}x (goal about 3x at most; one frame = "
        f"{FRAME_MS:.1f} ms: {'under' if three < FRAME_MS else 'OVER'}); loading every job: {fleet_load:.0f} ms vs "
        f"{single_load:.0f} ms ({fleet_load / single_load:.2f}x)"
    )


# -- 2. time to first paint -------------------------------------------------------------------------------

CHILD = """
import sys, time
from pathlib import Path
from deidtui.config import Profile
from deidtui.engine import Engine, Fleet
from deidtui.tui.app import DeidApp
from deidtui.tui.widgets.job_table import JobTable

class Timed(DeidApp):
    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is None or getattr(self, "_reported", False):
            return
        try:
            table = screen.query_one(JobTable)
        except Exception:
            return  # not the dashboard yet
        if table.row_count:  # a frame of the dashboard with the cached jobs in it
            self._reported = True
            sys.__stdout__.write(f"PAINTED {time.time()}\\n"); sys.__stdout__.flush()
            self.call_later(self.exit)

cache, services = Path(sys.argv[1]), sys.argv[2:]
engines = [
    Engine(Profile(name=name, endpoint="http://127.0.0.1:9", credential="local"), cache_path=cache)
    for name in services
]
fleet = Fleet(engines) if len(engines) > 1 else None
Timed(engines[0], fleet=fleet, start_engine=False).run(headless=True, size=(160, 48))
"""
# Bytecode may be written and used, as an installation's is (see bench/ui_costs.py).
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def first_paint(*args: str) -> float:
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, *args], capture_output=True, text=True, timeout=120, cwd=ROOT, env=CHILD_ENV
    )
    for line in result.stdout.splitlines():
        if line.startswith("PAINTED "):
            return float(line.split()[1]) - started
    raise RuntimeError(f"no paint reported: {result.stderr[-800:]}")


async def fill_cache(path: Path) -> None:
    from deidtui.cache import JobCache

    cache = await JobCache.open(path)
    jobs = synthetic_jobs(JOBS_PER_SERVICE)
    for service in SERVICES:
        for i in range(0, len(jobs), 1000):
            await cache.upsert_jobs(service, jobs[i : i + 1000])
    await cache.close()


def paint_costs(folder: Path) -> None:
    cache = folder / "fleet.sqlite3"
    asyncio.run(fill_cache(cache))
    first_paint(str(cache), SERVICES[0]), first_paint(str(cache), *SERVICES)  # warm-up: bytecode, file cache
    single, fleet = [], []
    for _ in range(7):  # interleaved, so a slow spell of a shared machine hits both alike
        single.append(first_paint(str(cache), SERVICES[0]))
        fleet.append(first_paint(str(cache), *SERVICES))
    s, f = (statistics.median(x) * 1000 for x in (single, fleet))
    pairs = sorted(x / y for x, y in zip(fleet, single, strict=True))
    print(
        f"2. first paint: fleet of 3 x {JOBS_PER_SERVICE:,} cached jobs: {f:7.0f} ms   one service of "
        f"{JOBS_PER_SERVICE:,}: {s:7.0f} ms   ratio {f / s:.2f}x (goal within 1.2x; run by run "
        f"{pairs[0]:.2f}-{pairs[-1]:.2f}x)"
    )


def main() -> None:
    asyncio.run(tick_costs())
    with tempfile.TemporaryDirectory(prefix="deidtui-fleet-bench-") as folder:
        paint_costs(Path(folder))


if __name__ == "__main__":
    main()
