"""One pass over the service's newest-first listing: each page stored while the next is fetched.

The next page is asked for as soon as one arrives, and each page is stored in a task of its own
while the next is fetched: storing never delays a request, so a sweep takes about as long as its
requests alone (the sequential paging limit). Pages are stored in order, one at a time, so at
most three are held at once. Each page is compared with the stored rows read while it was
fetched (`read_ahead`). A partial pass that has seen what it looks for asks for no more (that
page would be wasted). What the pass found is the poller's to act on (`Poller.sweep_once`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..cache import JobCache, StoredSpan
from ..domain.models import utcnow
from .read_ahead import ReadAhead
from .unlisted import Unlisted

Page = Sequence[Mapping[str, Any]]
# Stores one page, as asked for at a time, given the stored rows read ahead; returns the oldest
# createdAt on the page (`Poller.store_listed`).
StorePage = Callable[[Page, datetime, StoredSpan | None], Awaitable[datetime | None]]


@dataclass
class Pass:
    """What one pass saw: every name listed, the requests it took, whether it read every page,
    and (a complete full pass) the cached jobs it did not list, to check for deletion."""

    present: set[str] = field(default_factory=set)
    requests: int = 0
    complete: bool = True
    unlisted: set[str] | None = None


async def list_and_store(
    pages: AsyncGenerator[Page, None],
    cache: JobCache,
    profile: str,
    page_size: int,
    store: StorePage,
    *,
    until_seen: set[str] | None = None,
) -> Pass:
    """Read every page of `pages` (until every job in `until_seen` was listed, if given) and
    `store` each; a full pass (no `until_seen`) also gathers the cached jobs it did not list."""
    result = Pass()
    unlisted = Unlisted(cache, profile) if until_seen is None else None
    reads = ReadAhead(cache, profile, page_size)
    storing: asyncio.Future[asyncio.Future[StoredSpan | None]] | None = None
    following: StoredSpan | None = None

    async def store_page(
        page: Page, asked_at: datetime, listed: set[str], span: asyncio.Future[StoredSpan | None], last: bool
    ) -> asyncio.Future[StoredSpan | None]:
        """A page stored, then (a full pass) the cached jobs of its span it did not list; returns
        the read of the next page's stored rows, begun now that this page is written (none after
        the `last` page a partial pass asks for)."""
        ahead = await span
        oldest = await store(page, asked_at, ahead)
        if unlisted is not None:
            await unlisted.page(oldest, listed, ahead)
        return reads.after(None if last else ahead)

    async with contextlib.aclosing(pages):
        asked, upcoming = utcnow(), asyncio.ensure_future(anext(pages, None))
        span = reads.first()  # the stored rows of the first page, read while it is fetched
        try:
            while (page := await upcoming) is not None:
                result.requests += 1
                page_asked = asked
                listed = {name for item in page if isinstance(name := item.get("name"), str)}
                result.present |= listed
                done = until_seen is not None and until_seen <= result.present
                if not done:
                    asked, upcoming = utcnow(), asyncio.ensure_future(anext(pages, None))
                if storing is not None:
                    span = await storing  # the next span, read once the page before was stored
                storing = asyncio.ensure_future(store_page(page, page_asked, listed, span, done))
                if done:
                    result.complete = False
                    break
            if storing is not None:
                below = await storing
                if result.complete:
                    following = await below  # the rows below the last page's, for `rest`
        finally:
            for task in (upcoming, storing):
                if task is not None and not task.done():
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await task
            await reads.close()
    if result.complete and unlisted is not None:
        result.unlisted = await unlisted.rest(following)
    return result
