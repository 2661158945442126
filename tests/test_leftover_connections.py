"""The run ends even when a test failed with a cache connection open (conftest stops them)."""

from __future__ import annotations

import gc
import threading

import aiosqlite

from .support import cache_connection_threads, still_open_since, stop_leftover_connections


async def test_a_connection_left_open_in_a_cycle_is_stopped_and_its_thread_ends(tmp_path):
    conn = await aiosqlite.connect(tmp_path / "left-open.sqlite3")
    worker = conn._thread  # what kept the interpreter from exiting
    gc.disable()  # the cycle below stays uncollected until the run ends (as in `deidtui`'s start-up pause)
    try:
        holder: dict[str, object] = {"conn": conn}
        holder["self"] = holder  # unreachable but uncollected, as an app's cycle or a traceback's is
        del conn, holder
        assert worker.is_alive()
        assert stop_leftover_connections() >= 1
    finally:
        gc.enable()
    worker.join(timeout=10)
    assert not worker.is_alive()
    assert isinstance(worker, threading.Thread) and not worker.daemon


async def test_a_connection_left_open_is_found_and_one_closed_is_not(tmp_path):
    """What the autouse check (conftest `no_cache_connection_left_open`) fails a test for."""
    before = set(cache_connection_threads())
    conn = await aiosqlite.connect(tmp_path / "open.sqlite3")
    try:
        assert still_open_since(before, grace=0.2) == [conn._thread]
    finally:
        await conn.close()
    assert still_open_since(before) == []
