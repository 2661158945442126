"""Worker for the two-process test: runs in its own interpreter (multiprocessing, spawn)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from deidtui.cache import JobCache
from deidtui.domain.models import JobStatus

from .factories import doc, job, spec

ROUNDS = 40
OWN_JOBS = 300
SHARED_JOBS = 50
DOCS = 200


def final_shared_update(workers: int) -> int:
    """Both workers write the shared jobs; the highest lastUpdatedAt any of them wrote must win."""
    return (ROUNDS - 1) * workers + (workers - 1)


def run(path: str, worker: int, workers: int, barrier: Any) -> None:
    asyncio.run(_hammer(Path(path), worker, workers, barrier))


async def _hammer(path: Path, worker: int, workers: int, barrier: Any) -> None:
    cache = await JobCache.open(path, busy_timeout=30)
    barrier.wait()  # start writing at the same moment as the other process
    try:
        for r in range(ROUNDS):
            last = r == ROUNDS - 1
            status = JobStatus.SUCCEEDED if last else JobStatus.RUNNING
            own = [job(f"w{worker}-{i:04d}", status, updated=r) for i in range(OWN_JOBS)]
            shared = [job(f"shared-{i:03d}", status, updated=r * workers + worker) for i in range(SHARED_JOBS)]
            await cache.upsert_jobs("p", own + shared)
            doc_status = JobStatus.SUCCEEDED if last else JobStatus.RUNNING
            await cache.upsert_documents("p", f"w{worker}-0000", [doc(f"d{i:04d}", doc_status) for i in range(DOCS)])
            intent = await cache.record_intent("p", f"w{worker}-new-{r}", spec(), kind="submit")
            await cache.resolve_intent(intent.id, "confirmed")
            await cache.audit("p", "submit", [f"w{worker}-new-{r}"], "ok", f"round {r}")
            await cache.jobs("p")  # readers run alongside the other process's writers
    finally:
        await cache.close()
