"""The operator's side of the cache: submission intents, lineage, audit log and meta values.

Like jobs.py, functions here run inside the caller's transaction on the raw connection.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import aiosqlite

from ..domain.models import JobSpec
from .codec import dt, dt_or_none, redact_text, spec_from_json, spec_json
from .errors import CacheError, DuplicateIntent
from .records import (
    AUDIT_ACTIONS,
    AUDIT_OUTCOMES,
    INTENT_KINDS,
    INTENT_STATES,
    LINEAGE_KINDS,
    AuditEntry,
    Intent,
)

_INTENT_COLUMNS = "id, profile, name, spec, kind, parent, created_at, state, message, resolved_at"
_AUDIT_COLUMNS = "id, profile, at, user, action, targets, outcome, detail"


def _intent(row: Sequence[Any]) -> Intent:
    return Intent(
        id=row[0],
        profile=row[1],
        name=row[2],
        spec=spec_from_json(row[3]),
        kind=row[4],
        parent=row[5],
        created_at=dt(row[6]),
        state=row[7],
        message=row[8],
        resolved_at=dt_or_none(row[9]),
    )


async def _intent_by_id(conn: aiosqlite.Connection, intent_id: int) -> Intent | None:
    async with conn.execute(f"SELECT {_INTENT_COLUMNS} FROM intents WHERE id = ?", (intent_id,)) as cursor:
        row = await cursor.fetchone()
    return _intent(row) if row else None


async def record_intent(
    conn: aiosqlite.Connection, profile: str, name: str, spec: JobSpec, kind: str, parent: str | None, now: str
) -> Intent:
    """Insert a pending intent; DuplicateIntent if one for the same name is already pending."""
    if kind not in INTENT_KINDS:
        raise ValueError(f"intent kind must be one of {', '.join(sorted(INTENT_KINDS))}, not {kind!r}")
    if (kind == "submit") != (parent is None):
        raise ValueError(f"a {kind!r} intent {'takes no' if kind == 'submit' else 'needs a'} parent job")
    async with conn.execute(
        f"SELECT {_INTENT_COLUMNS} FROM intents WHERE profile = ? AND name = ? AND state = 'pending'",
        (profile, name),
    ) as cursor:
        row = await cursor.fetchone()
    if row is not None:
        pending = _intent(row)
        raise DuplicateIntent(
            f"A submission of job {name!r} in profile {profile!r} is already pending "
            f"(intent #{pending.id}, recorded {pending.created_at:%Y-%m-%d %H:%M:%S} UTC); "
            "wait for it to be confirmed or abandoned before submitting that name again."
        )
    async with conn.execute(
        "INSERT INTO intents (profile, name, spec, kind, parent, created_at, state) "
        "VALUES (?, ?, ?, ?, ?, ?, 'pending') RETURNING id",
        (profile, name, spec_json(spec), kind, parent, now),
    ) as cursor:
        (intent_id,) = await cursor.fetchone()  # type: ignore[misc]
    intent = await _intent_by_id(conn, intent_id)
    assert intent is not None
    return intent


async def resolve_intent(
    conn: aiosqlite.Connection, intent_id: int, state: str, message: str | None, now: str
) -> Intent:
    """Move a pending intent to its final state; confirming a resubmit/retry records its lineage."""
    if state not in INTENT_STATES - {"pending"}:
        raise ValueError(f"an intent resolves to confirmed, failed or abandoned, not {state!r}")
    intent = await _intent_by_id(conn, intent_id)
    if intent is None:
        raise CacheError(f"There is no submission intent #{intent_id} in the cache.")
    if intent.state == state:
        return intent  # resolving twice (e.g. after a retried confirmation) is harmless
    if intent.state != "pending":
        raise CacheError(
            f"Submission intent #{intent_id} for job {intent.name!r} is already {intent.state}; "
            f"it cannot become {state}."
        )
    await conn.execute(
        "UPDATE intents SET state = ?, message = ?, resolved_at = ? WHERE id = ?",
        (state, redact_text(message) if message is not None else None, now, intent_id),
    )
    if state == "confirmed" and intent.parent is not None:
        await set_parent(conn, intent.profile, intent.name, intent.parent, intent.kind, now)
    resolved = await _intent_by_id(conn, intent_id)
    assert resolved is not None
    return resolved


async def pending_intents(conn: aiosqlite.Connection, profile: str) -> list[Intent]:
    """Intents of a profile still waiting for confirmation, oldest first."""
    async with conn.execute(
        f"SELECT {_INTENT_COLUMNS} FROM intents WHERE profile = ? AND state = 'pending' ORDER BY id", (profile,)
    ) as cursor:
        return [_intent(row) for row in await cursor.fetchall()]


async def set_parent(conn: aiosqlite.Connection, profile: str, child: str, parent: str, kind: str, now: str) -> None:
    """Record that `child` was made from `parent`; refuses links that would form a cycle."""
    if kind not in LINEAGE_KINDS:
        raise ValueError(f"lineage kind must be resubmit or retry, not {kind!r}")
    if child == parent:
        raise ValueError(f"job {child!r} cannot be its own parent")
    async with conn.execute(
        "WITH RECURSIVE up(name) AS (SELECT ? UNION SELECT l.parent FROM lineage l JOIN up "
        "ON l.profile = ? AND l.child = up.name) SELECT 1 FROM up WHERE name = ?",
        (parent, profile, child),
    ) as cursor:
        if await cursor.fetchone() is not None:
            raise ValueError(f"job {parent!r} descends from {child!r}; it cannot also be its parent")
    await conn.execute(
        "INSERT INTO lineage (profile, child, parent, kind, recorded_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (profile, child) DO UPDATE SET parent = excluded.parent, kind = excluded.kind, "
        "recorded_at = excluded.recorded_at",
        (profile, child, parent, kind, now),
    )


async def lineage(conn: aiosqlite.Connection, profile: str, name: str) -> tuple[str | None, list[str]]:
    """The parent of a job and its children, oldest child first."""
    async with conn.execute("SELECT parent FROM lineage WHERE profile = ? AND child = ?", (profile, name)) as cursor:
        row = await cursor.fetchone()
    async with conn.execute(
        "SELECT child FROM lineage WHERE profile = ? AND parent = ? ORDER BY recorded_at, child", (profile, name)
    ) as cursor:
        children = [r[0] for r in await cursor.fetchall()]
    return (row[0] if row else None), children


def _audit(row: Sequence[Any]) -> AuditEntry:
    return AuditEntry(
        id=row[0],
        profile=row[1],
        at=dt(row[2]),
        user=row[3],
        action=row[4],
        targets=tuple(json.loads(row[5])),
        outcome=row[6],
        detail=row[7],
    )


async def audit(
    conn: aiosqlite.Connection,
    profile: str,
    action: str,
    targets: Sequence[str],
    outcome: str,
    detail: str,
    user: str,
    now: str,
) -> AuditEntry:
    """Append one entry to the audit log."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"audit action must be one of {', '.join(sorted(AUDIT_ACTIONS))}, not {action!r}")
    if outcome not in AUDIT_OUTCOMES:
        raise ValueError(f"audit outcome must be ok or error, not {outcome!r}")
    async with conn.execute(
        f"INSERT INTO audit (profile, at, user, action, targets, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?) "
        f"RETURNING {_AUDIT_COLUMNS}",
        (profile, now, user, action, json.dumps(list(targets)), outcome, redact_text(detail)),
    ) as cursor:
        row = await cursor.fetchone()
    assert row is not None
    return _audit(row)


