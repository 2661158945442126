"""`deidtui demo` runs its jobs at a realistic pace: they queue for seconds, and the large French
job keeps running for minutes (worked out from the demo's settings; nothing waits here)."""

from __future__ import annotations

import inspect

from deidtui.local.stack import DEMO_CONCURRENCY, DEMO_FOLDERS, DEMO_PACING, DemoStack


def test_demo_jobs_queue_and_the_french_job_runs_for_minutes():
    assert inspect.signature(DemoStack).parameters["pacing"].default is DEMO_PACING
    assert DEMO_PACING.name == "realistic"
    assert DEMO_PACING.queue.low >= 2  # every job is seen NotStarted first
    assert DEMO_PACING.retry_after == (2, 5)
    documents = next(count for container, folder, _, count in DEMO_FOLDERS if folder == "urgence/")
    mean_document = (DEMO_PACING.document.low + DEMO_PACING.document.high) / 2
    alone = documents * mean_document / DEMO_CONCURRENCY  # seconds, with every slot to itself
    assert alone >= 180, f"the long French job would finish in {alone:.0f} s"
