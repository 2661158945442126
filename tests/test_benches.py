"""Every benchmark still runs, at its smallest size, and prints its figures beside their
baselines. No figure is judged here (these machines are shared and noisy): a benchmark that no
longer runs after a change to the code it drives is what this catches. `poll_efficiency.py
--bookkeeping-only` crashed for a while, handing the poller JobViews after it came to read briefs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"

# Each benchmark's smallest run, and a word its report must hold ("ratio": a figure beside its
# baseline). chaos_soak.py has its own test (tests/test_chaos_soak.py).
SMALLEST = {
    "cache_throughput": ["--jobs", "1000", "--documents", "1000"],
    "cli_cached": ["--sizes", "1000"],
    "poll_efficiency": ["--bookkeeping-only"],
    "poll_efficiency sweeps": ["--sweeps-only", "1", "--sizes", "1000"],
    "ui_costs": ["--only", "1", "--sizes", "1000"],
    "blob_viewer": ["--ui-only", "--runs", "1"],
    "emulator_throughput": ["--documents", "50"],
    "run_pipeline": ["--documents", "50"],
    "responsiveness": ["--jobs", "1000", "--presses", "2"],
    "fleet_costs": [],
    "phi_accuracy": [],
}
REPORTS = {"phi_accuracy": "recall", "poll_efficiency sweeps": "over pages x trip"}


@pytest.mark.parametrize("bench", list(SMALLEST))
def test_the_benchmark_runs_and_prints_its_figures_beside_their_baselines(bench):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DEIDTUI_")}
    env.update({key: value for key, value in os.environ.items() if key == "DEIDTUI_AZURITE_BIN"})
    result = subprocess.run(
        [sys.executable, str(BENCH / f"{bench.split()[0]}.py"), *SMALLEST[bench]],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert REPORTS.get(bench, "ratio") in result.stdout, result.stdout[-2000:]
