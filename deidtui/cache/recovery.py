"""Opening the cache file, and moving a damaged one aside so deidtui can start from a fresh one.

The cache is only a copy of the service plus local history: losing it costs history, never
jobs. So a damaged file is never repaired in place or deleted; it is renamed (with its -wal,
-shm and -journal) to `<name>.corrupt-<UTC time>` for a human to inspect, and a new file is built.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from .errors import CacheError
from .files import prepare_file, side_files, tighten_side_files
from .schema import migrate

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; concurrent recovery there is best effort
    fcntl = None  # type: ignore[assignment]

SQLITE_BUSY, SQLITE_LOCKED = 5, 6
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26


class DamagedDatabase(Exception):
    """Internal: the file failed its integrity check or SQLite called it corrupt."""


def is_corruption(exc: BaseException) -> bool:
    """True for SQLite's 'malformed' and 'not a database' errors, never for 'locked' or I/O."""
    if isinstance(exc, DamagedDatabase):
        return True
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB)
    message = str(exc).lower()
    return "file is not a database" in message or "malformed" in message


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's 'database is locked' (busy or locked), never for damage or I/O."""
    if not isinstance(exc, sqlite3.Error):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
    return "locked" in str(exc).lower()


PAGE_CACHE_KIB = 512


async def connect(path: Path, busy_timeout: float) -> aiosqlite.Connection:
    """A connection in autocommit mode (we issue BEGIN IMMEDIATE ourselves)."""
    return await aiosqlite.connect(path, isolation_level=None, timeout=busy_timeout)


async def configure_and_verify(
    conn: aiosqlite.Connection, path: Path, busy_timeout: float, *, full_check: bool = True
) -> None:
    """WAL, NORMAL sync, busy timeout; then `PRAGMA quick_check` (unless `full_check` is false)
    and migrations.

    Raises DamagedDatabase (or SQLite's own corruption errors) if the file is damaged. Without the
    full check only what opening reads is verified (the header and the schema): the rest is left
    to `IntegrityCheck`, which reads every page and so grows with the cache.
    """
    await conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    row = await _switch_to_wal(conn, busy_timeout)
    if row is None or str(row[0]).lower() != "wal":
        raise CacheError(
            f"The cache {path} cannot use SQLite's WAL mode (got {row[0] if row else 'nothing'!r}); "
            "put the cache on a local disk (set DEIDTUI_CACHE to a local path)."
        )
    # NORMAL in WAL mode: a power cut may lose the last commits, never consistency;
    # the service remains the source of truth for anything lost.
    await conn.execute("PRAGMA synchronous = NORMAL")
    # A page cache of 512 KiB, not SQLite's 2 MiB: the queue reads every job once at start and keeps
    # them in brief, so the pages that read leaves behind served nothing later and stayed resident
    # (1.3 MB of the dashboard's memory at 10,000 jobs). A sweep's reads and writes measured the
    # same either way (bench/cache_throughput.py); the operating system caches the file.
    await conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
    if full_check:
        async with conn.execute("PRAGMA quick_check") as cursor:
            verdict = [str(row[0]) for row in await cursor.fetchall()]
        if verdict != ["ok"]:
            raise DamagedDatabase("; ".join(verdict[:3]))
    await migrate(conn, path)
    tighten_side_files(path)


async def _switch_to_wal(conn: aiosqlite.Connection, busy_timeout: float) -> sqlite3.Row | None:
    """`PRAGMA journal_mode = WAL`, retried while the file is locked, until `busy_timeout` has passed.

    SQLite does not wait on busy_timeout here: while another connection holds a write lock on a
    file not yet in WAL mode (another deidtui creating the same new cache), it answers "locked"
    at once, since waiting could deadlock. Two engines of a fleet opening a new cache together
    would otherwise leave one of them on a cache in memory.
    """
    deadline = time.monotonic() + busy_timeout
    pause = 0.005
    while True:
        try:
            async with conn.execute("PRAGMA journal_mode = WAL") as cursor:
                return await cursor.fetchone()
        except sqlite3.Error as exc:
            left = deadline - time.monotonic()
            if not is_busy(exc) or left <= 0:
                raise
        await asyncio.sleep(min(pause, left))
        pause = min(pause * 2, 0.1)


