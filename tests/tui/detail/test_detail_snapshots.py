"""Pictures of the detail pane at 160x48 and 80x24, from fixed synthetic data, time and timezone pinned.

Each run_before also asserts the state it pictures, so a snapshot is never the only check.
"""

from __future__ import annotations

from deidtui.domain.models import JobStatus

from .helpers import DetailApp, section_text
from .synthetic import FakeEngine, fixed_clock, partially_failed, running


def test_partially_failed_job_at_160x48(snap_compare, utc_tz):
    cached, docs, transitions = partially_failed()
    engine = FakeEngine()
    engine.add(cached, docs, transitions, ("nightly-0411", ["nightly-0412-r2"]))
    app = DetailApp(engine, clock=fixed_clock)

    async def run_before(pilot) -> None:
        detail = app.detail
        await detail.show_job(cached.name)
        detail.set_staleness(True, 0.0)
        await pilot.press("down", "down", "down")  # onto note-003, whose output already existed
        await pilot.pause()
        assert "✘ partially failed" in section_text(app, "header")
        assert "seen just now" in section_text(app, "header")
        assert "resubmission of nightly-0411 · resubmitted as nightly-0412-r2" in section_text(app, "facts")
        assert "took 4m 09s" in section_text(app, "facts") and "format   [{type}]" in section_text(app, "facts")
        assert "✔ 37 succeeded  ✘ 3 failed" in section_text(app, "live")
        assert "1.2 MB processed" in section_text(app, "live")
        assert detail.table.highlighted.error.code == "OutputAlreadyExists"
        assert "OutputAlreadyExists" in section_text(app, "document")
        assert detail.state.density == "full" and not detail.has_class("-narrow")

    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)


def test_running_job_offline_and_throttled_at_80x24(snap_compare, utc_tz):
    cached, docs, transitions = running()
    engine = FakeEngine()
    engine.add(cached, docs, transitions)
    app = DetailApp(engine, clock=fixed_clock)

    async def run_before(pilot) -> None:
        detail = app.detail
        await detail.show_job(cached.name)
        detail.set_staleness(False, 4.0)
        await pilot.press("f")
        await pilot.pause()
        header = section_text(app, "header")
        assert "✘ offline · seen just now" in header and "throttled, retrying in 4s" in header
        live = section_text(app, "live")
        assert "12/40 30%" in live and "4.0 docs/min · ETA ~6m 55s" in live
        assert "elapsed 2m" in section_text(app, "facts")  # a running job: by the minute
        assert [d.status for d in detail.table.held()] == [JobStatus.FAILED]
        assert detail.state.density == "compact" and detail.has_class("-narrow")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
