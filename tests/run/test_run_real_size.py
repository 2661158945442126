"""The issue's run at its real size: nested folders, a file over 2 MB, a Latin-1 file and 12,000
small notes: outputs on disk, the summary right, and two jobs (10,000 documents at most per job).

It takes many minutes (11 on a two-core machine with a concurrent test run: upload, two jobs,
12,000 verified downloads), far past the suite's budget. It runs when asked
(`DEIDTUI_RUN_REAL_SIZE=1 python -m pytest tests/run/test_run_real_size.py`); the suite proves
the split with `--documents-per-job` on a few hundred notes (test_run.py, test_run_killed.py)."""

from __future__ import annotations

import os

import pytest

from .conftest import emulator_jobs, make_tree


@pytest.mark.slow
@pytest.mark.timeout(3600)
@pytest.mark.skipif(not os.environ.get("DEIDTUI_RUN_REAL_SIZE"), reason="minutes long: DEIDTUI_RUN_REAL_SIZE=1 runs it")
def test_twelve_thousand_notes_make_two_jobs_and_every_output_lands(deidtui, emulator, bucket, source, tmp_path):
    sent = make_tree(source, 12_000)
    out = tmp_path / "out"
    result = deidtui(
        "run", str(source), "--op", "redact", "--out", str(out), "--container", bucket, "--name", "twelve",
        "--interval", "0.5", "-o", "json",
        timeout=3500,
    )  # fmt: skip
    assert result.code == 0, result.err[-2000:]
    summary = result.json()
    assert emulator_jobs(emulator.url) == ["twelve-1", "twelve-2"]
    assert [job["outcome"] for job in summary["jobs"]] == ["succeeded", "succeeded"]
    assert summary["documents"] == {"total": 12_000, "succeeded": 12_000, "failed": 0, "canceled": 0}
    assert sorted(s["path"] for s in summary["skipped"]) == ["clinic-a/latin1.txt", "clinic-b/huge.txt"]
    assert summary["downloads"]["files"] == 12_000 and summary["downloads"]["failed"] == []
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt"))
    assert written == sent
    assert "[patient]" in (out / sent[-1]).read_text(encoding="utf-8")  # Redact's default format, [{type}]
