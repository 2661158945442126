"""The request budget: rate, priorities, Retry-After pauses; no window ever exceeds the limit."""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest

from deidtui.engine.budget import Priority, RequestBudget


def max_in_any_window(stamps: list[float], window: float) -> int:
    best, start = 0, 0
    for end in range(len(stamps)):
        while stamps[end] - stamps[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


async def test_no_window_ever_holds_more_than_the_limit():
    budget = RequestBudget(limit=20, window=0.5)
    stamps: list[float] = []

    async def worker():
        for _ in range(15):
            await budget.acquire(Priority.SWEEP)
            stamps.append(time.monotonic())

    await asyncio.gather(*(worker() for _ in range(4)))
    stamps.sort()
    assert len(stamps) == 60
    assert max_in_any_window(stamps, 0.5) <= 20


async def test_higher_priority_waiters_are_served_first():
    budget = RequestBudget(limit=10, window=1.0)
    while budget.spare() > 0:  # fill the window
        await budget.acquire(Priority.ACTION)
    order: list[str] = []

    async def request(label: str, priority: Priority):
        await budget.acquire(priority)
        order.append(label)

    tasks = [asyncio.create_task(request(f"sweep{i}", Priority.SWEEP)) for i in range(3)]
    await asyncio.sleep(0)
    tasks.append(asyncio.create_task(request("action", Priority.ACTION)))
    tasks.append(asyncio.create_task(request("selected", Priority.SELECTED)))
    await asyncio.gather(*tasks)
    assert order[:2] == ["action", "selected"]


async def test_retry_after_pause_blocks_everyone_and_restarts_empty():
    budget = RequestBudget(limit=100, window=5.0)
    applied = budget.pause(0.3)
    assert applied == pytest.approx(0.3)
    assert budget.snapshot().paused_for > 0.2
    started = time.monotonic()
    await budget.acquire(Priority.ACTION)
    assert time.monotonic() - started >= 0.28


def test_pause_is_capped():
    budget = RequestBudget(max_pause=10)
    assert budget.pause(3600) == 10


async def test_cancelled_waiter_does_not_leak_a_grant():
    budget = RequestBudget(limit=5, window=1.0)
    while budget.spare() > 0:
        await budget.acquire(Priority.ACTION)
    waiter = asyncio.create_task(budget.acquire())
    await asyncio.sleep(0.01)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert budget.snapshot().waiting == 0
    await asyncio.wait_for(budget.acquire(), timeout=2)


async def test_a_whole_window_may_go_at_once_but_the_operators_share_is_kept():
    """A sweep of many pages goes as fast as the service answers (no bucket's slow refill), up to
    the window less the operator's reserve; an action then goes at once, background work waits."""
    budget = RequestBudget(limit=20, window=0.6)
    started = time.monotonic()
    for _ in range(20 - budget.reserve):
        await budget.acquire(Priority.SWEEP)
    assert time.monotonic() - started < 0.1
    sweep = asyncio.create_task(budget.acquire(Priority.SWEEP))
    await asyncio.sleep(0.05)
    assert not sweep.done()  # the reserve is the operator's
    await asyncio.wait_for(budget.acquire(Priority.ACTION), timeout=0.05)
    await asyncio.wait_for(sweep, timeout=1.0)  # once the first grants leave the window
    assert time.monotonic() - started >= 0.55


async def test_an_action_queued_behind_held_back_work_goes_when_the_window_lets_it():
    budget = RequestBudget(limit=10, window=0.6)
    await budget.acquire(Priority.ACTION)  # the oldest grant leaves the window first, at 0.6 s
    await asyncio.sleep(0.3)
    while budget.spare() > 0:  # the rest leave at 0.9 s
        await budget.acquire(Priority.ACTION)
    sweep = asyncio.create_task(budget.acquire(Priority.SWEEP))  # needs two to leave: waits to 0.9 s
    await asyncio.sleep(0.05)
    started = time.monotonic()
    await asyncio.wait_for(budget.acquire(Priority.ACTION), timeout=1.0)
    assert time.monotonic() - started < 0.45  # at 0.6 s, when the oldest grant left, not at 0.9 s
    await asyncio.wait_for(sweep, timeout=2.0)


async def test_after_a_pause_requests_go_at_an_even_pace_for_one_window():
    budget = RequestBudget(limit=20, window=0.5)
    budget.pause(0.05)
    stamps = []
    for _ in range(6):
        await budget.acquire(Priority.ACTION)
        stamps.append(time.monotonic())
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert min(gaps) >= 0.5 / 20 * 0.9
