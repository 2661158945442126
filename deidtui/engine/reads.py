"""The engine's reads: the jobs, documents, history and intents its cache holds (instant, and
possible offline) and the counts it keeps (requests spent, sweeps done). `EngineReads` is the part of
`Engine` (engine.py) that reads, a class of its own so that the engine's module keeps to its
lifecycle; it reads through `Engine._open_cache`, so the first read opens the cache, and it never
reaches the service.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache import Intent, JobCache, JobQuery, peek_jobs
from ..domain.jobs import AuditEntry, DocumentDelta, JobView, Transition
from ..domain.models import Document, JobStatus, Operation
from .budget import BudgetSnapshot, RequestBudget

if TYPE_CHECKING:
    from .poller import Poller
    from .run.store import RunStore


class EngineReads:
    """What `Engine` reads from its cache; the engine's state it reads is declared here, and set
    by `Engine.__init__`."""

    budget: RequestBudget
    _cache_path: Path | None
    _cache: JobCache | None
    _poller: Poller | None

    if TYPE_CHECKING:  # Engine's own: its name, and the one way to the cache (opened on first use)

        @property
        def name(self) -> str: ...

        async def _open_cache(self) -> JobCache: ...

    # -- reading (from the cache: instant, and possible offline) -----------------------------------

    def peek_jobs(self, limit: int) -> list[JobView] | None:
        """The newest `limit` cached jobs, read at once without opening the cache (see
        `deidtui.cache.peek_jobs`); None when that is not possible: use `jobs()` then."""
        if self._cache is not None:
            return None
        return peek_jobs(self._cache_path, self.name, limit=limit)

    async def jobs(
        self,
        *,
        include_deleted: bool = False,
        limit: int | None = None,
        offset: int = 0,
        statuses: Iterable[JobStatus] | None = None,
        operations: Iterable[Operation] | None = None,
        created_since: datetime | None = None,
    ) -> list[JobView]:
        """Cached jobs, newest first; `statuses`, `operations` and `created_since` choose them in the
        cache's query, so the others are never decoded."""
        cache = await self._open_cache()
        query = None
        if statuses is not None or operations is not None or created_since is not None:
            query = JobQuery(
                frozenset(statuses) if statuses is not None else None,
                frozenset(operations) if operations is not None else None,
                created_since,
            )
        return await cache.jobs(self.name, include_deleted=include_deleted, limit=limit, offset=offset, query=query)

    async def job(self, name: str) -> JobView | None:
        cache = await self._open_cache()
        return await cache.job(self.name, name)

    async def documents(self, name: str, *, status: JobStatus | None = None) -> list[Document]:
        cache = await self._open_cache()
        return await cache.documents(self.name, name, status=status)

    async def document(self, name: str, doc_id: str) -> Document | None:
        """One cached document of a job, by its id."""
        cache = await self._open_cache()
        return await cache.document(self.name, name, doc_id)

    async def document_delta(self, name: str, since: int | None = None) -> DocumentDelta:
        """A job's documents written after revision `since` (all of them for None), whoever wrote
        them, with the revision to ask from next time."""
        cache = await self._open_cache()
        return await cache.document_delta(self.name, name, since)

    async def document_census(self, name: str) -> dict[JobStatus, int]:
        """How many documents of a job are cached, by status."""
        cache = await self._open_cache()
        return await cache.document_census(self.name, name)

    async def document_page(
        self,
        name: str,
        *,
        status: JobStatus | None = None,
        after: int | None = None,
        before: int | None = None,
        offset: int | None = None,
        limit: int,
    ) -> list[tuple[int, Document]]:
        """A page of a job's cached documents as (seq, document) in listing order: after seq `after`,
        the last before seq `before` (`DOCUMENTS_END` for the very last), or from position `offset`."""
        cache = await self._open_cache()
        return await cache.document_page(
            self.name, name, status=status, after=after, before=before, offset=offset, limit=limit
        )

    async def document_rank(self, name: str, seq: int, *, status: JobStatus | None = None) -> int:
        """How many of a job's cached documents (of `status`, if given) come before seq `seq`."""
        cache = await self._open_cache()
        return await cache.document_rank(self.name, name, seq, status=status)

    async def transitions(self, name: str) -> list[Transition]:
        cache = await self._open_cache()
        return await cache.transitions(self.name, name)

    async def lineage(self, name: str) -> tuple[str | None, list[str]]:
        cache = await self._open_cache()
        return await cache.lineage(self.name, name)

    async def audit_log(self, *, limit: int = 200, target: str | None = None) -> list[AuditEntry]:
        cache = await self._open_cache()
        return await cache.audit_log(self.name, limit=limit, target=target)

    async def last_sweep(self) -> datetime | None:
        cache = await self._open_cache()
        return await cache.last_sweep(self.name)

    async def pending_intents(self) -> list[Intent]:
        """Submissions recorded but not yet confirmed (a crash between intent and answer)."""
        cache = await self._open_cache()
        return await cache.pending_intents(self.name)

    async def run_store(self) -> RunStore:
        """The cache's records of `deidtui run` runs for this profile."""
        from .run.store import RunStore

        return RunStore(await self._open_cache(), self.name)

    def budget_snapshot(self) -> BudgetSnapshot:
        return self.budget.snapshot()

    @property
    def sweeps(self) -> int:
        """Complete refreshes of the job list done since start."""
        return self._poller.sweeps if self._poller is not None else 0

    @property
    def recovered_from(self) -> Path | None:
        """Where a damaged cache file was moved when it was rebuilt, or None."""
        return self._cache.recovered_from if self._cache is not None else None
