"""Sending an action until its outcome is known: retried within the request budget, and read back
from the service after a failure that leaves the outcome unknown.

A dropped connection, a timeout or a 5xx may come after the service acted (it cancelled the job,
then the answer was lost): reporting "could not cancel" then would be false. So after such an
ambiguous failure the job is read back first; only if the service shows the action has not taken
effect is the request sent again (every action retried this way is idempotent on the service:
PUT of the same job, cancel, DELETE). A 429 is unambiguous (nothing was done) and is simply sent
again once the budget, paused for its Retry-After, allows.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from ..domain.errors import DeidError, NetworkError, ServiceDown, Throttled

T = TypeVar("T")

ATTEMPTS = 4
READ_ATTEMPTS = 4
READ_FIRST_DELAY = 0.25  # a read is retried sooner: a command offline says so within two seconds
FIRST_DELAY = 0.5  # seconds before the second attempt, doubling (with jitter) after that
AMBIGUOUS = (NetworkError, ServiceDown)  # the service may have acted before the failure
RETRYABLE = (NetworkError, ServiceDown, Throttled)


async def until_known(
    send: Callable[[], Awaitable[T]],
    read_back: Callable[[], Awaitable[T | None]],
    *,
    attempts: int = ATTEMPTS,
    first_delay: float = FIRST_DELAY,
) -> T:
    """`send()` until it succeeds, at most `attempts` times. After an ambiguous failure,
    `read_back()` says whether the action took effect anyway (its outcome) or not (None); it may
    raise to end the attempts with its own error. Raises the last failure when the outcome never
    showed."""
    delay = first_delay
    last: DeidError | None = None
    for attempt in range(1, attempts + 1):
        try:
            return await send()
        except RETRYABLE as error:
            last = error.detached()  # held through the wait below: without the failed call's frames
        if isinstance(last, AMBIGUOUS):
            outcome = await read_back()
            if outcome is not None:
                return outcome
        if attempt < attempts:
            await asyncio.sleep(random.uniform(delay / 2, delay))
            delay *= 2
    assert last is not None
    raise last


async def read_quietly(read: Callable[[], Awaitable[T]]) -> T | None:
    """A read-back that fails the same transient way counts as "not known": None."""
    try:
        return await read()
    except RETRYABLE:
        return None


async def _unknown() -> None:
    return None


async def read_retried(read: Callable[[], Awaitable[T]], *, attempts: int = READ_ATTEMPTS) -> T:
    """A read (safe to repeat), sent again after a transient failure, after a short backoff (and
    after a 429, once the budget's pause for its Retry-After is over)."""
    return await until_known(read, _unknown, attempts=attempts, first_delay=READ_FIRST_DELAY)
