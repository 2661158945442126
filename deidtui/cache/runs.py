"""Run rows (`deidtui run`): the run, its plan of files, its jobs and its verified downloads.

Like jobs.py, functions here run inside the caller's transaction on the raw connection.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite

from ..domain.runs import RunFile, RunRecord
from .codec import dt

_RUN_COLUMNS = (
    "profile, name, source_dir, out_dir, container_url, prefix, settings, state, summary, created_at, updated_at"
)


def _run(row: Sequence[Any], jobs: tuple[str, ...]) -> RunRecord:
    return RunRecord(
        profile=row[0],
        name=row[1],
        source_dir=row[2],
        out_dir=row[3],
        container_url=row[4],
        prefix=row[5],
        settings=json.loads(row[6]),
        state=row[7],
        summary=json.loads(row[8]) if row[8] else None,
        created_at=dt(row[9]),
        updated_at=dt(row[10]),
        jobs=jobs,
    )


async def save(conn: aiosqlite.Connection, run: RunRecord, created: str, now: str) -> None:
    """Insert a run, or update its state and summary (what it was asked to do never changes)."""
    await conn.execute(
        f"INSERT INTO runs ({_RUN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (profile, name) DO UPDATE SET state = excluded.state, summary = excluded.summary, "
        "updated_at = excluded.updated_at",
        (
            run.profile,
            run.name,
            run.source_dir,
            run.out_dir,
            run.container_url,
            run.prefix,
            json.dumps(run.settings, sort_keys=True),
            run.state,
            json.dumps(run.summary) if run.summary is not None else None,
            created,
            now,
        ),
    )


async def _jobs_of(conn: aiosqlite.Connection, profile: str, names: list[str]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {name: [] for name in names}
    async with conn.execute(
        "SELECT run, job_name FROM run_jobs WHERE profile = ? AND run IN (SELECT value FROM json_each(?)) "
        "ORDER BY run, part",
        (profile, json.dumps(names)),
    ) as cursor:
        for run, job in await cursor.fetchall():
            found[run].append(job)
    return {name: tuple(jobs) for name, jobs in found.items()}


async def read(conn: aiosqlite.Connection, profile: str, name: str | None = None) -> list[RunRecord]:
    """One run (by name) or every run of a profile, newest first, each with its jobs in part order."""
    query = f"SELECT {_RUN_COLUMNS} FROM runs WHERE profile = ?"
    params: tuple[Any, ...] = (profile,)
    if name is not None:
        query += " AND name = ?"
        params += (name,)
    async with conn.execute(query + " ORDER BY created_at DESC, name", params) as cursor:
        rows = await cursor.fetchall()
    jobs = await _jobs_of(conn, profile, [row[1] for row in rows])
    return [_run(row, jobs[row[1]]) for row in rows]


async def link_job(conn: aiosqlite.Connection, profile: str, run: str, part: int, job_name: str) -> None:
    """Record that job `job_name` is part `part` of `run` (before it is submitted: a run knows the
    names of its jobs in advance)."""
    await conn.execute(
        "INSERT INTO run_jobs (profile, job_name, run, part) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (profile, job_name) DO NOTHING",
        (profile, job_name, run, part),
    )


async def plan(conn: aiosqlite.Connection, profile: str, run: str) -> list[RunFile]:
    """The files of a run's plan, by path."""
    async with conn.execute(
        "SELECT path, part, size, sha256, output_etag, output_sha256 FROM run_files "
        "WHERE profile = ? AND run = ? ORDER BY path",
        (profile, run),
    ) as cursor:
        return [RunFile(*row) for row in await cursor.fetchall()]


async def save_plan(conn: aiosqlite.Connection, profile: str, run: str, files: Iterable[RunFile]) -> None:
    """Store a run's plan (once, when the run starts)."""
    await conn.executemany(
        "INSERT INTO run_files (profile, run, path, part, size, sha256) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (profile, run, path) DO NOTHING",
        [(profile, run, f.path, f.part, f.size, f.sha256) for f in files],
    )


async def record_downloads(
    conn: aiosqlite.Connection, profile: str, run: str, downloads: Iterable[tuple[str, str, str]]
) -> None:
    """Mark outputs downloaded and verified: (path, the output blob's etag, the local file's SHA-256)."""
    await conn.executemany(
        "UPDATE run_files SET output_etag = ?, output_sha256 = ? WHERE profile = ? AND run = ? AND path = ?",
        [(etag, sha, profile, run, path) for path, etag, sha in downloads],
    )
