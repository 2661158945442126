"""Engine events become the screen's messages in the order that keeps the screen true."""

from __future__ import annotations

from pathlib import Path

from deidtui.domain.briefs import brief_of
from deidtui.engine.events import CacheReplaced, JobChanged, Notice
from deidtui.tui.messages import CacheRebuilt, JobsChanged, NoticeReceived, messages_for
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
