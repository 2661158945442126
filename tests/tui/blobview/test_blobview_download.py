"""Downloading a blob: exact bytes, owner-only permissions, never a partial or clobbered file."""

from __future__ import annotations

import os
import stat

import pytest

from deidtui.tui.blobview import BlobViewerScreen
from deidtui.tui.blobview.download import download_to_file, safe_file_name
from deidtui.tui.blobview.prompts import ConfirmScreen, PathScreen

from .helpers import CountingSource, ScreenApp, until

DATA = bytes(range(256)) * 5000  # 1.28 MB: several reads


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


async def test_download_writes_exactly_the_blob_with_owner_only_permissions(tmp_path):
    target = tmp_path / "note.bin"
    progress = []
    written = await download_to_file(
        CountingSource("x", DATA), target, progress=lambda d, t: progress.append(d), read_size=100_000
    )
    assert written == len(DATA)
    assert target.read_bytes() == DATA
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert progress[-1] == len(DATA) and len(progress) == 13
    assert leftovers(tmp_path) == []


async def test_a_failure_midway_leaves_no_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "note.bin"
    source = CountingSource("x", DATA, fail_at=700_000)
    with pytest.raises(OSError, match="simulated"):
        await download_to_file(source, target, read_size=100_000)
    assert not target.exists()
    assert leftovers(tmp_path) == []


async def test_an_existing_file_is_refused_unless_overwrite_is_confirmed(tmp_path):
    target = tmp_path / "note.bin"
    target.write_bytes(b"precious")
    with pytest.raises(FileExistsError):
        await download_to_file(CountingSource("x", DATA), target)
    assert target.read_bytes() == b"precious"
    await download_to_file(CountingSource("x", DATA), target, overwrite=True)
    assert target.read_bytes() == DATA
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_a_file_appearing_during_the_download_is_not_replaced(tmp_path):
    target = tmp_path / "race.bin"

    class Racing(CountingSource):
        async def read(self, offset: int, length: int) -> bytes:
            if offset and not target.exists():
                target.write_bytes(b"someone else")
            return await super().read(offset, length)

    with pytest.raises(FileExistsError):
        await download_to_file(Racing("x", DATA), target, read_size=500_000)
    assert target.read_bytes() == b"someone else"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("blob_name", "expected"),
    [
        ("output/2024/note 1.txt", "note_1.txt"),
        ("../../etc/passwd", "passwd"),
        ("..", "blob"),
        ("dir/.hidden", "hidden"),
        ("evil\x1b]0;x\x07name.txt", "evil_0_x_name.txt"),
        ("a\\b\\c.json", "c.json"),
        ("", "blob"),
        ("notes/hôpital ünïcode.txt", "hopital_unicode.txt"),
        ("x/‮gnp.exe", "gnp.exe"),
    ],
)
def test_default_file_names_are_safe(blob_name, expected):
    assert safe_file_name(blob_name) == expected


async def test_d_downloads_through_the_path_prompt_and_asks_before_replacing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.txt").write_bytes(b"old")
    app = ScreenApp(BlobViewerScreen(CountingSource("out/report.txt", DATA), title="dl"))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.screen.viewer.lines.rows)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, PathScreen))
        path_input = app.screen.query_one("#download-path")
        assert path_input.value == str(tmp_path / "report.txt"), "the default is the blob's base name here"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, BlobViewerScreen))
        assert (tmp_path / "report.txt").read_bytes() == b"old"

        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, PathScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: any("Saved" in str(n.message) for n in app._notifications))
        assert (tmp_path / "report.txt").read_bytes() == DATA
        assert any(f"{len(DATA):,} bytes" in str(n.message) for n in app._notifications)
        assert stat.S_IMODE(os.stat(tmp_path / "report.txt").st_mode) == 0o600
