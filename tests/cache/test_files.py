"""Where the cache lives and who may read it."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from deidtui.cache import JobCache, default_cache_path

from .factories import job


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """A umask that would leave files world-readable, so the tests below can fail."""
    old = os.umask(0o022)
    yield
    os.umask(old)


async def test_cache_file_is_0600_in_a_new_0700_directory(tmp_path: Path, permissive_umask: None) -> None:
    path = tmp_path / "new" / "nested" / "cache.sqlite3"
    async with await JobCache.open(path):
        pass
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert mode(path.parent.parent) == 0o700  # created on the way, not left 0755


async def test_wal_and_shm_files_are_not_readable_by_others(tmp_path: Path, permissive_umask: None) -> None:
    path = tmp_path / "state" / "cache.sqlite3"
    async with await JobCache.open(path) as cache:
        await cache.upsert_jobs("p", [job()])
        sides = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
        assert all(side.exists() for side in sides)  # inspected while the connection is open
        assert [mode(side) for side in sides] == [0o600, 0o600]


async def test_an_existing_world_readable_cache_file_is_tightened(tmp_path: Path, permissive_umask: None) -> None:
    path = tmp_path / "cache.sqlite3"
    path.touch(mode=0o644)
    os.chmod(path, 0o644)
    async with await JobCache.open(path):
        pass
    assert mode(path) == 0o600


async def test_an_existing_directory_chosen_by_the_user_is_left_alone(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    async with await JobCache.open(tmp_path / "cache.sqlite3"):
        pass
    assert mode(tmp_path) == 0o755


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_STATE_HOME drives platformdirs on Linux only")
def test_default_path_is_in_the_platformdirs_state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEIDTUI_CACHE", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    assert default_cache_path() == tmp_path / "xdg-state" / "deidtui" / "cache.sqlite3"


async def test_env_variable_overrides_the_default_and_an_explicit_path_overrides_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEIDTUI_CACHE", str(tmp_path / "from-env.sqlite3"))
    async with await JobCache.open() as cache:
        assert cache.path == tmp_path / "from-env.sqlite3"
    async with await JobCache.open(tmp_path / "explicit.sqlite3") as cache:
        assert cache.path == tmp_path / "explicit.sqlite3"
    assert (tmp_path / "from-env.sqlite3").exists() and (tmp_path / "explicit.sqlite3").exists()


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_STATE_HOME drives platformdirs on Linux only")
async def test_deidtuis_own_state_directory_is_tightened_to_0700(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DEIDTUI_CACHE", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    state_dir = tmp_path / "xdg-state" / "deidtui"
    state_dir.mkdir(parents=True)
    os.chmod(state_dir, 0o755)  # as another tool, or an older deidtui, may have left it
    async with await JobCache.open() as cache:
        assert cache.path == state_dir / "cache.sqlite3"
    assert mode(state_dir) == 0o700


@pytest.mark.parametrize("how", ["argument", "environment"])
async def test_the_path_memory_opens_a_cache_in_memory_and_writes_no_file(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's own name for an in-memory database, given as the path or as $DEIDTUI_CACHE, opens
    the cache in memory instead of creating a file called ":memory:" in the working directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DEIDTUI_CACHE", ":memory:" if how == "environment" else str(tmp_path / "unused.sqlite3"))
    async with await JobCache.open(":memory:" if how == "argument" else None) as cache:
        assert cache.in_memory
        await cache.upsert_jobs("default", [job("kept-while-open")])
        assert [j.name for j in await cache.jobs("default")] == ["kept-while-open"]
    assert list(tmp_path.iterdir()) == []
