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

# A change counter that every writer raises, so a reader (another process's dashboard included)
# learns what changed since it last looked from the data itself, not from whoever wrote it.
# Triggers bump it on every meaningful change of a job or a document and stamp the row with it;
# a change of `last_seen` alone (a sweep that found nothing new) is not one. A document's change
# also stamps its job, so watching jobs is enough to know that a job's documents moved.
_JOB_COLUMNS_WATCHED = (
    "status", "operation", "source_location", "source_prefix", "extensions", "target_location",
    "target_prefix", "overwrite", "redaction_format", "surrogate_locale", "created_at", "started_at",
    "last_updated_at", "summary_successful", "summary_failed", "summary_canceled", "summary_total",
    "summary_bytes", "error_code", "error_message", "error_target", "deleted_at", "incarnation",
    "docs_total", "docs_not_started", "docs_running", "docs_succeeded", "docs_failed", "docs_canceled",
)  # fmt: skip
_DOCUMENT_COLUMNS_WATCHED = (
    "status", "input_location", "input_etag", "output_location", "output_etag", "error_code",
    "error_message", "error_target",
)  # fmt: skip
_BUMP = "UPDATE revision SET value = value + 1;"
_REV = "(SELECT value FROM revision)"


def _differs(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


MIGRATION_3: tuple[str, ...] = (
    "CREATE TABLE revision (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)",
    "INSERT INTO revision (id, value) VALUES (1, 0)",
    "ALTER TABLE jobs ADD COLUMN rev INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE documents ADD COLUMN rev INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX jobs_by_rev ON jobs (profile, rev)",
    "CREATE INDEX documents_by_rev ON documents (profile, job_name, rev)",
    f"""
    CREATE TRIGGER jobs_inserted AFTER INSERT ON jobs BEGIN
        {_BUMP}
        UPDATE jobs SET rev = {_REV} WHERE profile = NEW.profile AND name = NEW.name;
    END
    """,
    f"""
    CREATE TRIGGER jobs_changed AFTER UPDATE OF {", ".join(_JOB_COLUMNS_WATCHED)} ON jobs
    WHEN {_differs(_JOB_COLUMNS_WATCHED)} BEGIN
        {_BUMP}
        UPDATE jobs SET rev = {_REV} WHERE profile = NEW.profile AND name = NEW.name;
    END
    """,
    f"""
    CREATE TRIGGER documents_inserted AFTER INSERT ON documents BEGIN
        {_BUMP}
        UPDATE documents SET rev = {_REV} WHERE seq = NEW.seq;
        UPDATE jobs SET rev = {_REV} WHERE profile = NEW.profile AND name = NEW.job_name;
    END
    """,
    f"""
    CREATE TRIGGER documents_changed AFTER UPDATE OF {", ".join(_DOCUMENT_COLUMNS_WATCHED)} ON documents
    WHEN {_differs(_DOCUMENT_COLUMNS_WATCHED)} BEGIN
        {_BUMP}
        UPDATE documents SET rev = {_REV} WHERE seq = NEW.seq;
        UPDATE jobs SET rev = {_REV} WHERE profile = NEW.profile AND name = NEW.job_name;
    END
    """,
)

# The documents' language (`customizations.inputLocale`, api-version 2025-07-15-preview), and the
# change trigger watching it too.
_JOB_COLUMNS_WATCHED_4 = (*_JOB_COLUMNS_WATCHED, "input_locale")
MIGRATION_4: tuple[str, ...] = (
    "ALTER TABLE jobs ADD COLUMN input_locale TEXT",
    "DROP TRIGGER jobs_changed",
    f"""
    CREATE TRIGGER jobs_changed AFTER UPDATE OF {", ".join(_JOB_COLUMNS_WATCHED_4)} ON jobs
    WHEN {_differs(_JOB_COLUMNS_WATCHED_4)} BEGIN
        {_BUMP}
        UPDATE jobs SET rev = {_REV} WHERE profile = NEW.profile AND name = NEW.name;
    END
    """,
)

# Runs (`deidtui run`): a local folder de-identified as one unit. A run knows the names of its
# jobs before it submits them (`run_jobs`); linking one stamps the job, if cached, so the feed
# shows every screen the job's run. `run_files` is the run's plan, fixed when it starts, and which
# outputs were downloaded and verified.
MIGRATION_5: tuple[str, ...] = (
    """
    CREATE TABLE runs (
        profile       TEXT NOT NULL,
        name          TEXT NOT NULL,
        source_dir    TEXT NOT NULL,
        out_dir       TEXT NOT NULL,
        container_url TEXT NOT NULL,               -- never with a query (no SAS)
        prefix        TEXT NOT NULL,
        settings      TEXT NOT NULL,               -- JSON: operation, locale, format, extensions...
        state         TEXT NOT NULL CHECK (state IN ('started', 'finished')),
        summary       TEXT,                        -- JSON, the last summary (deidtui.run/1)
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        PRIMARY KEY (profile, name)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX runs_by_created ON runs (profile, created_at DESC)",
    """
    CREATE TABLE run_jobs (
        profile  TEXT NOT NULL,
        job_name TEXT NOT NULL,
        run      TEXT NOT NULL,
        part     INTEGER NOT NULL,
        PRIMARY KEY (profile, job_name)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX run_jobs_by_run ON run_jobs (profile, run, part)",
    f"""
    CREATE TRIGGER run_jobs_linked AFTER INSERT ON run_jobs BEGIN
        {_BUMP}
        UPDATE jobs SET rev = {_REV} WHERE profile = NEW.profile AND name = NEW.job_name;
    END
    """,
    """
    CREATE TABLE run_files (
        profile       TEXT NOT NULL,
        run           TEXT NOT NULL,
        path          TEXT NOT NULL,               -- under the source folder, with /
        part          INTEGER NOT NULL,
        size          INTEGER NOT NULL,
        sha256        TEXT NOT NULL,
        output_etag   TEXT,                        -- set once the output is downloaded and verified
        output_sha256 TEXT,
        PRIMARY KEY (profile, run, path)
    ) WITHOUT ROWID
    """,
)

# A writer may stamp its rows itself: one bump of the revision for a whole batch, and the rows
# written with it (`rev = ?`), instead of a bump and a second UPDATE per row from the triggers (a
# cold sweep of 10,000 new jobs spent a third of its write time there). The triggers still stamp
# any row written without a stamp: an insert that leaves `rev` at 0, or an update that changes a
# watched column and leaves `rev` as it was. A stamp a writer sets is always a fresh bump, so it
# never equals the row's old one.
MIGRATION_6: tuple[str, ...] = (
    "DROP TRIGGER jobs_inserted",
    f"""
    CREATE TRIGGER jobs_inserted AFTER INSERT ON jobs WHEN NEW.rev = 0 BEGIN
        {_BUMP}
        UPDATE jobs SET rev = {_REV} WHERE profile = NEW.profile AND name = NEW.name;
    END
    """,
    "DROP TRIGGER jobs_changed",
    f"""
    CREATE TRIGGER jobs_changed AFTER UPDATE OF {", ".join(_JOB_COLUMNS_WATCHED_4)} ON jobs
    WHEN NEW.rev = OLD.rev AND ({_differs(_JOB_COLUMNS_WATCHED_4)}) BEGIN
        {_BUMP}
        UPDATE jobs SET rev = {_REV} WHERE profile = NEW.profile AND name = NEW.name;
    END
    """,
)

# Every job row carries its stamp, by a constraint instead of a trigger: `jobs_inserted` ran a trigger
# program for every row inserted only to test `NEW.rev = 0`, which no writer leaves since
# MIGRATION_6 (a sweep's first page of 1,000 new jobs spent 1.5-2 ms in it). A row without a stamp
# (rev 0) is now refused, so none can exist unseen by the readers; the rows an older release left
# unstamped take one fresh revision here. SQLite cannot add a CHECK to a table, so the table is
# rebuilt (its columns in their order, its indexes and `jobs_changed`; a rowid table, below);
# `legacy_alter_table` keeps the rename from checking the triggers of other tables that name `jobs`
# while it is gone.
_JOBS_7_COLUMNS = (
    "profile", "name", "incarnation", "status", "operation", "source_location", "source_prefix", "extensions",
    "target_location", "target_prefix", "overwrite", "redaction_format", "surrogate_locale", "created_at",
    "started_at", "last_updated_at", "summary_successful", "summary_failed", "summary_canceled", "summary_total",
    "summary_bytes", "error_code", "error_message", "error_target", "first_seen", "last_seen", "deleted_at",
    "docs_total", "docs_not_started", "docs_running", "docs_succeeded", "docs_failed", "docs_canceled", "rev",
    "input_locale",
)  # fmt: skip


def _rewritten(text: str, old: str, new: str) -> str:
    """`text` with its one `old` replaced (a released statement is never edited, only derived from)."""
    if text.count(old) != 1:
        raise AssertionError(f"expected one {old!r} in a released migration")
    return text.replace(old, new)


# The table of MIGRATION_1, with the columns MIGRATION_3 and MIGRATION_4 added, in their order, and
# a rowid table now. A job's row is about 295 bytes, over the twentieth of a page under which
# SQLite advises WITHOUT ROWID: a real first sweep writes jobs newest first under names in no
# order, and each insert into the middle of a table keyed by name moved whole rows between pages.
# With rowids the rows are appended and only the (profile, name) index takes them in name order.
# Measured through `JobCache` with names in no order: 50,000 new jobs 2,243 -> 954 ms, the feed
# reading them 408 -> 250 ms; 10,000: 253 -> 155 ms and 70 -> 61 ms.
_JOBS_7 = _rewritten(
    _rewritten(
        _rewritten(MIGRATION_1[0], "CREATE TABLE jobs (", "CREATE TABLE jobs_7 ("),
        "        PRIMARY KEY (profile, name)",
        "        rev                INTEGER NOT NULL CHECK (rev > 0),  -- the revision that last wrote it\n"
        "        input_locale       TEXT,\n"
        "        PRIMARY KEY (profile, name)",
    ),
    ") WITHOUT ROWID",
    ")",
)
MIGRATION_7: tuple[str, ...] = (
    "PRAGMA legacy_alter_table = ON",
    _JOBS_7,
    "UPDATE revision SET value = value + 1",
    f"INSERT INTO jobs_7 ({', '.join(_JOBS_7_COLUMNS)}) SELECT "
    + ", ".join(
        "CASE WHEN rev > 0 THEN rev ELSE (SELECT value FROM revision) END" if c == "rev" else c for c in _JOBS_7_COLUMNS
    )
    + " FROM jobs",
    "DROP TABLE jobs",
    "ALTER TABLE jobs_7 RENAME TO jobs",
    "PRAGMA legacy_alter_table = OFF",
    MIGRATION_2[0],
    "CREATE INDEX jobs_by_rev ON jobs (profile, rev)",
    MIGRATION_6[-1],
)

# MIGRATIONS[i] takes a database from user_version i to i + 1.
MIGRATIONS: list[tuple[str, ...]] = [
    MIGRATION_1, MIGRATION_2, MIGRATION_3, MIGRATION_4, MIGRATION_5, MIGRATION_6, MIGRATION_7
]  # fmt: skip


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
            with contextlib.suppress(sqlite3.Error):
                await conn.execute("PRAGMA legacy_alter_table = OFF")  # MIGRATION_7 sets it on
            raise
        found = await schema_version(conn)
    return start
