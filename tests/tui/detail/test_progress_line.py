"""The progress line tells one reading: its figures and the counts beside them come from the same
source. While a job runs, the service's summary and the cached documents take turns being ahead
(`rules.counts_from` shows whichever has seen more documents settle); the counts beside the bar
came from the documents alone, so for a moment the line read "10/600 ... ✔ 9 ▶ 1 ○ 590"."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from deidtui.domain.models import JobStatus, JobSummary
from deidtui.tui.widgets.job_state import DetailState
from deidtui.tui.widgets.job_summary import live_content

from .synthetic import NOW, cached_job, document

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
