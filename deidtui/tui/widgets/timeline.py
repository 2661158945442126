"""A job's status history on one line: `○ queued 10:00:01 (2s) → ▶ running 10:00:03 (4m 09s) → ✘ failed 10:04:12`.

Transitions come from the cache (the service's lastUpdatedAt when each status was first seen).
The line gives up detail as the width shrinks: first the status words, then the time spent in
each status, then the oldest entries (an ellipsis says some were left out). Status always shows
as a symbol as well as a colour, so it reads without colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from textual.content import Content

from ...domain.jobs import Transition
from ...domain.models import JobStatus
from ..formatting import STATUS_LABEL, STATUS_STYLE, STATUS_SYMBOL, timestamp
from .job_state import live_span, span
from .job_summary import LABEL, MUTED, Section

ARROW = " → "


def _item(
    transition: Transition, stay: float | None, now: datetime, *, words: bool, stays: bool, current: bool = False
) -> Content:
    status = transition.status
    mark = f"{STATUS_SYMBOL[status]} {STATUS_LABEL[status]}" if words else STATUS_SYMBOL[status]
    parts: list[str | tuple[str, str]] = [(mark, STATUS_STYLE[status]), f" {timestamp(transition.at, now)}"]
    if stays and stay is not None:
        # The state the job is still in grows every second: shown by the minute, it repaints rarely.
        parts.append((f" ({live_span(stay) if current else span(stay)})", MUTED))
    return Content.assemble(*parts)


def timeline_content(
    transitions: Sequence[Transition], status: JobStatus | None, now: datetime, width: int, *, label: bool = True
) -> Content:
    """The history that fits in `width` cells, most detailed first."""
    if not transitions:
        return Content()
    stays: list[float | None] = []
    for i, transition in enumerate(transitions):
        if i + 1 < len(transitions):
            stays.append((transitions[i + 1].at - transition.at).total_seconds())
        elif status is not None and status.is_active and transition.status is status:
            stays.append((now - transition.at).total_seconds())  # still in it: time so far
        else:
            stays.append(None)
    prefix = Content.styled("history".ljust(LABEL), MUTED) if label else Content()
    room = width - prefix.cell_length
    for words, with_stays in ((True, True), (True, False), (False, True), (False, False)):
        last = len(transitions) - 1
        items = [
            _item(
                t, s, now, words=words, stays=with_stays, current=i == last and status is not None and status.is_active
            )
            for i, (t, s) in enumerate(zip(transitions, stays, strict=True))
        ]
        line = Content(ARROW).join(items)
        if line.cell_length <= room:
            return prefix + line
    # Still too long: keep the newest entries that fit, in symbol form.
    items = [_item(t, s, now, words=False, stays=False) for t, s in zip(transitions, stays, strict=True)]
    kept: list[Content] = []
    used = 2  # "… "
    for item in reversed(items):
        cost = item.cell_length + (len(ARROW) if kept else 0)
        if used + cost > room:
            break
        kept.insert(0, item)
        used += cost
    if not kept:
        # Not even the newest entry fits beside the label: drop the label, then cut the entry.
        return (
            timeline_content(transitions, status, now, width, label=False)
            if label
            else items[-1].truncate(width, ellipsis=True)
        )
    return prefix + Content.styled("… ", MUTED) + Content(ARROW).join(kept)


def with_current(
    transitions: list[Transition], status: JobStatus, at: datetime, seen_at: datetime, incarnation: int
) -> list[Transition]:
    """The history plus the job's current status if the last entry is a different one (a live update)."""
    if transitions and transitions[-1].status is status:
        return transitions
    return [*transitions, Transition(status, at, seen_at, incarnation)]


class JobTimeline(Section):
    """The shown job's status history, one line (hidden when the pane is very short)."""

    DEFAULT_CSS = """
    JobTimeline { height: auto; }
    """