class IntegrityCheck:
    """`PRAGMA quick_check` of the whole file on a connection of its own, in a worker thread, so
    it runs beside the cache's first reads instead of before them; `interrupt()` stops it early."""

    def __init__(self, path: Path, busy_timeout: float) -> None:
        self.path = path
        self.identity = identity_of(path)  # the file checked, for `recover_damaged`
        self._busy_timeout = busy_timeout
        self._db: sqlite3.Connection | None = None

    async def damaged(self) -> bool:
        """True if SQLite finds the file damaged; a busy or vanished file counts as not damaged."""
        try:
            verdict = await asyncio.to_thread(self._run)
        except sqlite3.Error as exc:
            return is_corruption(exc)
        return verdict != ["ok"]

    def _run(self) -> list[str]:
        self._db = sqlite3.connect(self.path, timeout=self._busy_timeout, check_same_thread=False)
        try:
            return [str(row[0]) for row in self._db.execute("PRAGMA quick_check")]
        finally:
            db, self._db = self._db, None
            db.close()

    def interrupt(self) -> None:
        db = self._db
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.interrupt()


async def recover_damaged(
    conn: aiosqlite.Connection, path: Path, busy_timeout: float, identity: tuple[int, int] | None
) -> tuple[aiosqlite.Connection, Path | None]:
    """Move a damaged file aside (closing `conn`) and open a fresh, verified one in its place."""
    moved = await _move_damaged_aside(conn, path, identity)
    try:
        return await open_verified(path, busy_timeout), moved
    except Exception as exc:
        if is_corruption(exc):
            raise CacheError(
                f"The cache {path} was damaged and moved to {moved}, but the fresh cache built in its "
                f"place is damaged too ({exc}); check the disk, or set DEIDTUI_CACHE to another path."
            ) from exc
        raise


async def open_verified(path: Path, busy_timeout: float) -> aiosqlite.Connection:
    """Open, configure and verify, closing the connection on any failure."""
    conn = await connect(path, busy_timeout)
    try:
        await configure_and_verify(conn, path, busy_timeout)
    except BaseException:
        await conn.close()
        raise
    return conn


async def open_or_recover(
    path: Path, busy_timeout: float, *, full_check: bool = True
) -> tuple[aiosqlite.Connection, Path | None]:
    """Open the cache; if it is damaged, move it aside and build a fresh one.

    Returns the connection and where the damaged file went (None if nothing was moved).
    """
    identity = identity_of(path)
    conn = await connect(path, busy_timeout)
    try:
        await configure_and_verify(conn, path, busy_timeout, full_check=full_check)
        return conn, None
    except BaseException as exc:
        if not is_corruption(exc):
            await conn.close()
            raise
    return await recover_damaged(conn, path, busy_timeout, identity)


def identity_of(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino)


async def _move_damaged_aside(conn: aiosqlite.Connection, path: Path, identity: tuple[int, int] | None) -> Path | None:
    """Under a directory lock (so two processes do not both recover), move the file aside.

    SQLite deletes -wal and -shm by name when its last connection closes, so they are linked
    (or copied) to their new names while our connection still holds them, and only then is
    the connection closed. The fresh file is created only after that close, so the old
    connection can never delete a companion of the new database.
    """
    lock = await asyncio.to_thread(_lock_directory, path.parent)
    try:
        if identity_of(path) != identity:
            # Someone else recovered (or replaced) the file between our check and the lock.
            with contextlib.suppress(sqlite3.Error):
                await conn.close()
            return None
        target = _aside_name(path)
        for side, side_target in zip(side_files(path), side_files(target), strict=True):
            _preserve(side, side_target)
        with contextlib.suppress(sqlite3.Error):
            await conn.close()
        for side in side_files(path):
            side.unlink(missing_ok=True)
        os.rename(path, target)
        prepare_file(path)
        return target
    finally:
        _unlock(lock)


def _aside_name(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists() or any(side.exists() for side in side_files(target)):
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    return target


def _preserve(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except FileNotFoundError:
        return
    except OSError:  # a filesystem without hard links
        shutil.copy2(source, target)


def _lock_directory(directory: Path) -> int | None:
    if fcntl is None:
        return None
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _unlock(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)  # closing releases the flock
