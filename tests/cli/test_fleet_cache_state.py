"""What a fleet command says of the cache its engines share: each thing once, and the services it
holds for when it does not hold for all."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from deidtui.cache import CacheBusy
from deidtui.cli.fleet import say_fleet_cache_state


@dataclass
class Engine:  # what say_cache_state reads of an engine
    name: str
    cache_problem: CacheBusy | None = None
    recovered_from: Path | None = None
    cache_history_unread: bool = False


def said(*engines: Engine) -> str:
    stream = io.StringIO()
    say_fleet_cache_state(engines, stream)
    return stream.getvalue()


LOCKED = CacheBusy("The cache /c.sqlite3 stayed locked by another process for more than 10 s.")


def test_a_cache_every_engine_works_without_is_said_once_without_names():
    text = said(Engine("east", LOCKED), Engine("west", LOCKED))
    assert text.count("working from the service with a cache in memory") == 1
    assert "east" not in text and "west" not in text


def test_a_cache_in_memory_for_one_service_only_is_said_with_its_name():
    # Before, only the first service's state was said: a second service's jobs kept in memory
    # only (gone at the end of the command) passed in silence.
    text = said(Engine("east"), Engine("west", LOCKED))
    assert text.startswith("deidtui: west:\n")
    assert text.count("working from the service with a cache in memory") == 1 and "east" not in text


def test_a_usable_cache_says_nothing_and_a_rebuilt_one_says_so():
    assert said(Engine("east"), Engine("west")) == ""
    moved = Path("/c.sqlite3.corrupt-20261205T000000Z")
    text = said(Engine("east", recovered_from=moved), Engine("west", recovered_from=moved))
    assert text.count(f"moved to {moved}") == 1
