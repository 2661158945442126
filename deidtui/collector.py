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


def freeze_survivors() -> None:
    """Move what is alive out of the cyclic collector's sight (`gc.freeze`), after freeing the
    garbage: frozen garbage is never freed. A failure let go a while ago (its exception, its
    traceback and every frame it held, with their locals) would otherwise stay for the session,
    a little more at every `s` press. The collection scans only what is not frozen yet (what came
    since the last freeze), not the 50,000 jobs frozen before."""
    gc.collect()
    gc.freeze()
