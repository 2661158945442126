"""The queue moves what it holds for long out of the cyclic collector's sight (`gc.freeze`) after a
bulk load and after every sort or filter. Garbage that is frozen is never freed: a failure's
exception, its traceback and the frames it held (an engine offline for an hour replaces its problem
at every poll) would pile up a little at every `s` press and every filter typed."""

from __future__ import annotations

import gc
import random
import weakref

from deidtui.tui.widgets.job_table import FREEZE_AFTER, JobTable

from .test_queue_order import NOW, QueueApp, view


class Held:
    """Something in a reference cycle, as a raised exception is with its frames."""

    def __init__(self) -> None:
        self.cycle = self
        self.payload = list(range(10_000))


def old_garbage() -> weakref.ref[Held]:
    """A cycle that lived through full collections (it is old) and then was let go."""
    held = Held()
    gc.collect()
    gc.collect()
    return weakref.ref(held)


async def test_garbage_left_when_the_queue_sorts_or_loads_in_bulk_is_still_freed():
    rng = random.Random(3)
    app = QueueApp()
    try:
        async with app.run_test(size=(120, 20)):
            table = app.query_one(JobTable)
            table.upsert([view(f"j{i}", rng, 1) for i in range(50)], now=NOW)

            gone = old_garbage()
            table.set_sort("status", now=NOW)  # freezes what the new order holds
            gc.collect()
            assert gone() is None, "garbage present at an `s` press was frozen for good"

            gone = old_garbage()
            table.upsert([view(f"bulk{i}", rng, 2) for i in range(FREEZE_AFTER)], now=NOW)  # a bulk load freezes
            gc.collect()
            assert gone() is None, "garbage present at a bulk load was frozen for good"
    finally:
        gc.unfreeze()
