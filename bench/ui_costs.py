"""The dashboard's costs, each beside its baseline from the same run, as a ratio.

1. Applying a poll tick that changes 1% of the jobs (upsert + drawing the frame's lines), at 10,000
   and 50,000 jobs, vs what a naive dashboard pays for the same tick (a Textual DataTable cleared
   and refilled with the rows it shows, sorted and filtered). Four ticks: the oldest jobs change
   (never on screen: the best case), the newest change (on screen), running jobs spread through
   history finish under a status sort (each one moves), and the same under a `status:running`
   filter (each one leaves). Goal: 20x cheaper, and under one frame.
2. First paint as the operator sees it: the real `deidtui` (engine started) in a 160x48 pty, from
   process start to the first write that shows the newest cached job's name, vs a bare Textual app
   showing a small table (start -> its rows on screen). Goal: within 1.5x at 10,000 jobs, at most
   2 s at 50,000.
3. Bytes written to the terminal per minute while idle-monitoring 200 running jobs (the real app
   in a pseudo-terminal, against the emulator) vs a full redraw per poll tick (what a naive
   dashboard pays) and, printed too, per engine event batch. Goal: 10x fewer.
4. First screen of a 200 MB blob vs fetching a single 1 MiB range, and memory growth:
   `bench/blob_viewer.py`, run from here.
5. Resident memory of the dashboard with 10,000 (and 50,000) jobs and 100,000 documents cached,
   10 s after its first paint, vs the bare Textual app of figure 2. Goal: at most 2x (2.5x at 50,000).
   Printed beside it: the bare app importing the same Azure SDK stack, and the dashboard over that
   second baseline (deidtui's own modules and data); then both again for a profile that names a
   storage account, whose containers pane loads the storage SDK (about 18 MB more); then for a
   profile that also signs in to Azure as operators do (`credential = "cli"`), which loads
   azure-identity and msal (about 17 MB more alone; the figures above use the emulator's local
   credential, which loads neither).
6. The fleet view: three services of 5,000 jobs each against one service of 5,000, a poll tick and
   first paint: `bench/fleet_costs.py`, run from here.

Run: python bench/ui_costs.py [--seconds 60] [--sizes 10000,50000] [--runs 5] [--only 1,2,3,4,6] [--skip-blob]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from deidtui.domain.briefs import brief_of  # noqa: E402
from deidtui.domain.models import Job, JobSpec, JobStatus, Operation, Progress  # noqa: E402

FRAME_MS = 1000 / 60


def synthetic_jobs(count: int) -> list[Job]:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    jobs = []
    for i in range(count):
        status = [JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELED, JobStatus.RUNNING][i % 4]
        created = start + timedelta(minutes=i)
        spec = JobSpec(
            source_location="https://acct.blob.core.windows.net/notes",
            source_prefix=f"batch/{i:05}/",
            target_prefix=f"deid/{i:05}/",
            operation=list(Operation)[i % 3],
        )
        jobs.append(
            Job(
                name=f"nightly-{i:05}",
                spec=spec,
                status=status,
                created_at=created,
                last_updated_at=created + timedelta(minutes=3),
                started_at=created + timedelta(seconds=5),
            )
        )
    return jobs


# -- 1. a poll tick vs a rebuild ---------------------------------------------------------------------------

# The ticks measured, each against what a naive dashboard pays for the same tick: clearing a Textual
# DataTable and refilling it with the rows it shows, sorted and filtered (`naive_rows`).
# - hidden: 1% of the jobs change, the oldest ones: never on screen, never moving (the best case);
# - visible: 1% change, the newest ones (on screen in the default newest-first order);
# - status sort: 1% finish (running -> succeeded), spread through history, the queue sorted by
#   status: every finishing job moves in the order;
# - status filter: the same, the queue filtered to `status:running`: every finishing job leaves it.
TICK_CASES = ("hidden", "visible", "status sort", "status filter")


def _running_view(view, now, revision: int, succeeded: int, finish: bool):
    from deidtui.domain.jobs import JobView

    job = view.job
    if finish:
        job = replace(job, status=JobStatus.SUCCEEDED)
    return JobView(
        job, "bench", now, now, False, None, None, Progress(total=100, succeeded=succeeded), revision=revision
    )


def tick_changes(case: str, views: list, round_: int, now: datetime) -> list:
    """The views one tick brings for `case` (round `round_`: never the same jobs twice)."""
    count = len(views)
    step = count // 100
    if case == "hidden":
        chosen = views[round_ * step : round_ * step + step]
        finish = False
    elif case == "visible":
        chosen = views[count - step :]
        finish = False
    else:  # running jobs (every 4th) that finish, a different 1% spread through history each round
        chosen = [v for v in views[3 + 4 * round_ :: 4 * 25] if v.job.status is JobStatus.RUNNING][:step]
        finish = True
    return [_running_view(v, now, v.revision + 1, (v.progress.succeeded + 1 + round_) % 100, finish) for v in chosen]


def naive_rows(views: list, case: str) -> list[tuple[str, ...]]:
    """The rows a naive dashboard refills its DataTable with: the same columns, its sort and filter."""
    if case == "status filter":
        views = [v for v in views if v.job.status is JobStatus.RUNNING]
    if case == "status sort":
        views = sorted(views, key=lambda v: (v.job.status.value, v.job.name))
    else:
        views = sorted(views, key=lambda v: v.job.created_at, reverse=True)
    return [
        (
            v.job.name,
            v.job.spec.operation.value,
            v.job.status.value,
            f"{v.progress.succeeded}/{v.progress.total}",
            "",
            str(v.job.created_at),
            "3m",
            f"{v.job.spec.source_prefix} -> {v.job.spec.target_prefix}",
        )
        for v in views
    ]


async def tick_costs(count: int, rounds: int) -> dict[str, tuple[float, float]]:
    """Median ms of a tick and of the naive rebuild for each case, at `count` jobs."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    from deidtui.domain.jobs import JobView
    from deidtui.tui.job_filter import parse_filter
    from deidtui.tui.widgets.job_table import JobTable

    now = datetime.now(UTC)
    base = [
        JobView(job, "bench", now, now, False, None, None, Progress(total=100, succeeded=50))
        for job in synthetic_jobs(count)
    ]

    class TableApp(App):
        def compose(self) -> ComposeResult:
            yield JobTable(id="jobs")
            yield DataTable(id="naive")

    results: dict[str, tuple[float, float]] = {}
    for case in TICK_CASES:
        views = list(base)
        app = TableApp()
        async with app.run_test(size=(200, 50)) as pilot:
            table = app.query_one(JobTable)
            if case == "status sort":
                table.set_sort("status")
            if case == "status filter":
                table.set_filter(parse_filter("status:running"))
            table.upsert([brief_of(view) for view in views])
            await pilot.pause()
            naive = app.query_one(DataTable)
            naive.add_columns("name", "op", "status", "progress", "failed", "created", "time", "route")
            by_name = {v.name: i for i, v in enumerate(views)}
            tick_times, rebuild_times = [], []
            for round_ in range(rounds):
                changed = tick_changes(case, views, round_, now)
                for view in changed:
                    views[by_name[view.name]] = view
                briefs = [brief_of(view) for view in changed]  # as the feed hands them to the queue
                started = time.perf_counter()
                table.upsert(briefs)
                for y in range(table.size.height):  # the frame: what Textual asks of the table
                    table.render_line(y)
                tick_times.append(time.perf_counter() - started)
                if round_ < 3:  # the naive rebuild costs the same every round: three are enough
                    started = time.perf_counter()
                    naive.clear()
                    naive.add_rows(naive_rows(views, case))
                    for y in range(naive.size.height):
                        naive.render_line(y)
                    rebuild_times.append(time.perf_counter() - started)
        results[case] = (statistics.median(tick_times) * 1000, statistics.median(rebuild_times) * 1000)
    return results


