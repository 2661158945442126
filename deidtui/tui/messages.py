"""Engine events as Textual messages: one message type per event type, handled by `@on` handlers.

The app reads the engine's coalesced batches and posts them here, in order; the changed jobs of a
batch travel together (`JobsChanged`), so a burst of poll results is one queue update and one
repaint. In the fleet view a batch holds several engines' events: the jobs of every service still
travel together (each brief names its service), and every other message says which service it is
about (`service`; None for a single engine).
"""

from __future__ import annotations

from textual.message import Message

from ..domain.briefs import JobBrief
from ..engine.events import (
    BudgetUse,
    CacheReplaced,
    EngineStatus,
    Event,
    JobChanged,
    Notice,
    SweepFinished,
    Throttling,
)
from ..engine.fleet import ServiceEvent


class ServiceMessage(Message):
    """A message about one service's engine (`service` is None outside the fleet view)."""

    service: str | None = None


class JobsChanged(Message):
    """The cache holds new states of these jobs (deleted ones included), in brief."""

    def __init__(self, briefs: tuple[JobBrief, ...]) -> None:
        super().__init__()
        self.briefs = briefs


class CacheRebuilt(ServiceMessage):
    """The engine's cache was rebuilt empty: what was read from the old file is void (`CacheReplaced`)."""

    def __init__(self, replaced: CacheReplaced) -> None:
        super().__init__()
        self.replaced = replaced


class StatusChanged(ServiceMessage):
    def __init__(self, status: EngineStatus) -> None:
        super().__init__()
        self.status = status


class ThrottlingChanged(ServiceMessage):
    def __init__(self, throttling: Throttling) -> None:
        super().__init__()
        self.throttling = throttling


class BudgetChanged(ServiceMessage):
    def __init__(self, budget: BudgetUse) -> None:
        super().__init__()
        self.budget = budget


class SweepDone(ServiceMessage):
    def __init__(self, sweep: SweepFinished) -> None:
        super().__init__()
        self.sweep = sweep


class NoticeReceived(ServiceMessage):
    def __init__(self, notice: Notice) -> None:
        super().__init__()
        self.notice = notice


# Jobs changed in one batch that make it a page of a bulk read (the cache's first, a page of 1,000
# jobs at a time), not the news of a poll.
BULK = 500


def pause_after(batch: list[Event] | list[ServiceEvent], pace: float) -> float:
    """Seconds to wait before taking the next batch: `pace` after a poll's news (at most so many
    repaints a second), none after a page of a bulk read; and a page arriving during the wait is
    taken at once (`filled`). The feed reads its next page once this one is taken
    (`EventBus.taken`): before, pages piled up unread while the pump waited, 10,000 jobs' briefs
    alive at once; paced, with the feed waiting, 50,000 jobs would take 12 s."""
    events = (item.event if isinstance(item, ServiceEvent) else item for item in batch)
    changed = sum(isinstance(event, JobChanged) for event in events)
    return 0.0 if changed >= BULK else pace


def messages_for(batch: list[Event] | list[ServiceEvent]) -> list[Message]:
    """The messages for one batch of events (of one engine, or of a fleet's), in the batch's order
    (the jobs where the first was; never across a rebuilt cache, `CacheRebuilt`)."""
    messages: list[Message] = []
    briefs: list[JobBrief] = []
    at: int | None = None
    for item in batch:
        service, event = (item.service, item.event) if isinstance(item, ServiceEvent) else (None, item)
        message: ServiceMessage
        if isinstance(event, JobChanged):
            if at is None:
                at = len(messages)
            briefs.append(event.brief)
            continue
        if isinstance(event, CacheReplaced):  # the jobs before it are void, those after it are not
            if at is not None:
                messages.insert(at, JobsChanged(tuple(briefs)))
                at, briefs = None, []
            message = CacheRebuilt(event)
        elif isinstance(event, EngineStatus):
            message = StatusChanged(event)
        elif isinstance(event, Throttling):
            message = ThrottlingChanged(event)
        elif isinstance(event, BudgetUse):
            message = BudgetChanged(event)
        elif isinstance(event, SweepFinished):
            message = SweepDone(event)
        else:
            message = NoticeReceived(event)
        message.service = service
        messages.append(message)
    if at is not None:
        messages.insert(at, JobsChanged(tuple(briefs)))
    return messages
