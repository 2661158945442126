"""A running job's rate and ETA drift a little every second while no progress arrives: the pane
recomputes them every `LIVE_EVERY` seconds, not every second (each repaint is bytes over SSH)."""

from __future__ import annotations

from deidtui.tui.widgets.job_detail import LIVE_EVERY
from deidtui.tui.widgets.job_summary import Section

from .helpers import DetailApp, section_text
from .synthetic import running
from .test_detail_pane import Clock, engine_with


async def test_an_idle_running_jobs_rate_line_is_repainted_every_few_seconds_not_every_second(utc_tz):
    clock = Clock()
    cached, docs, transitions = running()
    app = DetailApp(engine_with((cached, docs, transitions)), clock=clock)
    async with app.run_test(size=(160, 48)):
        detail = app.detail
        await detail.show_job(cached.name)
        live = detail.query_one("#detail-live", Section)
        first = section_text(app, "live")
        assert "docs/min" in first
        repaints = live.repaints
        for _ in range(20):  # 20 idle seconds: the rate falls as time passes
            clock.advance(1)
            detail._tick()
        assert LIVE_EVERY > 1 and live.repaints - repaints == 20 // LIVE_EVERY
        assert section_text(app, "live") != first  # still honest: the falling rate is shown