async def audit_log(conn: aiosqlite.Connection, profile: str, limit: int, target: str | None) -> list[AuditEntry]:
    """Newest entries first, optionally only those naming `target` among their jobs."""
    query = f"SELECT {_AUDIT_COLUMNS} FROM audit WHERE profile = ?"
    params: tuple[Any, ...] = (profile,)
    if target is not None:
        query += " AND EXISTS (SELECT 1 FROM json_each(audit.targets) WHERE value = ?)"
        params += (target,)
    async with conn.execute(query + " ORDER BY id DESC LIMIT ?", (*params, limit)) as cursor:
        return [_audit(row) for row in await cursor.fetchall()]


async def set_meta(
    conn: aiosqlite.Connection, profile: str, key: str, value: str, now: str, *, never_back: bool = False
) -> None:
    """Insert or replace one per-profile value; `never_back`: keep the stored one if it sorts later
    (a time, which another process may already have moved past this one)."""
    kept = "max(value, excluded.value)" if never_back else "excluded.value"
    await conn.execute(
        "INSERT INTO meta (profile, key, value, updated_at) VALUES (?, ?, ?, ?) "
        f"ON CONFLICT (profile, key) DO UPDATE SET value = {kept}, updated_at = excluded.updated_at",
        (profile, key, value, now),
    )


async def get_meta(conn: aiosqlite.Connection, profile: str, key: str) -> str | None:
    """One per-profile value, or None."""
    async with conn.execute("SELECT value FROM meta WHERE profile = ? AND key = ?", (profile, key)) as cursor:
        row = await cursor.fetchone()
    return row[0] if row else None
