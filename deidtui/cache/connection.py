"""The cache file and its one connection: opening (creating, migrating, recovering, or in memory
when no file can be used), the integrity check beside the first reads, and the read and write
transactions every query of `JobCache` runs in."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import getpass
import os
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from types import TracebackType
from typing import Self

import aiosqlite

from .errors import CacheBusy, CacheCorrupt, CacheError
from .files import default_cache_path, prepare_file
from .recovery import IntegrityCheck, is_busy, is_corruption, open_or_recover, recover_damaged
from .schema import migrate, rollback

SQLITE_READONLY, SQLITE_FULL = 8, 13
MEMORY = ":memory:"  # the path of a cache opened in memory


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):  # no passwd entry (containers) and no LOGNAME/USER
        return "unknown"


class CacheFile:
    """One SQLite cache file (or a cache in memory) and its connection.

    One connection per instance; calls are serialised by an asyncio lock, and every write is one
    `BEGIN IMMEDIATE` transaction, so several processes can share the file. Subclassed by
    `JobCache`, which holds the queries.
    """

    def __init__(self, conn: aiosqlite.Connection, path: Path, recovered_from: Path | None, busy_timeout: float):
        self._conn: aiosqlite.Connection | None = conn
        self._lock = asyncio.Lock()
        self._busy_timeout = busy_timeout
        self.path = path
        self.recovered_from = recovered_from
        self.user = _os_user()
        self._check: IntegrityCheck | None = None
        self._verification: asyncio.Task[None] | None = None
        self._written: list[Callable[[], None]] = []
        self.seeded = False  # a cache in memory that starts as a copy of the file (`open_in_memory`)

    @classmethod
    async def open(cls, path: Path | str | None = None, *, busy_timeout: float = 10.0) -> Self:
        """Open (creating, migrating or, if damaged, rebuilding) the cache file.

        `path` defaults to `$DEIDTUI_CACHE`, else `cache.sqlite3` in the platformdirs state dir;
        ":memory:" (SQLite's name for it) opens a cache in memory, as `open_in_memory` does.
        `recovered_from` is set when a damaged file was moved aside. Raises CacheTooNew for a
        file written by a newer deidtui, CacheError when the file cannot be created or opened.

        Opening checks what it reads (header, schema); the full integrity check reads every page,
        so it grows with the cache (15 ms at 10,000 jobs, seconds for a big history): it runs
        beside the first reads, and every write waits for it. See `verified()`.
        """
        resolved = resolve_path(path)
        if str(resolved) == MEMORY:  # SQLite's own name for a database in memory, never a file
            return await cls.open_in_memory(busy_timeout=busy_timeout)
        try:
            prepare_file(resolved)
        except OSError as exc:
            verb = "use" if resolved.exists() else "create"
            raise CacheError(
                f"Cannot {verb} the cache {resolved}: {_why_unusable(resolved, exc)}. "
                "Pass another path or set DEIDTUI_CACHE to a writable location."
            ) from exc
        try:
            conn, recovered = await open_or_recover(resolved, busy_timeout, full_check=False)
        except sqlite3.Error as exc:
            raise _translate(resolved, exc, busy_timeout) from exc
        except OSError as exc:
            raise CacheError(f"Cannot open the cache {resolved}: {exc.strerror or exc}.") from exc
        cache = cls(conn, resolved, recovered, busy_timeout)
        cache._check = IntegrityCheck(resolved, busy_timeout)
        cache._verification = asyncio.create_task(cache._verify(cache._check), name=f"deidtui-cache-check:{resolved}")
        # A failure is reported by the writes and `verified()` that wait for it; a cache that is
        # only read must not have asyncio print "exception was never retrieved" on exit.
        cache._verification.add_done_callback(lambda task: task.cancelled() or task.exception())
        return cache

    @classmethod
    async def open_in_memory(cls, *, seed_from: Path | None = None, busy_timeout: float = 10.0) -> Self:
        """A cache that lives in memory only, for when no file can be used (a read-only file or
        folder, a folder or a dangling link at the path...): everything works, nothing is kept after
        close, and no other process sees it. `in_memory` tells it apart.

        It starts as a copy of `seed_from` when that file can still be read (a read-only cache):
        the history it holds is shown, and what the service no longer has is marked deleted as
        usual, rather than lingering on a screen that read it before. Otherwise (`seeded` false) it
        starts empty."""
        if seed_from is not None:
            try:
                return await cls._memory(busy_timeout, seed_from)
            except (sqlite3.Error, OSError, ValueError, CacheError):
                pass  # unreadable, damaged or too new: start empty
        return await cls._memory(busy_timeout, None)

    @classmethod
    async def _memory(cls, busy_timeout: float, seed_from: Path | None) -> Self:
        conn = await aiosqlite.connect(":memory:", isolation_level=None)
        path = Path(MEMORY)
        try:
            if seed_from is not None:
                async with aiosqlite.connect(f"{seed_from.as_uri()}?mode=ro", uri=True, timeout=0.5) as source:
                    await source.backup(conn)
            await conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            await migrate(conn, path)
        except BaseException:
            await conn.close()
            raise
        cache = cls(conn, path, None, busy_timeout)
        cache.seeded = seed_from is not None
        return cache

    @property
    def in_memory(self) -> bool:
        return str(self.path) == MEMORY

    async def verified(self) -> Path | None:
        """Wait for the integrity check started by `open`; return where a damaged file went (the
        cache then continues on a fresh file), or None."""
        if self._verification is not None:
            await asyncio.shield(self._verification)
        return self.recovered_from

    async def _verify(self, check: IntegrityCheck) -> None:
        if not await check.damaged():
            return
        # Moving files must not stop half-way if close() cancels this task: shielded.
        await asyncio.shield(self._recover(check))

    async def _recover(self, check: IntegrityCheck) -> None:
        async with self._lock:
            if self._conn is None:
                return
            try:
                self._conn, moved = await recover_damaged(self._conn, self.path, self._busy_timeout, check.identity)
            except BaseException:
                self._conn = None  # recover_damaged closed it: calls now say the cache is closed
                raise
            self.recovered_from = moved or self.recovered_from

    async def close(self) -> None:
        """Close the connection; further calls raise CacheError. Closing twice is harmless."""
        if self._verification is not None and not self._verification.done():
            if self._check is not None:
                self._check.interrupt()
            self._verification.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._verification
        async with self._lock:
            conn, self._conn = self._conn, None
            if conn is None:
                return
            with contextlib.suppress(sqlite3.Error):
                await conn.execute("PRAGMA optimize")
            await conn.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    # -- plumbing ----------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _read(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._lock:
            try:
                yield self._open_conn()
            except sqlite3.Error as exc:
                raise _translate(self.path, exc, self._busy_timeout) from exc

    @contextlib.asynccontextmanager
    async def _write(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction; IMMEDIATE takes the write lock up front, so two processes
        queue on busy_timeout instead of failing when a read would upgrade to a write. Nothing is
        written before the integrity check has passed (or moved a damaged file aside)."""
        await self._wait_verified()
        async with self._lock:
            conn = self._open_conn()
            try:
                try:
                    await conn.execute("BEGIN IMMEDIATE")
                    yield conn
                    await conn.execute("COMMIT")
                except BaseException:
                    await rollback(conn)
                    raise
            except sqlite3.Error as exc:
                raise _translate(self.path, exc, self._busy_timeout) from exc
        for listener in self._written:
            listener()

    def on_write(self, listener: Callable[[], None]) -> None:
        """Call `listener` after each write transaction of this connection commits (writes of other
        connections show in `data_version()`)."""
        self._written.append(listener)

    async def _wait_verified(self) -> None:
        verification = self._verification
        if verification is None:
            return
        try:
            await asyncio.shield(verification)
        except asyncio.CancelledError:
            if verification.cancelled():
                return  # the cache was closed meanwhile: _open_conn says so
            raise
        except CacheError:
            raise
        except Exception as exc:
            raise CacheError(f"The cache {self.path} could not be checked: {exc}") from exc

    def _open_conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise CacheError(f"The cache {self.path} is closed.")
        return self._conn


def _why_unusable(path: Path, exc: OSError) -> str:
    """What is wrong with the cache's path, in the operator's words."""
    if path.is_dir():
        return "a folder is there, not a file"
    if path.is_symlink() and not path.exists():
        return f"it is a link to {os.readlink(path)}, which does not exist"
    if path.is_file() and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"the file is read-only for this user ({exc.strerror or exc})"
    return str(exc.strerror or exc)


def resolve_path(path: Path | str | None) -> Path:
    """`path`, else `$DEIDTUI_CACHE`, else `cache.sqlite3` in the platformdirs state dir."""
    return Path(path).expanduser() if path is not None else default_cache_path()


def _translate(path: Path, exc: sqlite3.Error, busy_timeout: float) -> CacheError:
    """A user-facing CacheError for an SQLite failure."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if is_busy(exc):
        return CacheBusy(
            f"The cache {path} stayed locked by another process for more than {busy_timeout:g} s; "
            "close other deidtui instances using it, or set DEIDTUI_CACHE to another file."
        )
    if is_corruption(exc):
        return CacheCorrupt(
            f"The cache {path} is damaged ({exc}). Restart deidtui: it moves the damaged file "
            "aside and rebuilds the cache from the service."
        )
    if code == SQLITE_FULL:
        return CacheError(f"The disk holding the cache {path} is full; free some space.")
    if code == SQLITE_READONLY:
        return CacheError(f"The cache {path} is read-only; check its permissions.")
    return CacheError(f"The cache {path} failed: {exc}.")


def profile_key(profile: str) -> str:
    """A profile's name as the cache's rows carry it: refused when empty or not text."""
    if not isinstance(profile, str) or not profile:
        raise ValueError("a profile name is required")
    return profile
