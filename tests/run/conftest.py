"""A folder to de-identify, and what a run leaves behind in the emulator and in storage."""

from __future__ import annotations

import asyncio
import stat
import uuid
from pathlib import Path

import pytest
from azure.storage.blob import BlobServiceClient

from ..support import deid_client

BIG = 2 * 1024 * 1024 + 10  # one byte over is enough; a few more to be clear


def note(index: int) -> str:
    return (
        f"Patient John Smith{index} was seen at Mercy Hospital on 2024-03-{index % 28 + 1:02d}.\n"
        f"Call 555-01{index % 100:02d} with questions. MRN {100000 + index}.\n"
    )


def make_tree(root: Path, notes: int, *, big: bool = True, latin1: bool = True, others: bool = True) -> list[str]:
    """`notes` small notes spread over nested folders, plus (by default) a file over 2 MB, a Latin-1
    file and a file of another extension; returns the paths of the notes that can be sent."""
    sent = []
    for index in range(notes):
        folder = ("clinic-a/2024", "clinic-a/2025/march", "clinic-b")[index % 3]
        path = root / folder / f"note-{index:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(note(index), encoding="utf-8")
        sent.append(path.relative_to(root).as_posix())
    if big:
        (root / "clinic-b" / "huge.txt").write_bytes(b"a" * BIG)
    if latin1:
        (root / "clinic-a" / "latin1.txt").write_bytes("Patiente Hélène Côté, née à Montréal.\n".encode("latin-1"))
    if others:
        (root / "clinic-a" / "scan.pdf").write_bytes(b"%PDF-1.4 not a note")
    return sorted(sent)


def emulator_jobs(endpoint: str) -> list[str]:
    """Every job the emulator holds, by name."""

    async def names() -> list[str]:
        async with deid_client(endpoint) as client:
            return [job.job_name async for job in client.list_jobs()]

    return sorted(asyncio.run(names()))


def blob_etags(connection_string: str, container: str, prefix: str = "") -> dict[str, str]:
    """name -> etag of every blob under `prefix`: an upload changes the etag."""
    with BlobServiceClient.from_connection_string(connection_string) as service:
        client = service.get_container_client(container)
        if not client.exists():
            return {}
        return {b.name: str(b.etag) for b in client.list_blobs(name_starts_with=prefix or None)}


def files_state(out: Path) -> dict[str, tuple[int, int]]:
    """path -> (inode, mtime_ns) of every file under `out`: a re-download replaces the file. Read
    while a run writes there: a partial download renamed to its name after the listing is skipped."""
    state: dict[str, tuple[int, int]] = {}
    for path in out.rglob("*"):
        try:
            found = path.stat()
        except FileNotFoundError:
            continue
        if stat.S_ISREG(found.st_mode):
            state[path.relative_to(out).as_posix()] = (found.st_ino, found.st_mtime_ns)
    return state


@pytest.fixture
def bucket() -> str:
    """A container name of this test alone, not created yet (a run creates it)."""
    return f"run{uuid.uuid4().hex[:20]}"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    return folder
