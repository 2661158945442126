"""Engine events as Textual messages: one message type per event type, handled by `@on` handlers.

The app reads the engine's coalesced batches and posts them here, in order; the changed jobs of a
batch travel together (`JobsChanged`), so a burst of poll results is one queue update and one
repaint.
"""

from __future__ import annotations

from textual.message import Message

from ..domain.jobs import JobView
from ..engine.events import BudgetUse, EngineStatus, Event, JobChanged, Notice, SweepFinished, Throttling


class JobsChanged(Message):
    """The cache holds new states of these jobs (deleted ones included)."""

    def __init__(self, views: tuple[JobView, ...]) -> None:
        super().__init__()
        self.views = views


class StatusChanged(Message):
    def __init__(self, status: EngineStatus) -> None:
        super().__init__()
        self.status = status


class ThrottlingChanged(Message):
    def __init__(self, throttling: Throttling) -> None:
        super().__init__()
        self.throttling = throttling


class BudgetChanged(Message):
    def __init__(self, budget: BudgetUse) -> None:
        super().__init__()
        self.budget = budget


class SweepDone(Message):
    def __init__(self, sweep: SweepFinished) -> None:
        super().__init__()
        self.sweep = sweep


class NoticeReceived(Message):
    def __init__(self, notice: Notice) -> None:
        super().__init__()
        self.notice = notice


def messages_for(batch: list[Event]) -> list[Message]:
    """The messages for one batch of events, in the batch's order (the jobs where the first was)."""
    messages: list[Message] = []
    views: list[JobView] = []
    at: int | None = None
    for event in batch:
        if isinstance(event, JobChanged):
            if at is None:
                at = len(messages)
            views.append(event.view)
        elif isinstance(event, EngineStatus):
            messages.append(StatusChanged(event))
        elif isinstance(event, Throttling):
            messages.append(ThrottlingChanged(event))
        elif isinstance(event, BudgetUse):
            messages.append(BudgetChanged(event))
        elif isinstance(event, SweepFinished):
            messages.append(SweepDone(event))
        else:
            messages.append(NoticeReceived(event))
    if at is not None:
        messages.insert(at, JobsChanged(tuple(views)))
    return messages
