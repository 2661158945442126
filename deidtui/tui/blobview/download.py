"""Saving a blob to a local file: complete or not at all, readable by the owner only.

Documents are PHI, so the file is created 0600 (mkstemp does that) and the bytes land in a
temporary file beside the target, renamed into place only once every byte is written and
flushed. Without `overwrite`, the final step is a hard link, which fails if the name exists
even if it appeared during the download, so nothing is ever replaced unconfirmed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

from .source import DEFAULT_READ_SIZE, ByteSource

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 120


def safe_file_name(blob_name: str) -> str:
    """A harmless local file name from a blob name: its last path part, limited to [A-Za-z0-9._-]
    (accents are dropped rather than replaced: "hôpital.txt" -> "hopital.txt")."""
    base = blob_name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    name = _UNSAFE_NAME.sub("_", base).strip("._")  # no hidden files, no "..", no trailing dots
    return name[:MAX_NAME] or "blob"


async def download_to_file(
    source: ByteSource,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    progress: Callable[[int, int], None] | None = None,
    read_size: int = DEFAULT_READ_SIZE,
) -> int:
    """Stream `source` into `path`; returns the bytes written.

    Raises FileExistsError when `path` exists and `overwrite` is False. On any failure (or
    cancellation) the temporary file is removed and `path` is untouched.
    """
    target, fd, temp_name = await asyncio.to_thread(_claim_temporary, Path(path), overwrite)
    written = 0
    try:
        with os.fdopen(fd, "wb") as out:
            while written < source.size:
                data = await source.read(written, min(read_size, source.size - written))
                if not data:
                    raise OSError(f"the blob ended after {written:,} of {source.size:,} bytes")
                out.write(data)
                written += len(data)
                if progress is not None:
                    progress(written, source.size)
            out.flush()
            os.fsync(out.fileno())
        if overwrite:
            os.replace(temp_name, target)
        else:
            _place_without_overwrite(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    return written


def _claim_temporary(path: Path, overwrite: bool) -> tuple[Path, int, str]:
    """The target path, checked, and a new temporary file beside it (run in a thread: the file
    system may be a slow network share)."""
    target = path.expanduser()
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} already exists")
    if target.is_dir():
        raise IsADirectoryError(f"{target} is a folder")
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    return target, fd, temp_name


def _place_without_overwrite(temp_name: str, target: Path) -> None:
    try:
        os.link(temp_name, target)  # atomic "create if absent"
    except FileExistsError:
        raise
    except OSError:
        # No hard links here (some network or FAT file systems): claim the name exclusively, then
        # move the complete file over our own empty claim.
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        os.replace(temp_name, target)
        return
    os.unlink(temp_name)
