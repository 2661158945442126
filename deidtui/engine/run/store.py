"""The cache as a run sees it: its record, its plan, its jobs and its verified downloads, for one
profile. Handed out by `Engine.run_store()`; the CLI never reaches the cache itself."""

from __future__ import annotations

from collections.abc import Sequence

from ...cache import JobCache
from ...domain.runs import RunFile, RunRecord


class RunStore:
    def __init__(self, cache: JobCache, profile: str) -> None:
        self._cache = cache
        self.profile = profile

    async def runs(self) -> list[RunRecord]:
        """Every run of the profile, newest first."""
        return await self._cache.runs(self.profile)

    async def run(self, name: str) -> RunRecord | None:
        found = await self._cache.runs(self.profile, name)
        return found[0] if found else None

    async def save(self, run: RunRecord, plan: Sequence[RunFile] = ()) -> None:
        """Record a run with its plan (both or neither), or its new state and summary."""
        await self._cache.save_run(run, plan)

    async def link_job(self, run: str, part: int, job_name: str) -> None:
        await self._cache.link_run_job(self.profile, run, part, job_name)

    async def plan(self, run: str) -> list[RunFile]:
        return await self._cache.run_plan(self.profile, run)

    async def record_downloads(self, run: str, downloads: Sequence[tuple[str, str, str]]) -> None:
        if downloads:
            await self._cache.record_run_downloads(self.profile, run, downloads)
