"""What a full sweep did not list: the jobs the service no longer knows, found page by page."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from ..cache import JobCache, StoredSpan
from ..cache.codec import ts


class Unlisted:
    """The cached jobs a full sweep has not listed, found a page at a time while the next page is
    fetched (instead of comparing every cached name with every listed one after the last page: 90
    ms at 50,000 jobs). Each page covers the creation times from its oldest job up to the oldest
    of the pages before it (a running minimum: the spans never overlap and leave no gap, whatever
    order the service lists in), and `rest` the time before all of them, so every cached job falls
    in one span; a job found in a span its page did not list, but listed on another page, is not
    missing (`JobCache.mark_missing` takes these as `among`, less every job listed)."""

    def __init__(self, cache: JobCache, profile: str) -> None:
        self._cache, self._profile = cache, profile
        self._floor: datetime | None = None  # the oldest createdAt listed so far
        self.names: set[str] = set()

    async def page(self, oldest: datetime | None, listed: Collection[str], ahead: StoredSpan | None = None) -> None:
        """`ahead`: the stored rows read ahead for this page (`read_ahead`), which answer without a
        query when they hold the page's whole span."""
        if oldest is None:
            return  # no job on the page: the next page's span takes in its time
        low = oldest if self._floor is None else min(oldest, self._floor)
        await self._add(low, self._floor, listed, ahead)
        self._floor = low

    async def rest(self, ahead: StoredSpan | None = None) -> set[str]:
        """Every cached job the spans have not yet covered, added: the candidates are complete.
        `ahead`: the stored rows read after the last page's."""
        await self._add(None, self._floor, (), ahead)
        return self.names

    async def _add(
        self, low: datetime | None, high: datetime | None, listed: Collection[str], ahead: StoredSpan | None
    ) -> None:
        found = ahead.unlisted(ts(low) if low else None, ts(high) if high else None, listed) if ahead else None
        if found is None:
            found = await self._cache.unlisted_between(self._profile, low, high, listed)
        self.names.update(found)
