"""The dashboard leaves nothing of its own running when it exits: Textual cancels the app's workers
without waiting for them, and the event pump, cancelled but never resumed, was left suspended for
the garbage collector to close later, outside the app's context (a warning in another test)."""

from __future__ import annotations

from textual.worker import WorkerState

from .cached_dashboard import cached_dashboard, jobs_shown


async def test_the_event_pump_has_stopped_once_the_app_has_exited(tmp_path):
    app = await cached_dashboard(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await jobs_shown(app, pilot)
        pumps = [worker for worker in app.workers if worker.group == "engine" and not worker.is_finished]
        assert pumps  # the pump runs as long as the app
    assert [worker.state for worker in pumps] == [WorkerState.CANCELLED] * len(pumps)
