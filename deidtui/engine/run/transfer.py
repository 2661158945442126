"""Moving a run's files: uploads that skip what is already there unchanged, downloads verified
before they are kept, and the clean-up of remote copies. Storage only: no request here spends the
de-identification service's budget.

What is uploaded is told by the blobs themselves (each input carries its SHA-256 in its metadata),
and a verified download by the blob's Content-MD5 and length: a run killed at any moment finds
out what is done from storage and the disk, and the cache only saves re-reading them.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from azure.core.exceptions import ResourceExistsError, ResourceNotFoundError
from azure.storage.blob.aio import ContainerClient

from ...azure.errors import translate
from ...domain.errors import DeidError

SHA_KEY = "deidtuisha256"  # metadata key of an uploaded input: its content's SHA-256
PARTIAL_SUFFIX = ".deidtui-partial"  # a download not yet verified; never left under a real name
FOLDER_MODE, FILE_MODE = 0o700, 0o600


class DownloadMismatch(DeidError):
    """A downloaded output did not match what storage says it holds (length or MD5)."""


def _error(exc: BaseException, operation: str, resource: str, *, write: bool | None = None) -> DeidError:
    if isinstance(exc, DeidError):
        return exc
    return translate(exc, operation=operation, resource=resource, service="storage", write=write)


def md5_of(data: bytes) -> bytes:
    return hashlib.md5(data, usedforsecurity=False).digest()


def file_digests(path: Path) -> tuple[bytes, str, int] | None:
    """(MD5, SHA-256, length) of a local file, or None if there is none to read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return md5_of(data), hashlib.sha256(data).hexdigest(), len(data)


def private_folder(path: Path, top: Path) -> None:
    """Create `path` and its parents up to `top`, each 0700 (the umask cannot widen them)."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current == top or current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=FOLDER_MODE)
        os.chmod(folder, FOLDER_MODE)


def remove_partials(out_dir: Path) -> int:
    """Delete downloads a killed run left half-written; returns how many."""
    removed = 0
    if out_dir.is_dir():
        for partial in out_dir.rglob(f"*{PARTIAL_SUFFIX}"):
            with contextlib.suppress(OSError):
                partial.unlink()
                removed += 1
    return removed


class Transfers:
    """The run's container: uploads, verified downloads, listings and deletions."""

    def __init__(self, container: ContainerClient, container_url: str) -> None:
        self._container = container
        self._url = container_url

    async def ensure_container(self) -> bool:
        """Create the container if it does not exist; True when it was created."""
        try:
            await self._container.create_container()
        except ResourceExistsError:
            return False
        except Exception as exc:  # noqa: BLE001 - translated
            raise _error(exc, "create container", self._url, write=True) from None
        return True

    async def uploaded(self, prefix: str) -> dict[str, str]:
        """The inputs already under `prefix`: blob name -> the SHA-256 recorded when uploaded."""
        found: dict[str, str] = {}
        try:
            async for blob in self._container.list_blobs(name_starts_with=prefix, include=["metadata"]):
                sha = (blob.metadata or {}).get(SHA_KEY)
                if sha:
                    found[blob.name] = sha
        except Exception as exc:  # noqa: BLE001 - translated
            raise _error(exc, "list blobs", f"{self._url}/{prefix}") from None
        return found

    async def upload(self, name: str, data: bytes, sha256: str) -> None:
        """Upload one input (replacing an older one), its SHA-256 in its metadata."""
        try:
            await self._container.upload_blob(name, data, overwrite=True, metadata={SHA_KEY: sha256})
        except Exception as exc:  # noqa: BLE001 - translated
            raise _error(exc, "upload blob", f"{self._url}/{name}", write=True) from None

    async def checksums(self, prefix: str) -> dict[str, tuple[bytes | None, str, int]]:
        """Outputs under `prefix`: blob name -> (Content-MD5 or None, etag, length)."""
        found: dict[str, tuple[bytes | None, str, int]] = {}
        try:
            async for blob in self._container.list_blobs(name_starts_with=prefix):
                md5 = blob.content_settings.content_md5
                found[blob.name] = (bytes(md5) if md5 else None, str(blob.etag).strip('"'), int(blob.size or 0))
        except Exception as exc:  # noqa: BLE001 - translated
            raise _error(exc, "list blobs", f"{self._url}/{prefix}") from None
        return found

    async def download(self, name: str, dest: Path, top: Path) -> tuple[str, str, int]:
        """Download one output to `dest` (0600, in 0700 folders up to `top`), verified against the
        blob's length and Content-MD5 before it takes its name: a file under its real name is
        always whole. Returns (etag, SHA-256, bytes)."""
        resource = f"{self._url}/{name}"
        try:
            stream = await self._container.download_blob(name)
            data = await stream.readall()
        except Exception as exc:  # noqa: BLE001 - translated
            raise _error(exc, "download blob", resource) from None
        props = stream.properties
        expected_md5 = props.content_settings.content_md5
        if len(data) != props.size or (expected_md5 and bytes(expected_md5) != md5_of(data)):
            raise DownloadMismatch(
                f"The download of {name} does not match what storage holds (length or MD5).",
                title="Download corrupted",
                resource=resource,
            )
        await asyncio.to_thread(_write_private, dest, top, data)
        return str(props.etag).strip('"'), hashlib.sha256(data).hexdigest(), len(data)

    async def delete(self, names: Iterable[str], *, concurrency: int = 16) -> int:
        """Delete blobs (one already gone counts as done); returns how many were deleted now."""
        slots = asyncio.Semaphore(concurrency)
        deleted = 0

        async def one(name: str) -> None:
            nonlocal deleted
            async with slots:
                try:
                    await self._container.delete_blob(name)
                    deleted += 1
                except ResourceNotFoundError:
                    pass
                except Exception as exc:  # noqa: BLE001 - translated
                    raise _error(exc, "delete blob", f"{self._url}/{name}", write=True) from None

        await asyncio.gather(*(one(name) for name in names))
        return deleted


def _write_private(dest: Path, top: Path, data: bytes) -> None:
    private_folder(dest.parent, top)
    partial = dest.with_name(f"{dest.name}.{secrets.token_hex(4)}{PARTIAL_SUFFIX}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            # No fsync: a kill loses nothing written, and a file a power cut spoiled fails the
            # SHA-256 check the next run makes before it trusts the file.
            handle.write(data)
        os.replace(partial, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
