"""Cache paths that cannot be used, made for real where the test's user can meet them.

Root passes permission checks, so when the tests run as root a read-only file or folder is met
as an unprivileged user would meet it: `unprivileged_permissions` makes the cache's file
creation check the permission bits first, as the kernel would for anyone else.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest


def folder_at_the_path(tmp_path: Path) -> Path:
    path = tmp_path / "cache.sqlite3"
    path.mkdir()
    return path


def dangling_link(tmp_path: Path) -> Path:
    path = tmp_path / "cache.sqlite3"
    path.symlink_to(tmp_path / "gone" / "cache.sqlite3")
    return path


def read_only_file(tmp_path: Path) -> Path:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"")
    path.chmod(0o400)
    return path


def read_only_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    return folder / "cache.sqlite3"


UNUSABLE: dict[str, Callable[[Path], Path]] = {
    "a folder at the path": folder_at_the_path,
    "a dangling link": dangling_link,
    "a read-only file": read_only_file,
    "a read-only folder": read_only_folder,
}


def unprivileged_permissions(monkeypatch: pytest.MonkeyPatch) -> None:
    """As root, check write permission on the cache file (or its folder, for a new file) the way
    the kernel checks it for an unprivileged user; a no-op for anyone else."""
    if os.geteuid() != 0:
        return
    import deidtui.cache.connection as connection

    prepare = connection.prepare_file

    def checked(path: Path) -> None:
        target = path if path.exists() else path.parent
        if target.exists() and not stat.S_IMODE(target.stat().st_mode) & stat.S_IWUSR:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        prepare(path)

    monkeypatch.setattr(connection, "prepare_file", checked)