def print_tick_costs(count: int, results: dict[str, tuple[float, float]]) -> None:
    for case, (tick, rebuild) in results.items():
        print(
            f"1. poll tick, {count:,} jobs, 1% changed, {case + ':':<15} {tick:8.2f} ms   naive rebuild (DataTable "
            f"cleared, refilled sorted/filtered): {rebuild:8.2f} ms   ratio {rebuild / tick:6.1f}x cheaper "
            f"(goal 20x; one frame = {FRAME_MS:.1f} ms: {'under' if tick < FRAME_MS else 'OVER'})",
            flush=True,
        )


# -- 2. time to first paint, and memory -------------------------------------------------------------------

# Both run in a real pty of 160x48, timed from process start to the first write that puts the
# rows on screen: the real `deidtui` (engine started, against an endpoint that refuses, so the
# figure is the cache's) until the newest job's name shows, and a bare Textual app showing a small
# table until its last row shows. Resident memory is read once each has run `SETTLE` s after it.
BARE_APP = """
from textual.app import App
from textual.widgets import DataTable, Static
class Bare(App):
    BINDINGS = [("s", "next", "next")]  # bench/responsiveness.py times this key
    presses = 0
    def compose(self):
        yield Static("KEY-0", id="label")
        yield DataTable()
    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("name", "status", "created")
        for i in range(20):
            table.add_row(f"bare-row-{i:02}", "running", "2026-11-01")
    def action_next(self):
        self.presses += 1
        self.query_one("#label", Static).update(f"KEY-{self.presses}")
Bare().run()
"""
SETTLE = 10.0

