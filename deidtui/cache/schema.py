"""The cache's schema and its migrations, keyed on `PRAGMA user_version`.

Each migration is a list of statements applied in one `BEGIN IMMEDIATE` transaction together
with its user_version bump, so a crash or a concurrent opener never sees half a migration.
Append new migrations; never edit a released one.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import aiosqlite

from .errors import CacheTooNew

# Every table is keyed by profile first: one file holds the cache of every profile.
MIGRATION_1: tuple[str, ...] = (
    """
    CREATE TABLE jobs (
        profile            TEXT NOT NULL,
        name               TEXT NOT NULL,
        incarnation        INTEGER NOT NULL DEFAULT 1,
        status             TEXT NOT NULL,
        operation          TEXT NOT NULL,
        source_location    TEXT NOT NULL,
        source_prefix      TEXT NOT NULL,
        extensions         TEXT NOT NULL,          -- JSON array
        target_location    TEXT,                   -- NULL: same as the source container
        target_prefix      TEXT NOT NULL,
        overwrite          INTEGER NOT NULL,
        redaction_format   TEXT,
        surrogate_locale   TEXT,
        created_at         TEXT NOT NULL,          -- service timestamps: fixed-width UTC text
        started_at         TEXT,
        last_updated_at    TEXT NOT NULL,
        summary_successful INTEGER,
        summary_failed     INTEGER,
        summary_canceled   INTEGER,
        summary_total      INTEGER,
        summary_bytes      INTEGER,
        error_code         TEXT,
        error_message      TEXT,
        error_target       TEXT,
        first_seen         TEXT NOT NULL,          -- local clock
        last_seen          TEXT NOT NULL,
        deleted_at         TEXT,                   -- NULL while the service lists the job
        docs_total         INTEGER NOT NULL DEFAULT 0,  -- counters over cached documents
        docs_not_started   INTEGER NOT NULL DEFAULT 0,
        docs_running       INTEGER NOT NULL DEFAULT 0,
        docs_succeeded     INTEGER NOT NULL DEFAULT 0,
        docs_failed        INTEGER NOT NULL DEFAULT 0,
        docs_canceled      INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (profile, name)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE documents (
        seq             INTEGER PRIMARY KEY,       -- keeps the service's listing order
        profile         TEXT NOT NULL,
        job_name        TEXT NOT NULL,
        id              TEXT NOT NULL,
        status          TEXT NOT NULL,
        input_location  TEXT NOT NULL,
        input_etag      TEXT,
        output_location TEXT,
        output_etag     TEXT,
        error_code      TEXT,
        error_message   TEXT,
        error_target    TEXT,
        UNIQUE (profile, job_name, id)
    )
    """,
    "CREATE INDEX documents_by_status ON documents (profile, job_name, status)",
    """
    CREATE TABLE transitions (
        seq         INTEGER PRIMARY KEY,
        profile     TEXT NOT NULL,
        job_name    TEXT NOT NULL,
        incarnation INTEGER NOT NULL,
        status      TEXT NOT NULL,
        at          TEXT NOT NULL,                 -- the job's lastUpdatedAt when seen in this status
        seen_at     TEXT NOT NULL
    )
    """,
    "CREATE INDEX transitions_by_job ON transitions (profile, job_name, seq)",
    """
    CREATE TABLE intents (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        profile     TEXT NOT NULL,
        name        TEXT NOT NULL,
        spec        TEXT NOT NULL,                 -- JSON, locations without query strings
        kind        TEXT NOT NULL CHECK (kind IN ('submit', 'resubmit', 'retry')),
        parent      TEXT,
        created_at  TEXT NOT NULL,
        state       TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'failed', 'abandoned')),
        message     TEXT,
        resolved_at TEXT
    )
    """,
    # Two processes must never both believe they are submitting the same job name.
    "CREATE UNIQUE INDEX intents_one_pending ON intents (profile, name) WHERE state = 'pending'",
    "CREATE INDEX intents_by_state ON intents (profile, state, id)",
    """
    CREATE TABLE lineage (
        profile     TEXT NOT NULL,
        child       TEXT NOT NULL,
        parent      TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('resubmit', 'retry')),
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (profile, child)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX lineage_by_parent ON lineage (profile, parent)",
    """
    CREATE TABLE audit (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        profile TEXT NOT NULL,
        at      TEXT NOT NULL,
        user    TEXT NOT NULL,
        action  TEXT NOT NULL CHECK (action IN ('submit', 'cancel', 'delete', 'resubmit', 'retry')),
        targets TEXT NOT NULL,                     -- JSON array of job names
        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'error')),
        detail  TEXT NOT NULL
    )
    """,
    "CREATE INDEX audit_by_profile ON audit (profile, id)",
    """
    CREATE TABLE meta (
        profile    TEXT NOT NULL,
        key        TEXT NOT NULL,
        value      TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (profile, key)
    ) WITHOUT ROWID
    """,
)

# The queue's order (newest first): the dashboard reads its first screenful with LIMIT, which
# without this index sorts every job of the profile (40 ms at 10,000 jobs; under 1 ms with it).
MIGRATION_2: tuple[str, ...] = ("CREATE INDEX jobs_by_created ON jobs (profile, created_at DESC, name)",)

# MIGRATIONS[i] takes a database from user_version i to i + 1.
MIGRATIONS: list[tuple[str, ...]] = [MIGRATION_1, MIGRATION_2]


def latest_version() -> int:
    """The schema version this code writes."""
    return len(MIGRATIONS)


async def rollback(conn: aiosqlite.Connection) -> None:
    """Roll back whatever transaction is open, even one whose BEGIN is still queued.

    aiosqlite runs statements in order on its own thread. After a cancellation the BEGIN we
    were awaiting may not have run yet, so `conn.in_transaction` cannot be trusted: queue a
    ROLLBACK behind it unconditionally and ignore "no transaction is active".
    """
    with contextlib.suppress(sqlite3.Error):
        await conn.execute("ROLLBACK")


async def schema_version(conn: aiosqlite.Connection) -> int:
    """The file's PRAGMA user_version (0 for a new file)."""
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def migrate(conn: aiosqlite.Connection, path: Path) -> int:
    """Bring the database to `latest_version()`, one atomic step per migration.

    Raises CacheTooNew, leaving the file untouched, if it was written by a newer schema.
    Returns the version found before migrating.
    """
    known = latest_version()
    found = await schema_version(conn)
    if found > known:
        raise CacheTooNew(path, found, known)
    start = found
    while found < known:
        try:
            await conn.execute("BEGIN IMMEDIATE")
            # Re-read inside the write lock: another process may have migrated meanwhile.
            found = await schema_version(conn)
            if found > known:
                raise CacheTooNew(path, found, known)
            if found < known:
                for statement in MIGRATIONS[found]:
                    await conn.execute(statement)
                # PRAGMA takes no parameters; the value is our own integer.
                await conn.execute(f"PRAGMA user_version = {found + 1}")
            await conn.execute("COMMIT")
        except BaseException:
            await rollback(conn)
            raise
        found = await schema_version(conn)
    return start
