"""Engine events become the screen's messages in the order that keeps the screen true."""

from __future__ import annotations

from pathlib import Path

from deidtui.domain.briefs import brief_of
from deidtui.engine.events import CacheReplaced, JobChanged, Notice
from deidtui.engine.fleet import ServiceEvent
from deidtui.tui.messages import BULK, CacheRebuilt, JobsChanged, NoticeReceived, messages_for, pause_after
from tests.tui.main.test_queue_order import view


def test_the_jobs_of_a_batch_travel_together_but_never_across_a_rebuilt_cache() -> None:
    import random

    rng = random.Random(1)
    a, b, c = (brief_of(view(name, rng, 1)) for name in ("a", "b", "c"))
    batch = [JobChanged(a), Notice("info", "hello"), JobChanged(b), CacheReplaced(Path("/moved")), JobChanged(c)]
    messages = messages_for(batch)
    assert [type(m) for m in messages] == [JobsChanged, NoticeReceived, CacheRebuilt, JobsChanged]
    first, _, rebuilt, after = messages
    assert isinstance(first, JobsChanged) and [brief.name for brief in first.briefs] == ["a", "b"]
    assert isinstance(rebuilt, CacheRebuilt) and rebuilt.replaced.moved == Path("/moved")
    assert isinstance(after, JobsChanged) and [brief.name for brief in after.briefs] == ["c"]


def test_a_page_of_a_bulk_read_is_followed_at_once_and_a_polls_news_is_paced() -> None:
    import random

    rng = random.Random(2)
    briefs = [brief_of(view(f"j{i}", rng, 1)) for i in range(BULK)]
    assert pause_after([JobChanged(b) for b in briefs], 0.25) == 0.0
    assert pause_after([ServiceEvent("prod", JobChanged(b)) for b in briefs], 0.25) == 0.0  # the fleet's
    assert pause_after([JobChanged(b) for b in briefs[:20]] + [Notice("info", "x")], 0.25) == 0.25
    assert pause_after([], 0.25) == 0.25