# Figure 5's second baseline: the same bare app, importing first the third-party stack the
# dashboard's engine loads (the de-identification SDK, azure-core's aiohttp transport, aiosqlite).
# The dashboard's figure over it is what deidtui itself holds: its own modules and its data. A
# profile with storage loads the storage SDK too (STORAGE_IMPORTS), for the containers pane.
SDK_IMPORTS = """
import aiosqlite
from azure.core.pipeline.transport import AioHttpTransport
from azure.health.deidentification.aio import DeidentificationClient
"""
STORAGE_IMPORTS = """
from azure.storage.blob.aio import BlobServiceClient
"""
IDENTITY_IMPORTS = """
from azure.identity import aio
"""

# An installed package has its bytecode compiled (pip does it); a checkout run with
# PYTHONDONTWRITEBYTECODE would compile every deidtui module at each start instead. The children may
# write and use bytecode like an installation, and a warm-up run of each comes first.
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_in_pty(argv: list[str], needle: str, memory: bool) -> tuple[float, float | None]:
    """(seconds to first paint showing `needle`, resident MB after SETTLE s, or None)."""
    from pty_screen import PtyProgram

    program = PtyProgram(argv, env=CHILD_ENV, cwd=ROOT)
    try:
        painted = program.wait_for_text(needle)
        rss = None
        if memory:
            until = time.perf_counter() + SETTLE
            while time.perf_counter() < until:
                program.read(0.2)
            rss = program.rss_mb()
        return painted, rss
    finally:
        program.stop()


