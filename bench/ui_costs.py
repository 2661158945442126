"""The dashboard's costs, each beside its baseline from the same run, as a ratio.

1. Applying a poll tick that changes 1% of 10,000 jobs (upsert + re-rendering the rows that
   changed on screen) vs rebuilding the table (a Textual DataTable cleared and refilled with the
   10,000 rows, what a naive dashboard does each tick). Goal: 20x cheaper, and under one frame.
2. Time to first paint of the dashboard with 10,000 cached jobs (a fresh process: start ->
   first frame showing the queue) vs a bare Textual app (a fresh process: start -> first frame).
   Goal: within 1.5x.
3. Bytes written to the terminal per minute while idle-monitoring 200 running jobs (the real app
   in a pseudo-terminal, against the emulator) vs a full redraw per engine update. Goal: 10x fewer.
4. First screen of a 200 MB blob vs fetching a single 1 MiB range, and memory growth:
   `bench/blob_viewer.py`, run from here.

Run: python bench/ui_costs.py [--seconds 60] [--skip-blob]
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
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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


async def tick_costs() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    from deidtui.domain.jobs import JobView
    from deidtui.tui.widgets.job_table import JobTable

    now = datetime.now(UTC)
    jobs = [
        JobView(job, "bench", now, now, False, None, None, Progress(total=100, succeeded=50))
        for job in synthetic_jobs(10_000)
    ]

    class TableApp(App):
        def compose(self) -> ComposeResult:
            yield JobTable(id="jobs")
            yield DataTable(id="naive")

    app = TableApp()
    async with app.run_test(size=(200, 50)) as pilot:
        table = app.query_one(JobTable)
        table.upsert(jobs)
        await pilot.pause()
        naive = app.query_one(DataTable)
        naive.add_columns("name", "op", "status", "progress", "failed", "created", "time", "route")

        def rows():
            for c in jobs:
                j = c.job
                yield (
                    j.name,
                    j.spec.operation.value,
                    j.status.value,
                    f"{c.progress.succeeded}/{c.progress.total}",
                    "",
                    str(j.created_at),
                    "3m",
                    f"{j.spec.source_prefix} -> {j.spec.target_prefix}",
                )

        tick_times, rebuild_times = [], []
        for round_ in range(7):
            changed = []
            for c in jobs[round_ * 100 : round_ * 100 + 100]:
                progress = Progress(total=100, succeeded=(c.progress.succeeded + 1 + round_) % 100)
                changed.append(JobView(c.job, "bench", now, now, False, None, None, progress, revision=round_ + 1))
            start = time.perf_counter()
            table.upsert(changed)
            for y in range(table.size.height):  # the frame: what Textual asks of the table
                table.render_line(y)
            tick_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            naive.clear()
            naive.add_rows(rows())
            for y in range(naive.size.height):
                naive.render_line(y)
            rebuild_times.append(time.perf_counter() - start)
    tick, rebuild = statistics.median(tick_times) * 1000, statistics.median(rebuild_times) * 1000
    print(
        f"1. poll tick changing 1% of 10,000 jobs: {tick:8.2f} ms   rebuild (DataTable clear + 10,000 rows): "
        f"{rebuild:8.2f} ms   ratio {rebuild / tick:6.1f}x cheaper (goal 20x; one frame = {FRAME_MS:.1f} ms: "
        f"{'under' if tick < FRAME_MS else 'OVER'})"
    )


# -- 2. time to first paint --------------------------------------------------------------------------------

# Both children report the moment Textual hands its first frame *with the content* to the driver
# (`App._display`; a headless driver then skips only the terminal write): for the bare app its one
# Static, for the dashboard the first frame in which the queue shows cached jobs.
CHILD_BARE = """
import sys, time
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("hello")
    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is not None and not getattr(self, "_reported", False):
            self._reported = True
            sys.__stdout__.write(f"PAINTED {time.time()}\\n"); sys.__stdout__.flush()
            self.call_later(self.exit)
Bare().run(headless=True, size=(160, 48))
"""

CHILD_DASHBOARD = """
import sys, time
from pathlib import Path
from deidtui.config import Profile
from deidtui.engine import Engine
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

