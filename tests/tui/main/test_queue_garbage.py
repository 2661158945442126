"""The queue holds its jobs out of the cyclic collector's sight by what they are (strings, numbers
and arrays, in `JobColumns`), not by freezing them (`gc.freeze`): garbage frozen with them would
never be freed (a failure's exception, its traceback and the frames it held, a little at every
`s` press and every filter typed), and 50,000 jobs the collector scanned took 0.5-0.9 s a pass."""

from __future__ import annotations

import gc
import random
import weakref

from deidtui.tui.widgets.job_table import JobTable

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
            table.set_sort("status", now=NOW)
            gc.collect()
            assert gone() is None, "garbage present at an `s` press was frozen for good"

            gone = old_garbage()
            table.upsert([view(f"bulk{i}", rng, 2) for i in range(1_000)], now=NOW)
            gc.collect()
            assert gone() is None, "garbage present at a bulk load was frozen for good"
    finally:
        gc.unfreeze()


async def test_the_jobs_the_queue_holds_are_nothing_the_cyclic_collector_scans():
    rng = random.Random(5)
    app = QueueApp()
    async with app.run_test(size=(120, 20)):
        table = app.query_one(JobTable)
        table.upsert([view(f"first{i}", rng, 1) for i in range(100)], now=NOW)
        for sort in ("status", "name", "time", "created"):
            table.set_sort(sort, now=NOW)
        gc.collect()
        before = len(gc.get_objects())
        table.upsert([view(f"j{i:05}", rng, 2) for i in range(5_000)], now=NOW)
        table.set_sort("status", now=NOW)
        gc.collect()
        assert table.row_count + table.total_count > 5_000
        # A brief held per job was one object the collector scanned (and more in the order): 10,000.
        assert len(gc.get_objects()) - before < 100