async def fill_cache(path: Path, count: int, documents: int) -> None:
    from deidtui.cache import JobCache
    from deidtui.domain.models import Document, DocumentLocation

    cache = await JobCache.open(path)
    jobs = synthetic_jobs(count)
    for i in range(0, len(jobs), 1000):
        await cache.upsert_jobs("bench", jobs[i : i + 1000])
    per_job = 10_000
    for k in range(documents // per_job):  # the newest jobs' documents, as a busy service has them
        name = jobs[-1 - k].name
        docs = [
            Document(
                id=f"{k:04x}{i:04x}-0000-0000-0000-000000000000",
                input=DocumentLocation(f"https://acct.blob.core.windows.net/notes/in/{k}/{i}.txt", f"0x{i:x}"),
                status=JobStatus.SUCCEEDED,
                output=DocumentLocation(f"https://acct.blob.core.windows.net/notes/out/{k}/{i}.txt", "0x1"),
            )
            for i in range(per_job)
        ]
        for i in range(0, per_job, 1000):
            await cache.upsert_documents("bench", name, docs[i : i + 1000])
    await cache.close()


def dashboard_argv(folder: Path, cache: Path, storage: bool = False, signed_in: bool = False) -> list[str]:
    """The real dashboard on `cache`, its service unreachable. With `storage`, its profile names a
    storage account too (unreachable as well): the containers pane then loads the storage SDK. With
    `signed_in`, it signs in as an operator on Azure does (`credential = "cli"`, over https), not
    with the emulator's local credential: the engine then loads azure-identity."""
    name = "config" + ("-storage" if storage else "") + ("-signed-in" if signed_in else "")
    config = folder / f"{name}.toml"
    account = 'storage.account_urls = ["https://127.0.0.1:9/benchacct"]\n' if storage else ""
    endpoint, credential = ("https://127.0.0.1:9", "cli") if signed_in else ("http://127.0.0.1:9", "local")
    config.write_text(
        f'default_profile = "bench"\n[profiles.bench]\nendpoint = "{endpoint}"\ncredential = "{credential}"\n' + account
    )
    return [sys.executable, "-m", "deidtui", "--config", str(config), "--cache", str(cache)]


def paint_costs(folder: Path, count: int, documents: int, runs: int) -> None:
    cache = folder / f"paint-{count}.sqlite3"
    asyncio.run(fill_cache(cache, count, documents))
    dashboard = dashboard_argv(folder, cache)
    bare = [sys.executable, "-c", BARE_APP]
    newest = synthetic_jobs(count)[-1].name
    run_in_pty(bare, "bare-row-19", False), run_in_pty(dashboard, newest, False)  # warm-up: bytecode, file cache
    bare_paint, dash_paint, bare_rss, dash_rss = [], [], [], []
    for run in range(runs):  # interleaved, so a slow spell of a shared machine hits both alike
        memory = run < 3
        paint, rss = run_in_pty(bare, "bare-row-19", memory)
        bare_paint.append(paint)
        if rss is not None:
            bare_rss.append(rss)
        paint, rss = run_in_pty(dashboard, newest, memory)
        dash_paint.append(paint)
        if rss is not None:
            dash_rss.append(rss)
    b, d = statistics.median(bare_paint) * 1000, statistics.median(dash_paint) * 1000
    pairs = sorted(x / y for x, y in zip(dash_paint, bare_paint, strict=True))  # each run over the bare one beside it
    goal = "within 1.5x" if count <= 10_000 else "at most 2 s"
    print(
        f"2. first paint in a 160x48 pty, real deidtui with {count:,} cached jobs (process start -> newest job's "
        f"name on screen): {d:7.0f} ms   bare Textual app with a small table: {b:7.0f} ms   ratio {d / b:.2f}x "
        f"(goal {goal}; run by run {pairs[0]:.2f}-{pairs[-1]:.2f}x over {runs} runs)",
        flush=True,
    )

    def median_rss(argv: list[str], needle: str) -> tuple[float, str]:
        values = [run_in_pty(argv, needle, True)[1] or 0.0 for _ in range(3)]
        return statistics.median(values), f"runs {min(values):.1f}-{max(values):.1f}"

    ms, sdk_runs = median_rss([sys.executable, "-c", SDK_IMPORTS + BARE_APP], "bare-row-19")
    mst, storage_runs = median_rss(dashboard_argv(folder, cache, storage=True), newest)
    msst, sdk_storage_runs = median_rss([sys.executable, "-c", SDK_IMPORTS + STORAGE_IMPORTS + BARE_APP], "bare-row-19")
    msi, signed_in_runs = median_rss(dashboard_argv(folder, cache, storage=True, signed_in=True), newest)
    mssi, sdk_signed_in_runs = median_rss(
        [sys.executable, "-c", SDK_IMPORTS + STORAGE_IMPORTS + IDENTITY_IMPORTS + BARE_APP], "bare-row-19"
    )
    mb, md = statistics.median(bare_rss), statistics.median(dash_rss)
    goal = "2x" if count <= 10_000 else "2.5x"
    print(
        f"5. resident memory {SETTLE:.0f} s after first paint, {count:,} jobs and {documents:,} documents cached: "
        f"{md:6.1f} MB (runs {min(dash_rss):.1f}-{max(dash_rss):.1f})   bare Textual app: {mb:6.1f} MB   "
        f"ratio {md / mb:.2f}x (goal at most {goal})\n"
        f"   the same bare app importing the service's SDK stack (azure-health-deidentification, aiohttp, "
        f"aiosqlite): {ms:6.1f} MB ({sdk_runs}, {ms / mb:.2f}x the bare app)   dashboard over it: {md / ms:.2f}x, "
        f"{md - ms:+.1f} MB of deidtui's own modules and data\n"
        f"   with a storage account in the profile (the containers pane loads azure-storage-blob, its "
        f"cryptography and requests): {mst:6.1f} MB ({storage_runs}), ratio {mst / mb:.2f}x the bare app   "
        f"the bare app importing both SDK stacks: {msst:6.1f} MB ({sdk_storage_runs}, {msst / mb:.2f}x)   "
        f"dashboard over it: {mst / msst:.2f}x, {mst - msst:+.1f} MB\n"
        f"   and signing in to Azure as an operator does (credential cli: azure-identity, with msal): "
        f"{msi:6.1f} MB ({signed_in_runs}), ratio {msi / mb:.2f}x the bare app   the bare app importing the "
        f"three SDK stacks: {mssi:6.1f} MB ({sdk_signed_in_runs}, {mssi / mb:.2f}x)   dashboard over it: "
        f"{msi / mssi:.2f}x, {msi - mssi:+.1f} MB",
        flush=True,
    )


# -- 3. bytes per minute while idle-monitoring ------------------------------------------------------------------

ACTIVE_INTERVAL = 3.0  # the monitor's poll tick, s: a naive dashboard's redraw rate

CHILD_MONITOR = """
import json, sys, time
from pathlib import Path
from deidtui.config import PollSettings, Profile
from deidtui.engine import Engine
from deidtui.tui.app import DeidApp
import deidtui.tui.app_engines as pump_module  # the app's event pump reads messages_for here

endpoint, connection, cache, stats, seconds, interval = sys.argv[1:7]
batches = []
original = pump_module.messages_for
def counting(batch):
    batches.append(time.time())  # one batch of engine events turned into messages: one update
    return original(batch)
pump_module.messages_for = counting

class Monitor(DeidApp):
    def on_ready(self):
        self.set_interval(0.2, self.filled)

    def filled(self):
        # Measure the steady state: from 10 s after the queue first shows every job.
        if getattr(self, "_start", None) is None and self.screen.query("JobTable") and \
                self.screen.query_one("JobTable").total_count >= 200:
            self._start = time.time() + 10
            self.set_timer(10 + float(seconds), self.redraw)

    def redraw(self):
        Path(stats).write_text(json.dumps({"start": self._start, "redraw_at": time.time(), "batches": batches}))
        self.screen.refresh(layout=True)
        self.refresh(repaint=True)
        self.set_timer(2.0, self.exit)

profile = Profile(name="bench", endpoint=endpoint, storage_connection_string=connection, credential="local",
                  poll=PollSettings(active_interval=float(interval), sweep_interval=30.0))
Monitor(Engine(profile, cache_path=Path(cache))).run(size=(160, 48))
"""


def monitor_costs(folder: Path, seconds: float) -> None:
    from deidtui.local.azurite import Azurite

    with Azurite() as azurite:
        endpoint, emulator = start_emulator(azurite.connection_string, folder / "emu")
        try:
            asyncio.run(start_running_jobs(endpoint, azurite, 200))
            stats = folder / "stats.json"
            master, slave = pty.openpty()
            os.set_blocking(master, False)
            env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "160", "LINES": "48"}
            child = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    CHILD_MONITOR,
                    endpoint,
                    azurite.connection_string,
                    str(folder / "monitor.sqlite3"),
                    str(stats),
                    str(seconds),
                    str(ACTIVE_INTERVAL),
                ],
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                cwd=ROOT,
                close_fds=True,
            )
            os.close(slave)
            import fcntl
            import struct
            import termios

            fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))
            chunks: list[tuple[float, int]] = []
            while child.poll() is None:
                ready, _, _ = select.select([master], [], [], 0.2)
                if ready:
                    try:
                        data = os.read(master, 65536)
                    except OSError:
                        break
                    chunks.append((time.time(), len(data)))
                    if os.environ.get("UI_COSTS_DUMP"):
                        with open(os.environ["UI_COSTS_DUMP"], "ab") as dump:
                            dump.write(f"\n@@{time.time():.3f}@@\n".encode() + data)
            os.close(master)
        finally:
            emulator.terminate()
            emulator.wait(timeout=30)
    info = json.loads(stats.read_text())
    redraw_at = info["redraw_at"]
    warmup = info["start"]  # start-up and the first full screen are not idle monitoring
    idle = sum(n for t, n in chunks if warmup <= t < redraw_at)
    idle_minutes = (redraw_at - warmup) / 60
    redraw = sum(n for t, n in chunks if redraw_at <= t < redraw_at + 1.5)
    ticks = [t for t in info["batches"] if warmup <= t < redraw_at]
    idle_rate = idle / idle_minutes
    per_batch = redraw * len(ticks) / idle_minutes
    per_poll = redraw * (60 / ACTIVE_INTERVAL)
    print(
        f"3. bytes to the terminal per minute, idle-monitoring 200 running jobs: {idle_rate:10,.0f}   "
        f"a naive dashboard redrawing the whole screen ({redraw:,} B) once per poll tick "
        f"({60 / ACTIVE_INTERVAL:.0f}/min): {per_poll:10,.0f}, ratio {per_poll / max(idle_rate, 1):.1f}x fewer "
        f"(goal 10x; this is what a naive dashboard pays: it redraws when it polls)   "
        f"once per engine event batch ({len(ticks) / idle_minutes:.0f}/min, deidtui's own update rate): "
        f"{per_batch:10,.0f}, ratio {per_batch / max(idle_rate, 1):.1f}x",
        flush=True,
    )


