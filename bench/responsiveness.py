"""Key press to screen with 50,000 jobs, a quarter of them running and changing, in a real pty.

The real `deidtui` runs in a 160x48 pty on a cache of 50,000 jobs (a quarter running) while a
second process writes the cache the way a poller does: every half second 1% of the jobs move on
(running jobs finish, progress advances), and the dashboard's feed brings each change to the
queue. Keys are typed as the operator would and each is timed from the write of the key to the
first write of the terminal that shows its effect:
- `j` (cursor down): the row the cursor lands on is drawn again, highlighted, with its job's name
  (the writer leaves the newest 200 jobs alone, so nothing else redraws those rows);
- `s` (sort by the next column): the new column's title with its arrow in the header; every sort
  re-sorts all 50,000 jobs.
Baseline: the bare Textual app of ui_costs.py in the same pty, whose `s` key changes a label's text (the floor of
Textual and the terminal). Goal: no key over 100 ms.

Run: python bench/responsiveness.py [--jobs 50000] [--presses 14]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from pty_screen import PtyProgram  # noqa: E402
from ui_costs import BARE_APP, CHILD_ENV, dashboard_argv, fill_cache, synthetic_jobs  # noqa: E402

# The header titles the queue shows after each `s`, from the default sort (created, newest first).
SORT_TITLES = ("NAME▲", "STATUS▲", "OP▲", "PROGRESS▼", "FAIL▼", "TIME▼", "SOURCE → TARGET▲", "CREATED▼")

WRITER = """
import asyncio, sys, time
from dataclasses import replace
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from ui_costs import synthetic_jobs
from deidtui.cache import JobCache
from deidtui.domain.models import JobStatus, JobSummary

async def main():
    jobs = synthetic_jobs(int(sys.argv[2]))
    running = [j for j in jobs[:-200] if j.status is JobStatus.RUNNING]  # the newest rows stay still
    step = max(len(jobs) // 100, 1)
    cache = await JobCache.open(Path(sys.argv[1]))
    tick = 0
    while True:
        chosen = running[(tick * step) % len(running):][:step]
        moved = [
            replace(j, status=JobStatus.SUCCEEDED if i % 2 else JobStatus.RUNNING,
                    summary=JobSummary(5 + tick % 5, 0, 0, 10, 100),
                    last_updated_at=j.last_updated_at.replace(second=(tick % 59)))
            for i, j in enumerate(chosen)
        ]
        await cache.upsert_jobs("bench", moved)
        tick += 1
        await asyncio.sleep(0.5)

asyncio.run(main())
"""


def time_keys(program: PtyProgram, key: str, needles: list[str]) -> list[float]:
    """Press `key` once per needle; seconds from each key to the first write showing its needle."""
    times = []
    for needle in needles:
        program.settle(quiet=0.2, timeout=2.0)
        since = len(program.text)
        pressed = program.press(key)
        program.wait_for_text(needle, timeout=30, since=since)
        times.append(program.last_output - pressed)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=50_000)
    parser.add_argument("--presses", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "keys.sqlite3"
        asyncio.run(fill_cache(cache, args.jobs, 0))
        newest = synthetic_jobs(args.jobs)[-1].name
        needles = [SORT_TITLES[i % len(SORT_TITLES)] for i in range(args.presses)]

        bare = PtyProgram([sys.executable, "-c", BARE_APP], env=CHILD_ENV, cwd=ROOT)
        try:
            bare.wait_for_text("bare-row-19")
            bare_times = time_keys(bare, "s", [f"KEY-{i + 1}" for i in range(args.presses)])
        finally:
            bare.stop()

        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(cache), str(args.jobs), str(ROOT / "bench")], env=CHILD_ENV, cwd=ROOT
        )
        dashboard = PtyProgram(dashboard_argv(Path(folder), cache), env=CHILD_ENV, cwd=ROOT)
        try:
            dashboard.wait_for_text(newest)
            dashboard.wait_for_text(f"jobs {args.jobs}", timeout=180)  # the rest of the cache has loaded
            dashboard.settle(quiet=0.2, timeout=5)
            names = [job.name for job in reversed(synthetic_jobs(args.jobs)[-args.presses - 1 :])]
            cursor_times = time_keys(dashboard, "j", names[1:])
            key_times = time_keys(dashboard, "s", needles)
        finally:
            dashboard.stop()
            writer.terminate()
            writer.wait(timeout=10)
    bare_worst, bare_median = max(bare_times) * 1000, statistics.median(bare_times) * 1000
    for label, times in (("`j` moving the cursor", cursor_times), ("`s` re-sorting them all", key_times)):
        worst, median = max(times) * 1000, statistics.median(times) * 1000
        print(
            f"key press to screen, {args.jobs:,} jobs (a quarter running, 1% changing every 0.5 s), {label}, "
            f"{len(times)} presses: median {median:.0f} ms, worst {worst:.0f} ms   bare Textual app: median "
            f"{bare_median:.0f} ms, worst {bare_worst:.0f} ms   ratio {median / bare_median:.1f}x (median) "
            f"(goal: no key over 100 ms: {'met' if worst <= 100 else 'NOT met'})"
        )
        print("  each press, ms:", " ".join(f"{t * 1000:.0f}" for t in times))


if __name__ == "__main__":
    main()
