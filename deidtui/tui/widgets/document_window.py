"""Which rows of a job's documents the documents table holds, and how it reads them: keyset pages.

The table holds consecutive rows (from row index `first`), each with its `seq`, the listing order
in the cache. Rows next to the held ones are read after the last held seq (or before the first),
so a page costs its own rows wherever it lies; the last rows are read backwards from the end; only
a jump far from what is held (a scrollbar drag) reads by position. Nothing here imports textual.
"""

from __future__ import annotations

from typing import Protocol

from ...domain.models import Document, JobStatus
from ...engine.engine import DOCUMENTS_END

MARGIN = 50  # rows held above and below the screen; a page is read when less than half is left

Rows = list[tuple[int, Document]]  # (seq, document) in listing order


class DocumentSource(Protocol):
    """Where the table reads a job's documents (the engine; its cache behind it)."""

    async def document_census(self, name: str) -> dict[JobStatus, int]: ...

    async def document_page(
        self,
        name: str,
        *,
        status: JobStatus | None = None,
        after: int | None = None,
        before: int | None = None,
        offset: int | None = None,
        limit: int,
    ) -> list[tuple[int, Document]]: ...

    async def document_rank(self, name: str, seq: int, *, status: JobStatus | None = None) -> int: ...


def wanted(total: int, top: int, visible: int, cursor: int, window: tuple[int, int]) -> tuple[int, int] | None:
    """The rows [low, high) to hold for a screen of `visible` rows from `top` (and the cursor, when
    it is near), or None while the held `window` still covers them with half a margin to spare."""
    if total == 0:
        return None
    top = max(min(top, total - 1), 0)
    low, high = top, min(top + visible, total)
    if low <= cursor < high + visible:
        low, high = min(low, cursor), min(max(high, cursor + 1), total)
    first, end = window
    slack = MARGIN // 2
    if first <= low and high <= end and (first == 0 or low - first >= slack) and (end >= total or end - high >= slack):
        return None
    return max(low - MARGIN, 0), min(high + MARGIN, total)


async def read_rows(
    source: DocumentSource,
    name: str,
    status: JobStatus | None,
    first: int,
    held: Rows,
    low: int,
    high: int,
    total: int,
) -> tuple[int, Rows, bool]:
    """Rows [low, high) of job `name` (of `status`) as (their first row index, the rows, whether any
    was read), reusing the `held` rows from row index `first` when they meet."""
    end = first + len(held)
    if held and low <= end and high >= first:
        head: Rows = []
        tail: Rows = []
        if low < first:
            head = await source.document_page(name, status=status, before=held[0][0], limit=first - low)
        if high > end:
            tail = await source.document_page(name, status=status, after=held[-1][0], limit=high - end)
        rows = [*head, *held, *tail]
        start = first - len(head)
        cut = max(low - start, 0)
        return start + cut, rows[cut : max(high - start, 0)], bool(head or tail)
    if low == 0:
        rows = await source.document_page(name, status=status, limit=high)
    elif high >= total:
        rows = await source.document_page(name, status=status, before=DOCUMENTS_END, limit=high - low)
        low = high - len(rows)
    else:
        rows = await source.document_page(name, status=status, offset=low, limit=high - low)
    return low, rows, bool(rows)