def start_emulator(connection_string: str, state: Path) -> tuple[str, subprocess.Popen]:
    import re

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "deidtui",
            "emulator",
            "--state-dir",
            str(state),
            "--doc-delay-ms",
            "1500",
            "--concurrency",
            "8",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "AZURE_STORAGE_CONNECTION_STRING": connection_string},
        cwd=ROOT,
    )
    line = process.stdout.readline()
    return re.search(r"listening on (\S+)", line).group(1), process


async def start_running_jobs(endpoint: str, azurite, count: int) -> None:
    from azure.storage.blob.aio import BlobServiceClient

    from deidtui.azure.loopback import local_deid_client

    async with BlobServiceClient.from_connection_string(azurite.connection_string) as service:
        container = await service.create_container("monitor")
        await asyncio.gather(
            *(
                container.upload_blob(f"in/{i:03}/note-{k}.txt", b"Patient John Smith, 10/12/2023.")
                for i in range(count)
                for k in range(10)
            )
        )
    async with local_deid_client(endpoint) as client:
        for i in range(count):
            spec = JobSpec(
                source_location=azurite.container_url("monitor"),
                source_prefix=f"in/{i:03}/",
                target_prefix=f"out/{i:03}/",
            )
            await client.begin_deidentify_documents(f"watch-{i:03}", spec.to_rest(), polling=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="idle-monitoring time for figure 3")
    parser.add_argument("--sizes", default="10000,50000", help="job counts for figures 1, 2 and 5")
    parser.add_argument("--runs", type=int, default=5, help="first-paint runs per size (memory: the first 3)")
    parser.add_argument("--only", default="1,2,3,4,6", help="figures to run (5 comes with 2)")
    parser.add_argument("--skip-blob", action="store_true", help="do not run bench/blob_viewer.py (figure 4)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    only = set(args.only.split(","))
    if "1" in only:
        for count in sizes:
            print_tick_costs(count, asyncio.run(tick_costs(count, rounds=7 if count <= 10_000 else 5)))
    with tempfile.TemporaryDirectory() as folder:
        if "2" in only:
            for count in sizes:
                paint_costs(Path(folder), count, 100_000, args.runs)
        if "3" in only:
            monitor_costs(Path(folder), args.seconds)
    if "4" in only and not args.skip_blob:
        print("4. first screen of a 200 MB blob (bench/blob_viewer.py):", flush=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / "blob_viewer.py"), "--runs", "3"], check=False)
    if "6" in only:
        print("6. the fleet view, three services against one (bench/fleet_costs.py):", flush=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / "fleet_costs.py")], check=False)


if __name__ == "__main__":
    main()
