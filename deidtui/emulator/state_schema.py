"""The emulator database's tables, and bringing a database written by an older emulator up to date."""

from __future__ import annotations

from collections.abc import Callable

import aiosqlite

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    spec TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    last_updated_at TEXT NOT NULL,
    error TEXT,
    enumerated INTEGER NOT NULL DEFAULT 0,
    doc_total INTEGER,
    doc_successful INTEGER NOT NULL DEFAULT 0,
    doc_failed INTEGER NOT NULL DEFAULT 0,
    doc_canceled INTEGER NOT NULL DEFAULT 0,
    bytes_processed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS documents (
    job_seq INTEGER NOT NULL REFERENCES jobs(seq) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    id TEXT NOT NULL,
    input_name TEXT NOT NULL,
    input_url TEXT NOT NULL,
    input_etag TEXT NOT NULL,
    input_size INTEGER NOT NULL,
    output_name TEXT NOT NULL,
    output_url TEXT NOT NULL,
    output_etag TEXT,
    status TEXT NOT NULL,
    error TEXT,
    listing_key TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (job_seq, ordinal)
) WITHOUT ROWID;
"""
INDEXES = "CREATE INDEX IF NOT EXISTS documents_listing ON documents (job_seq, listing_key, ordinal);"

# Columns added since the first emulator release: (table, column, declaration).
_ADDED = [
    ("jobs", "doc_total", "INTEGER"),
    ("jobs", "doc_successful", "INTEGER NOT NULL DEFAULT 0"),
    ("jobs", "doc_failed", "INTEGER NOT NULL DEFAULT 0"),
    ("jobs", "doc_canceled", "INTEGER NOT NULL DEFAULT 0"),
    ("jobs", "bytes_processed", "INTEGER NOT NULL DEFAULT 0"),
    ("documents", "listing_key", "TEXT NOT NULL DEFAULT ''"),
]


async def _columns(db: aiosqlite.Connection, table: str) -> set[str]:
    async with db.execute(f"PRAGMA table_info({table})") as cursor:
        return {row[1] for row in await cursor.fetchall()}


async def migrate(db: aiosqlite.Connection, listing_key: Callable[[str, str], str]) -> None:
    """Create the tables, or add what an older emulator's database lacks and fill it in."""
    await db.executescript(SCHEMA)
    added = False
    for table, column, declaration in _ADDED:
        if column not in await _columns(db, table):
            await db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
            added = True
    await db.execute(INDEXES)
    if not added:
        return
    # Older emulators kept a summary only for finished jobs; recount every listed job's documents.
    await db.execute(
        """
        UPDATE jobs SET
            doc_total = (SELECT COUNT(*) FROM documents d WHERE d.job_seq = jobs.seq),
            doc_successful = (SELECT COUNT(*) FROM documents d WHERE d.job_seq = jobs.seq AND d.status = 'Succeeded'),
            doc_failed = (SELECT COUNT(*) FROM documents d WHERE d.job_seq = jobs.seq AND d.status = 'Failed'),
            doc_canceled = (SELECT COUNT(*) FROM documents d WHERE d.job_seq = jobs.seq AND d.status = 'Canceled'),
            bytes_processed = (SELECT COALESCE(SUM(input_size), 0) FROM documents d
                               WHERE d.job_seq = jobs.seq AND d.status = 'Succeeded')
        WHERE enumerated = 1 AND doc_total IS NULL
        """
    )
    async with db.execute(
        "SELECT d.job_seq, d.ordinal, d.input_name, j.name FROM documents d JOIN jobs j ON j.seq = d.job_seq "
        "WHERE d.listing_key = ''"
    ) as cursor:
        rows = await cursor.fetchall()
    await db.executemany(
        "UPDATE documents SET listing_key = ? WHERE job_seq = ? AND ordinal = ?",
        [(listing_key(row[3], row[2]), row[0], row[1]) for row in rows],
    )
