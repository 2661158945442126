"""The queue keeps the lines it drew, so that a repaint draws nothing again; but only a few
screens of them. Each drawn line is a Strip with its own caches (about 1 KB): kept up to 4,096 per
table, a dashboard watching busy jobs for an hour grew by megabytes before the cache was cleared."""

from __future__ import annotations

import random
from dataclasses import replace

from deidtui.domain.models import JobStatus, Progress
from deidtui.tui.widgets.job_table import JobTable

from .test_queue_order import NOW, QueueApp, view

KEPT_AT_MOST = 512  # lines: about ten screens of the tallest terminals


async def test_a_busy_queue_keeps_a_few_screens_of_drawn_lines_and_repaints_from_them():
    rng = random.Random(5)
    app = QueueApp()
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(JobTable)
        jobs = [replace(view(f"job-{i:03}", rng, 1), deleted=False) for i in range(60)]
        jobs = [replace(j, job=replace(j.job, status=JobStatus.RUNNING)) for j in jobs]
        table.upsert(jobs, now=NOW)
        await pilot.pause()
        for tick in range(1, 120):  # every job's progress moves at every tick: new lines to draw
            table.upsert(
                [replace(j, progress=Progress(total=200, succeeded=tick), revision=1 + tick) for j in jobs], now=NOW
            )
            await pilot.pause()
        assert len(table._rendered_lines) <= KEPT_AT_MOST
        drawn = table.lines_rendered
        table.refresh()  # a repaint with nothing changed (a toast gone, a screen closed over it)
        await pilot.pause()
        assert table.lines_rendered == drawn, "lines on screen were drawn again"