profile = Profile(name="bench", endpoint="http://127.0.0.1:9", credential="local")
Timed(Engine(profile, cache_path=Path(sys.argv[1])), start_engine=False).run(headless=True, size=(160, 48))
"""


# An installed package has its bytecode compiled (pip does it); a checkout run with
# PYTHONDONTWRITEBYTECODE would compile every deidtui module at each start instead. The children may
# write and use bytecode like an installation, and a warm-up run of each comes first.
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def first_paint(code: str, *args: str) -> float:
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, cwd=ROOT, env=CHILD_ENV
    )
    for line in result.stdout.splitlines():
        if line.startswith("PAINTED "):
            return float(line.split()[1]) - started
    raise RuntimeError(f"no paint reported: {result.stderr[-800:]}")


async def fill_cache(path: Path) -> None:
    from deidtui.cache import JobCache

    cache = await JobCache.open(path)
    jobs = synthetic_jobs(10_000)
    for i in range(0, len(jobs), 1000):
        await cache.upsert_jobs("bench", jobs[i : i + 1000])
    await cache.close()


async def fill_empty(path: Path) -> None:
    from deidtui.cache import JobCache

    await (await JobCache.open(path)).close()


def paint_costs(folder: Path) -> None:
    cache = folder / "paint.sqlite3"
    asyncio.run(fill_cache(cache))
    empty = folder / "empty.sqlite3"
    asyncio.run(fill_empty(empty))
    first_paint(CHILD_BARE), first_paint(CHILD_DASHBOARD, str(cache))  # warm-up: bytecode, file cache
    bare, dash, none = [], [], []
    for _ in range(9):  # interleaved, so a slow spell of a shared machine hits all three alike
        bare.append(first_paint(CHILD_BARE))
        dash.append(first_paint(CHILD_DASHBOARD, str(cache)))
        none.append(first_paint(CHILD_DASHBOARD.replace("if table.row_count", "if True"), str(empty)))
    b, d, n = (statistics.median(x) * 1000 for x in (bare, dash, none))
    pairs = sorted(x / y for x, y in zip(dash, bare, strict=True))  # each dashboard run over the bare run beside it
    print(
        f"2. first paint, dashboard with 10,000 cached jobs: {d:7.0f} ms   bare Textual app: {b:7.0f} ms   "
        f"ratio {d / b:.2f}x (goal within 1.5x; run by run {pairs[0]:.2f}-{pairs[-1]:.2f}x, middle half "
        f"{pairs[len(pairs) // 4]:.2f}-{pairs[-1 - len(pairs) // 4]:.2f}x); the same dashboard with an empty "
        f"cache: {n:.0f} ms ({d / n:.2f}x: the cached jobs themselves cost little)"
    )


# -- 3. bytes per minute while idle-monitoring ------------------------------------------------------------------

CHILD_MONITOR = """
import json, sys, time
from pathlib import Path
from deidtui.config import PollSettings, Profile
from deidtui.engine import Engine
from deidtui.tui.app import DeidApp
import deidtui.tui.app as app_module

endpoint, connection, cache, stats, seconds = sys.argv[1:6]
batches = []
original = app_module.messages_for
def counting(batch):
    batches.append(time.time())  # one batch of engine events turned into messages: one update
    return original(batch)
app_module.messages_for = counting

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
                  poll=PollSettings(active_interval=3.0, sweep_interval=30.0))
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
    naive_rate = redraw * len(ticks) / idle_minutes
    print(
        f"3. bytes to the terminal per minute, idle-monitoring 200 running jobs: {idle_rate:10,.0f}   "
        f"full redraw per update ({len(ticks) / idle_minutes:.0f} updates/min x {redraw:,} B): {naive_rate:10,.0f}   "
        f"ratio {naive_rate / max(idle_rate, 1):.1f}x fewer (goal 10x)"
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
    parser.add_argument("--skip-blob", action="store_true", help="do not run bench/blob_viewer.py (figure 4)")
    args = parser.parse_args()
    asyncio.run(tick_costs())
    with tempfile.TemporaryDirectory() as folder:
        paint_costs(Path(folder))
        monitor_costs(Path(folder), args.seconds)
    if not args.skip_blob:
        print("4. first screen of a 200 MB blob (bench/blob_viewer.py):", flush=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / "blob_viewer.py"), "--runs", "3"], check=False)


if __name__ == "__main__":
    main()
