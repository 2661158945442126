"""Pausing Python's cyclic garbage collector around bulk work that makes no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside. Making tens of thousands of objects (the queue's sort
    values and entries at 50,000 jobs, a page of briefs read from the cache) would set it off
    several times over, each pass scanning the live objects; the work inside holds no cycle, so
    nothing is left for the collector that it would have freed."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
