"""The detail pane's behaviour on fixed synthetic data: loading, live updates in place, freshness, layouts."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest

from deidtui.domain.jobs import Transition
from deidtui.domain.models import JobStatus, JobSummary, Progress, ServiceError
from deidtui.tui.widgets.documents_table import DocumentsTable
from deidtui.tui.widgets.job_detail import JobDetail
from deidtui.tui.widgets.job_state import Throughput
from deidtui.tui.widgets.job_summary import Section
from deidtui.tui.widgets.timeline import timeline_content
from tests.support import wait_for

from .helpers import DetailApp, screen_lines, screen_text, section_text, until
from .synthetic import NOW, FakeEngine, cached_job, document, partially_failed, running


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def engine_with(*jobs) -> FakeEngine:
    engine = FakeEngine()
    for cached, docs, transitions in jobs:
        engine.add(cached, docs, transitions)
    return engine


async def test_no_job_and_an_uncached_job_show_a_hint_instead_of_the_pane(utc_tz):
    app = DetailApp(engine_with(partially_failed()), clock=Clock())
    async with app.run_test(size=(100, 30)) as pilot:
        detail = app.detail
        await detail.show_job(None)
        await pilot.pause()
        assert detail.has_class("-empty") and "No job selected" in screen_text(app)
        assert not detail.query_one(DocumentsTable).display
        await detail.show_job("never-seen")
        await pilot.pause()
        assert "never-seen is not in the local cache yet" in screen_text(app)
        await detail.show_job("nightly-0412")
        await pilot.pause()
        assert not detail.has_class("-empty") and "nightly-0412" in section_text(app, "header")


class SlowEngine(FakeEngine):
    """Reads of one job take a while, so a later selection overtakes them."""

    def __init__(self, slow: str) -> None:
        super().__init__()
        self.slow = slow
        self.release = asyncio.Event()

    async def job(self, name):
        if name == self.slow:
            await self.release.wait()
        return await super().job(name)


async def test_a_later_selection_wins_over_a_slower_earlier_one(utc_tz):
    engine = SlowEngine("nightly-0412")
    first, second = partially_failed(), running()
    engine.add(*first)
    engine.add(*second)
    app = DetailApp(engine, clock=Clock())
    async with app.run_test(size=(100, 30)) as pilot:
        detail = app.detail
        slow = asyncio.create_task(detail.show_job("nightly-0412"))
        await pilot.pause()
        await detail.show_job("ward-7-discharge")
        engine.release.set()
        await slow
        await pilot.pause()
        assert detail.shown_name == "ward-7-discharge"
        assert "ward-7-discharge" in section_text(app, "header")
        assert detail.table.row_count == 40 and detail.table.count(JobStatus.RUNNING) == 4


async def test_events_for_a_job_still_loading_are_applied_once_it_is_shown(utc_tz):
    engine = SlowEngine("ward-7-discharge")
    cached, docs, transitions = running()
    engine.add(cached, docs, transitions)
    app = DetailApp(engine, clock=Clock())
    async with app.run_test(size=(100, 30)) as pilot:
        detail = app.detail
        loading = asyncio.create_task(detail.show_job("ward-7-discharge"))
        await pilot.pause()
        finished = replace(docs[12], status=JobStatus.SUCCEEDED, output=docs[0].output)
        progress = Progress.of([d.status for d in docs[:12]] + [JobStatus.SUCCEEDED] + [d.status for d in docs[13:]])
        detail.job_changed(engine.write(cached.name, documents=(finished,), progress=progress))
        engine.release.set()
        await loading
        await until(pilot, lambda: detail.table.document(finished.id).status is JobStatus.SUCCEEDED)
        assert "13/40" in section_text(app, "live")


async def test_job_updates_move_status_and_history_and_late_ones_are_ignored(utc_tz):
    clock = Clock()
    cached, docs, transitions = running()
    engine = engine_with((cached, docs, transitions))
    app = DetailApp(engine, clock=clock)
    async with app.run_test(size=(160, 48)) as pilot:
        detail = app.detail
        await detail.show_job(cached.name)
        await pilot.pause()
        assert "▶ running" in section_text(app, "header")
        summary = JobSummary(successful=39, failed=1, canceled=0, total=40, bytes_processed=40_000)
        done = replace(
            cached,
            job=replace(
                cached.job,
                status=JobStatus.FAILED,
                summary=summary,
                last_updated_at=NOW + timedelta(seconds=20),
                error=ServiceError("DocumentsFailed", "1 of 40 documents failed."),
            ),
        )
        late = engine.jobs[cached.name][0]
        detail.job_changed(engine.write(cached.name, job=done.job))
        await pilot.pause()
        assert "✘ partially failed" in section_text(app, "header")
        assert section_text(app, "timeline").endswith("✘ failed 10:30:20")
        assert "✔ 39 succeeded" in section_text(app, "live") and "DocumentsFailed" in section_text(app, "error")
        detail.job_changed(late)  # the running view again, but older: a late answer
        await pilot.pause()
        assert "✘ partially failed" in section_text(app, "header")


async def test_a_document_update_repaints_only_its_own_visible_row(utc_tz):
    docs = [document(i, JobStatus.RUNNING if i < 500 else JobStatus.NOT_STARTED) for i in range(10_000)]
    cached = cached_job("big-batch", JobStatus.RUNNING, documents=docs)
    engine = engine_with((cached, docs, []))
    app = DetailApp(engine, clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        detail = app.detail
        await detail.show_job("big-batch")
        await pilot.pause()
        table = detail.table
        window = table.window
        assert table.row_count == 10_000 and table.lines_rendered < 60  # only what is on screen was drawn
        assert window[1] - window[0] < 200  # and only a screen and a margin is held
        before = table.lines_rendered
        progress = Progress.of([JobStatus.SUCCEEDED] + [d.status for d in docs[1:]])
        changed = engine.write(
            "big-batch", documents=(replace(docs[1], status=JobStatus.SUCCEEDED),), progress=progress
        )
        detail.job_changed(changed)
        await until(pilot, lambda: table.cells(docs[1].id)[0] == "✔ succeeded")
        await pilot.pause()
        assert table.lines_rendered - before == 1
        assert table.window == window  # the held rows read again, in place
        assert table.cells(docs[1].id)[0] == "✔ succeeded"
        before = table.lines_rendered
        detail.job_changed(engine.write("big-batch", documents=(replace(docs[9_000], status=JobStatus.RUNNING),)))
        await until(pilot, lambda: table.count(JobStatus.RUNNING) == 500)
        await pilot.pause()
        assert table.lines_rendered == before  # off screen: nothing drawn
        assert table.count(JobStatus.RUNNING) == 500


async def test_failed_only_filter_follows_updates_and_keeps_the_cursor_on_its_document(utc_tz):
    cached, docs, transitions = running()
    engine = engine_with((cached, docs, transitions))
    app = DetailApp(engine, clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        detail = app.detail
        await detail.show_job(cached.name)
        await pilot.press("f")
        table = detail.table
        assert [d.id for d in table.held()] == [docs[11].id]
        newly_failed = replace(
            docs[2],
            status=JobStatus.FAILED,
            output=None,
            error=ServiceError("DocumentNotFound", "The document was deleted."),
        )
        detail.job_changed(engine.write(cached.name, documents=(newly_failed,)))
        await until(pilot, lambda: [d.id for d in table.held()] == [docs[2].id, docs[11].id])
        assert table.highlighted.id == docs[11].id  # the cursor stayed on its document
        await pilot.pause()
        assert "DocumentNotFound" in screen_text(app)
        await pilot.press("f")
        assert table.row_count == 40 and table.highlighted.id == docs[11].id


async def test_freshness_offline_and_throttling_read_honestly_and_count_down(utc_tz):
    clock = Clock()
    cached, docs, transitions = partially_failed()  # last seen 5 s ago
    engine = engine_with((cached, docs, transitions))
    app = DetailApp(engine, clock=clock)
    async with app.run_test(size=(160, 48)):
        detail = app.detail
        await detail.show_job(cached.name)
        assert "seen just now" in section_text(app, "header")
        detail.set_staleness(False, 4.0)
        clock.advance(125)
        detail._tick()
        header = detail.query_one("#detail-header", Section)
        # 10 s steps under a minute, then minutes, spelled as the status bar's ages: the line repaints
        # at most every 10 s over SSH.
        assert "✘ offline · seen 2m ago" in header.content.plain
        offline = next(s for s in header.content.spans if "offline" in header.content.plain[s.start : s.end])
        assert "$warning" in str(offline.style)
        detail.set_staleness(True, 4.0)
        assert "throttled, retrying in 4s" in header.content.plain
        clock.advance(1)
        detail._tick()
        assert "retrying in 3s" in header.content.plain
        repaints = header.repaints
        detail._tick()  # nothing changed: no repaint
        assert header.repaints == repaints
        clock.advance(4)
        detail._tick()
        assert "throttled" not in header.content.plain


async def test_the_header_says_when_the_shown_job_itself_was_last_seen(utc_tz):
    # It said "last refreshed 20 s ago" (the last sweep of the whole list, which the status bar
    # says too) while the shown job, read every 2 s, visibly moved under it. A job that did not
    # change is not news for the cache's feed: the pane reads its view again every 10 s.
    clock = Clock()
    cached, docs, transitions = partially_failed()
    engine = engine_with((cached, docs, transitions))
    app = DetailApp(engine, clock=clock)
    async with app.run_test(size=(160, 48)) as pilot:
        detail = app.detail
        await detail.show_job(cached.name)
        detail.set_staleness(True, 0.0)
        clock.advance(20)
        detail._tick()
        assert "seen 20s ago" in section_text(app, "header")

        clock.advance(0.5)
        view, *rest = engine.jobs[cached.name]
        engine.jobs[cached.name] = (replace(view, last_seen=clock.now), *rest)  # polled, unchanged
        for _ in range(19):  # a read again every 10 ticks (the pane's own timer ticks too)
            clock.advance(0.5)
            detail._tick()
        await until(pilot, lambda: "seen just now" in section_text(app, "header"))


@pytest.mark.parametrize("size", [(80, 24), (160, 48), (66, 58), (80, 10), (200, 60), (126, 22)])
async def test_layouts_render_at_every_size_without_errors(utc_tz, size):
    width, height = size
    cached, docs, transitions = running()
    engine = engine_with((cached, docs, transitions))
    app = DetailApp(engine, clock=Clock())
    async with app.run_test(size=size) as pilot:
        detail = app.detail
        await detail.show_job(cached.name)
        detail.set_staleness(True, 0.0)
        await pilot.pause()
        lines = screen_lines(app)
        assert len(lines) == height and all(len(line) <= width for line in lines)
        text = screen_text(app)
        assert "ward-7-discharge" in text and "▶ running" in text and "12/40" in text
        assert "STATUS" in text and "INPUT (in/)" in text and ("OUTPUT (out/)" in text) == (width >= 100)
        assert detail.has_class("-narrow") == (width < 100)
        expected = "full" if height >= 30 else "compact" if height >= 16 else "minimal"
        assert detail.state.density == expected
        assert detail.table.size.height >= 3  # the documents always keep room
        if expected == "minimal":
            assert not detail.query_one("#detail-timeline").display


async def test_the_binding_ids_descriptions_and_tooltips_exist():
    bindings = {b.id: b for b in [*JobDetail.BINDINGS, *DocumentsTable.BINDINGS]}
    for binding_id, key in [
        ("detail.view", "enter"),
        ("detail.view_input", "i"),
        ("detail.view_output", "o"),
        ("detail.failed_only", "f"),
    ]:
        assert bindings[binding_id].key == key
        assert bindings[binding_id].description and bindings[binding_id].tooltip


async def test_a_job_not_yet_cached_appears_when_its_first_update_arrives(utc_tz):
    engine = FakeEngine()
    app = DetailApp(engine, clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        detail = app.detail
        await detail.show_job("ward-7-discharge")
        assert detail.has_class("-empty")
        cached, docs, transitions = running()
        detail.job_changed(engine.add(cached, docs, transitions))
        await wait_for(lambda: not detail.has_class("-empty"), timeout=5)
        await pilot.pause()
        assert "ward-7-discharge" in section_text(app, "header") and detail.table.row_count == 40


def test_recent_throughput_decays_while_nothing_finishes_and_falls_back_to_the_average():
    rate = Throughput()
    started = NOW - timedelta(minutes=10)
    assert rate.per_minute(NOW, None, 0) == (None, "")
    assert rate.per_minute(NOW, started, 50) == (5.0, "average")  # 50 documents in 10 minutes
    rate.observe(NOW, 50)
    rate.observe(NOW + timedelta(seconds=30), 80)
    assert rate.per_minute(NOW + timedelta(seconds=30), started, 80) == (60.0, "recent")
    rate.observe(NOW + timedelta(seconds=40), 80)  # a plateau: no new sample
    assert rate.per_minute(NOW + timedelta(seconds=60), started, 80) == (30.0, "recent")
    # Two minutes on, the window holds only the last sample: the average since the start again.
    later = NOW + timedelta(minutes=5)
    per_minute, how = rate.per_minute(later, started, 80)
    assert how == "average" and per_minute == pytest.approx(80 / 15)


def test_the_history_line_gives_up_detail_as_it_narrows():
    _, _, transitions = partially_failed()
    widths = {}
    for width in (120, 70, 45, 30, 22, 12, 6):
        widths[width] = timeline_content(transitions, JobStatus.FAILED, NOW, width).plain
        assert len(widths[width]) <= width
    assert "○ queued 10:18:00 (2s) → ▶ running 10:18:02 (4m 09s) → ✘ failed 10:22:11" in widths[120]
    assert "queued" in widths[70] and "(2s)" not in widths[70]
    assert "queued" not in widths[45] and "✘ 10:22:11" in widths[45]
    assert widths[22] == "history  … ✘ 10:22:11"
    assert widths[12] == "… ✘ 10:22:11" and widths[6] == "✘ 10:…"  # the label goes before the last entry


async def test_a_newer_brief_of_the_shown_job_brings_its_whole_state_and_an_old_one_reads_nothing(utc_tz):
    """The feed publishes jobs in brief; the pane reads the shown job's whole view when a brief
    newer than what it shows arrives (one read for a burst), and nothing for a brief it is ahead of."""
    from deidtui.domain.briefs import brief_of

    cached, docs, transitions = running()
    engine = engine_with((cached, docs, transitions))
    app = DetailApp(engine, clock=Clock())
    async with app.run_test(size=(160, 48)) as pilot:
        detail = app.detail
        await detail.show_job(cached.name)
        await pilot.pause()
        reads = engine.reads
        detail.brief_changed(brief_of(cached))  # what the pane shows already
        await pilot.pause()
        assert engine.reads == reads
        summary = JobSummary(successful=40, failed=0, canceled=0, total=40, bytes_processed=40_000)
        done = engine.write(
            cached.name,
            job=replace(
                cached.job, status=JobStatus.SUCCEEDED, summary=summary, last_updated_at=NOW + timedelta(seconds=30)
            ),
        )
        for _ in range(5):  # a burst of briefs: the reads do not pile up
            detail.brief_changed(brief_of(done))
        await until(pilot, lambda: "✔ succeeded" in section_text(app, "header"))
        assert engine.reads - reads <= 2
        assert detail.cached == done


async def test_a_job_seen_running_late_is_dated_by_its_start_in_the_history(utc_tz):
    # The answer that first shows a job running carries the lastUpdatedAt of its latest document;
    # the history said "▶ running 18:12:17" beside "started 18:12:10".
    created = NOW - timedelta(minutes=3)
    queued = cached_job("late-look", JobStatus.NOT_STARTED, documents=[], created=created, started_after=None)
    queued = replace(queued, job=replace(queued.job, last_updated_at=created))
    engine = engine_with((queued, [], [Transition(JobStatus.NOT_STARTED, created, created, 1)]))
    app = DetailApp(engine, clock=Clock())
    async with app.run_test(size=(160, 48)) as pilot:
        detail = app.detail
        await detail.show_job("late-look")
        await pilot.pause()
        started, updated = created + timedelta(seconds=10), created + timedelta(seconds=17)
        running = replace(queued.job, status=JobStatus.RUNNING, started_at=started, last_updated_at=updated)
        detail.job_changed(engine.write("late-look", job=running))
        await pilot.pause()
        timeline = section_text(app, "timeline")
        assert f"▶ running {started:%H:%M:%S}" in timeline and f"{updated:%H:%M:%S}" not in timeline, timeline
        assert f"started {started:%H:%M:%S}" in section_text(app, "facts")
