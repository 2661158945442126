"""`deidtui jobs list --cached` (which never contacts the service) vs `python -c pass`.

For 1,000 and 50,000 cached jobs, printed to a pipe: the whole list (as a table, the default, and
as JSON), a quarter of it (`--status failed`), the newest 1% (`--since`), and whether the run
imported the Azure SDK. Each figure is the
median of five runs of a fresh process, from start to exit, beside the same interpreter doing
nothing (`python -c pass`), as a ratio. Goal: no Azure SDK, and the filter decodes only the rows
it prints.

Run: python bench/cli_cached.py [--sizes 1000,50000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from ui_costs import CHILD_ENV, dashboard_argv, fill_cache, synthetic_jobs  # noqa: E402


def timed(argv: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, env=CHILD_ENV, cwd=ROOT, timeout=300)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{argv[-4:]} exited {result.returncode}: {result.stderr[-500:]!r}")
    return elapsed


def imports_azure(argv: list[str]) -> bool:
    result = subprocess.run(
        [argv[0], "-X", "importtime", *argv[1:]], capture_output=True, text=True, env=CHILD_ENV, cwd=ROOT
    )
    return any(line.split("|")[-1].strip().startswith("azure") for line in result.stderr.splitlines() if "|" in line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,50000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for count in (int(n) for n in args.sizes.split(",")):
            cache = Path(folder) / f"cli-{count}.sqlite3"
            asyncio.run(fill_cache(cache, count, 0))
            base = dashboard_argv(Path(folder), cache)
            newest = synthetic_jobs(count)[-max(count // 100, 1)].created_at.isoformat(timespec="seconds")
            commands = {
                "every job (table)": [*base, "jobs", "list", "--cached"],
                "every job (JSON)": [*base, "jobs", "list", "--cached", "--output", "json"],
                "--status failed": [*base, "jobs", "list", "--cached", "--status", "failed"],
                "newest 1% (--since)": [*base, "jobs", "list", "--cached", "--since", newest[:16]],
            }
            nothing = [sys.executable, "-c", "pass"]
            timed(commands["every job (table)"]), timed(nothing)  # warm-up: bytecode, file cache
            runs: dict[str, list[float]] = {label: [] for label in [*commands, "pass"]}
            for _ in range(5):  # interleaved, so a slow spell of a shared machine hits all alike
                for label, argv in commands.items():
                    runs[label].append(timed(argv))
                runs["pass"].append(timed(nothing))
            p = statistics.median(runs["pass"])
            azure = "imports the Azure SDK" if imports_azure(commands["every job (table)"]) else "no Azure SDK"
            for what in commands:
                label = what
                m = statistics.median(runs[label])
                print(
                    f"jobs list --cached, {count:,} jobs, {what + ':':<21} {m * 1000:7.0f} ms "
                    f"(runs {min(runs[label]) * 1000:.0f}-{max(runs[label]) * 1000:.0f})   python -c pass: "
                    f"{p * 1000:5.0f} ms   ratio {m / p:6.1f}x   ({azure})",
                    flush=True,
                )


if __name__ == "__main__":
    main()
