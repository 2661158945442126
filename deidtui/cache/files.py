"""Where the cache file lives and how it is created: private to the user from the first byte."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

import platformdirs

APP_NAME = "deidtui"
CACHE_FILENAME = "cache.sqlite3"
ENV_CACHE = "DEIDTUI_CACHE"
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def default_cache_path() -> Path:
    """`$DEIDTUI_CACHE` if set, else `cache.sqlite3` in the user's platformdirs state dir."""
    override = os.environ.get(ENV_CACHE, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)) / CACHE_FILENAME


def is_default_location(path: Path) -> bool:
    """Whether `path` is in deidtui's own state directory (which we may tighten)."""
    return path.parent == Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def side_files(path: Path) -> list[Path]:
    """The -wal, -shm and -journal companions SQLite keeps beside `path`."""
    return [path.with_name(path.name + suffix) for suffix in SIDE_SUFFIXES]


def prepare_file(path: Path) -> None:
    """Create the directory (0700) and the empty file (0600) before SQLite ever opens it.

    SQLite creates a new file with 0644 minus umask, and its -wal/-shm copy the main file's
    mode; so creating the main file 0600 first keeps every file of the cache private.
    A directory we did not create is left alone, except deidtui's own state directory.
    """
    directory = path.parent
    if not directory.exists():
        old = os.umask(0o077)  # intermediate parents too; mkdir's mode only covers the leaf
        try:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        finally:
            os.umask(old)
        os.chmod(directory, 0o700)
    elif is_default_location(path):
        _tighten(directory, 0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    os.close(fd)
    _tighten(path, 0o600)


def tighten_side_files(path: Path) -> None:
    """Belt and braces for -wal/-shm created by an older SQLite or another tool."""
    for side in side_files(path):
        with contextlib.suppress(FileNotFoundError):
            _tighten(side, 0o600)


def _tighten(path: Path, mode: int) -> None:
    """Remove group and other permissions from a file or directory we own."""
    if not hasattr(os, "getuid"):  # Windows: ACLs, not mode bits, protect the profile directory
        return
    st = os.stat(path)
    if stat.S_IMODE(st.st_mode) & 0o077 and st.st_uid == os.getuid():
        os.chmod(path, stat.S_IMODE(st.st_mode) & ~0o077 & 0o7777 | (mode & 0o700))
