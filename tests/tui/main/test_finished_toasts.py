"""A job the queue holds unfinished that finishes is announced, once; a state that finishes nothing
(a finished job's new state, a deleted job, a state older than the one held) is not."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from deidtui.cache import JobCache
from deidtui.domain.briefs import brief_of
from deidtui.domain.jobs import JobView
from deidtui.domain.models import JobStatus, JobSummary
from deidtui.tui.screens import main_events
from tests.support import until

from .cached_dashboard import cached_dashboard, jobs_shown
from .synthetic_queue import NOW, jobs


async def test_jobs_that_finish_are_announced_once_and_nothing_else(tmp_path, monkeypatch):
    monkeypatch.setattr(main_events, "FINISH_TOAST_DELAY", 0.1)
    held = {job.name: job for job in jobs()}
    running = [name for name, job in held.items() if job.status is JobStatus.RUNNING]
    finished = next(name for name, job in held.items() if job.status is JobStatus.SUCCEEDED)
    assert len(running) >= 2
    app = await cached_dashboard(tmp_path)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await jobs_shown(app, pilot)
        later = NOW + timedelta(minutes=5)
        done = replace(
            held[running[0]],
            status=JobStatus.SUCCEEDED,
            last_updated_at=later,
            summary=JobSummary(total=4, successful=4, failed=0, canceled=0, bytes_processed=100),
        )
        async with await JobCache.open(tmp_path / "cached-dashboard.sqlite3") as cache:
            await cache.upsert_jobs(app.engine.name, [done, replace(held[finished], last_updated_at=later)])
            await cache.mark_deleted(app.engine.name, {running[1]})
        table = app.screen.query_one("JobTable")
        await until(pilot, lambda: table.job(running[0]).status is JobStatus.SUCCEEDED)
        await until(pilot, lambda: any(running[0] in n.title for n in app._notifications))
        await pilot.pause(0.3)
        said = [f"{n.title} {n.message}" for n in app._notifications]
        assert sum(running[0] in text for text in said) == 1
        assert not [text for text in said if finished in text or running[1] in text]
        # A state older than the one held finishes nothing, whatever it says.
        stale = brief_of(JobView(done, app.engine.name, NOW, NOW, False, None, None, None, revision=0))
        assert table.finished_by(stale) is False
