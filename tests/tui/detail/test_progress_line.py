"""The progress line tells one reading: its figures and the counts beside them come from the same
source. While a job runs, the service's summary and the cached documents take turns being ahead
(`rules.counts_from` shows whichever has seen more documents settle); the counts beside the bar
came from the documents alone, so for a moment the line read "10/600 ... ✔ 9 ▶ 1 ○ 590"."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import pytest
from textual.pilot import Pilot

from deidtui.domain.jobs import JobView
from deidtui.domain.models import Document, JobStatus, JobSummary, Progress
from deidtui.tui.widgets.job_state import DetailState
from deidtui.tui.widgets.job_summary import live_content

from .helpers import DetailApp, section_text, until
from .synthetic import NOW, FakeEngine, cached_job, document, running

STATUSES = [JobStatus.SUCCEEDED] * 9 + [JobStatus.RUNNING] + [JobStatus.NOT_STARTED] * 590


def shown(summary: JobSummary | None, width: int, statuses: list[JobStatus] = STATUSES) -> tuple[int, int, int, str]:
    docs = [document(i, status) for i, status in enumerate(statuses)]
    view = cached_job("urgence", JobStatus.RUNNING, documents=docs)
    view = replace(view, job=replace(view.job, summary=summary))
    state = DetailState(clock=lambda: NOW, name=view.name, cached=view)
    state.set_progress(view.progress)
    text = live_content(state, width).plain
    done, total = map(int, re.search(r" (\d+)/(\d+) \d+%", text).groups())  # type: ignore[union-attr]
    succeeded = int(re.search(r"✔ (\d+)", text).group(1))  # type: ignore[union-attr]
    return done, total, succeeded, text


@pytest.mark.parametrize("width", [70, 120])
def test_the_figures_and_the_counts_beside_them_tell_one_reading(width: int) -> None:
    # The summary has seen ten documents succeed; the cached documents, nine and one running.
    done, total, succeeded, text = shown(JobSummary(10, 0, 0, 600, 0), width)
    assert (done, total) == (10, 600)
    assert succeeded == 10, text
    assert "▶" not in text and "○" not in text, text  # the summary knows nothing of running or queued

    # The documents ahead: the line is theirs, running and queued included.
    done, total, succeeded, text = shown(JobSummary(8, 0, 0, 600, 0), width)
    assert (done, total, succeeded) == (9, 600, 9)
    assert "▶ 1" in text and "○ 590" in text, text

    # As many settled on both sides, told apart differently: the summary wins the tie, and its
    # split is the one shown (not the documents' nine succeeded and one failed).
    one_failed = [JobStatus.SUCCEEDED] * 9 + [JobStatus.FAILED] + [JobStatus.NOT_STARTED] * 590
    done, total, succeeded, text = shown(JobSummary(10, 0, 0, 600, 0), width, one_failed)
    assert (done, total, succeeded) == (10, 600, 10) and "✘ 0" in text, text


class HeldCensus(FakeEngine):
    """The documents table's own reads (its counts and rows) wait while `held` is clear: the
    view of the job arrives first, as it does from the cache's feed."""

    def __init__(self) -> None:
        super().__init__()
        self.held = asyncio.Event()
        self.held.set()

    async def document_census(self, name: str) -> dict[JobStatus, int]:
        await self.held.wait()
        return await super().document_census(name)


@asynccontextmanager
async def showing_a_running_job(engine: FakeEngine) -> AsyncIterator[tuple[DetailApp, Pilot, JobView, list[Document]]]:
    """The pane at 160x48 showing `running()`'s job of 40 documents (4 running, 24 queued)."""
    cached, docs, transitions = running()
    engine.add(cached, docs, transitions)
    app = DetailApp(engine, clock=lambda: NOW)
    async with app.run_test(size=(160, 48)) as pilot:
        await app.detail.show_job(cached.name)
        await pilot.pause()
        yield app, pilot, cached, docs


async def test_the_documents_line_and_the_progress_line_are_one_reading(utc_tz) -> None:
    # The documents line ("documents 40 ✘ 1 failed ▶ 4 running ○ 24 queued") was the documents
    # table's own census, read after the view: while a job ran it trailed the progress line above
    # it ("○ 23") for one read, about once in five samples.
    engine = HeldCensus()
    async with showing_a_running_job(engine) as (app, pilot, cached, docs):
        detail = app.detail
        assert "○ 24 queued" in section_text(app, "caption") and "○ 24" in section_text(app, "live")

        engine.held.clear()
        started = replace(docs[16], status=JobStatus.RUNNING)  # a queued document starts
        statuses = [d.status for d in docs]
        statuses[16] = JobStatus.RUNNING
        detail.job_changed(engine.write(cached.name, documents=(started,), progress=Progress.of(statuses)))
        await pilot.pause()
        live, caption = section_text(app, "live"), section_text(app, "caption")
        assert "▶ 5" in live and "○ 23" in live, live
        assert "▶ 5 running" in caption and "○ 23 queued" in caption, caption

        engine.held.set()
        await until(pilot, lambda: detail.table.count(JobStatus.RUNNING) == 5)
        assert "▶ 5 running" in section_text(app, "caption") and "○ 23 queued" in section_text(app, "caption")


async def test_a_finished_jobs_documents_last_listed_while_it_ran_say_so(utc_tz) -> None:
    # The job's finish can reach the cache before its final documents (a sweep saw it; or the
    # network went away): the documents line says they are as listed while the job ran.
    engine = FakeEngine()
    async with showing_a_running_job(engine) as (app, pilot, cached, docs):
        detail = app.detail
        assert "while it ran" not in section_text(app, "caption")  # running: they are its latest

        summary = JobSummary(successful=39, failed=1, canceled=0, total=40, bytes_processed=40_000)
        finished = replace(cached.job, status=JobStatus.FAILED, summary=summary)
        detail.job_changed(engine.write(cached.name, job=finished))
        await pilot.pause()
        caption = section_text(app, "caption")
        assert "▶ 4 running" in caption and "as listed while it ran" in caption, caption

        final = tuple(replace(d, status=JobStatus.SUCCEEDED) for d in docs if d.status.is_active)
        statuses = [JobStatus.FAILED if d.status is JobStatus.FAILED else JobStatus.SUCCEEDED for d in docs]
        detail.job_changed(engine.write(cached.name, documents=final, progress=Progress.of(statuses)))
        await pilot.pause()
        caption = section_text(app, "caption")
        assert "running" not in caption and "while it ran" not in caption, caption
