"""The chaos soak of bench/chaos_soak.py in CI size: a short run, the same five verdicts."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

from deidtui.emulator.config import REALISTIC, Span

BENCH = Path(__file__).resolve().parents[1] / "bench" / "chaos_soak.py"


def load_soak():
    spec = importlib.util.spec_from_file_location("chaos_soak", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
async def test_a_short_chaos_soak_misreports_nothing(azurite, tmp_path):
    chaos_soak = load_soak()
    seed = random.randrange(1_000_000)  # a new run each time; the seed is in the report to replay it
    # Jobs wait in the queue 0.5-5 s instead of the recorded 2-60 s: the soak's faults, kills and
    # throttling are the same, and the wait for its last watch and for every job to finish after
    # the 15 s of commands took 50 of its 65 s.
    result = await chaos_soak.soak(
        seconds=15,
        connection_string=azurite.connection_string,
        workdir=tmp_path,
        seed=seed,
        workers=2,
        min_submits=3,
        pacing=REALISTIC.with_queue(Span(0.5, 5.0)),
    )
    report = result.report()
    print(report)
    assert sum(c.kind == "submit" for c in result.commands) >= 3, report
    assert not any(result.verdicts().values()), report
