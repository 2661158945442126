"""A state directory written by an earlier emulator (summary only at the end, alphabetical
documents) opens in this one: counts are recounted and documents get their listing order."""

from __future__ import annotations

import json
import sqlite3

from deidtui.emulator.job_spec import JobDefinition
from deidtui.emulator.pacing import FAST, Pacer
from deidtui.emulator.state import EmulatorState

# The tables as the first emulator release created them.
OLD_SCHEMA = """
CREATE TABLE jobs (seq INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, spec TEXT NOT NULL,
    status TEXT NOT NULL, created_at TEXT NOT NULL, started_at TEXT, last_updated_at TEXT NOT NULL,
    error TEXT, summary TEXT, enumerated INTEGER NOT NULL DEFAULT 0);
CREATE TABLE documents (job_seq INTEGER NOT NULL REFERENCES jobs(seq) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, id TEXT NOT NULL, input_name TEXT NOT NULL, input_url TEXT NOT NULL,
    input_etag TEXT NOT NULL, input_size INTEGER NOT NULL, output_name TEXT NOT NULL, output_url TEXT NOT NULL,
    output_etag TEXT, status TEXT NOT NULL, error TEXT, PRIMARY KEY (job_seq, ordinal)) WITHOUT ROWID;
"""
OLD_SPEC = {
    "operation": "Redact",
    "sourceLocation": {
        "location": "http://127.0.0.1:10000/devstoreaccount1/notes",
        "prefix": "in/",
        "extensions": ["*"],
    },
    "targetLocation": {
        "location": "http://127.0.0.1:10000/devstoreaccount1/notes",
        "prefix": "out/",
        "overwrite": False,
    },
    "customizations": {"redactionFormat": "*{len}"},
}


def write_old_database(path) -> None:
    db = sqlite3.connect(path)
    db.executescript(OLD_SCHEMA)
    stamp = "2025-01-02T03:04:05.123456Z"
    summary = {"successful": 1, "failed": 1, "canceled": 0, "total": 2, "bytesProcessed": 10}
    db.execute(
        "INSERT INTO jobs VALUES (1, 'done', ?, 'Failed', ?, ?, ?, NULL, ?, 1)",
        (json.dumps(OLD_SPEC), stamp, stamp, stamp, json.dumps(summary)),
    )
    db.execute(
        "INSERT INTO jobs VALUES (2, 'half', ?, 'Running', ?, ?, ?, NULL, NULL, 1)",
        (json.dumps(OLD_SPEC), stamp, stamp, stamp),
    )
    for seq, statuses in ((1, ("Succeeded", "Failed")), (2, ("Succeeded", "NotStarted", "NotStarted"))):
        for ordinal, status in enumerate(statuses):
            db.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, 'u', 'e', 10, 'o', 'ou', NULL, ?, NULL)",
                (seq, ordinal, f"id-{seq}-{ordinal}", f"in/{ordinal}.txt", status),
            )
    db.commit()
    db.close()


async def test_an_older_database_is_brought_up_to_date(tmp_path):
    path = tmp_path / "emulator.sqlite3"
    write_old_database(path)
    pacer = Pacer(FAST, 0)
    state = await EmulatorState.open(path, pacer.listing_key)
    try:
        done, half = await state.get_job("done"), await state.get_job("half")
        assert done.definition == JobDefinition.from_storage(OLD_SPEC) and done.definition.redaction_format == "*{len}"
        assert (done.counts.total, done.counts.successful, done.counts.failed) == (2, 1, 1)
        assert (half.counts.total, half.counts.successful, half.counts.bytes_processed) == (3, 1, 10)
        documents = await state.list_documents(half.seq, None, 10)
        assert [d.listing_key for d in documents] == sorted(pacer.listing_key("half", f"in/{i}.txt") for i in range(3))
        assert len(await state.pending_documents(half.seq)) == 2
    finally:
        await state.close()
    again = await EmulatorState.open(path, pacer.listing_key)  # a second open changes nothing
    try:
        assert (await again.get_job("half")).counts == half.counts
    finally:
        await again.close()
