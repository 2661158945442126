"""The request budget: rate, priorities, Retry-After pauses; no window ever exceeds the limit."""

from __future__ import annotations

import asyncio
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
    while budget.spare() >= 1 / budget.capacity:  # drain the burst
        await budget.acquire()
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
    while budget.spare() >= 1 / budget.capacity:
        await budget.acquire()
    waiter = asyncio.create_task(budget.acquire())
    await asyncio.sleep(0.01)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert budget.snapshot().waiting == 0
    await asyncio.wait_for(budget.acquire(), timeout=2)
