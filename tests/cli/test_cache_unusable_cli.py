"""The CLI without a usable cache file works from the service and says so once; only a command
that reads nothing but the cache fails, with exit 3 (an environment problem). A damaged cache
moved aside is said on stderr, as the dashboard says it."""

from __future__ import annotations

import asyncio

import pytest

from ..cache_paths import dangling_link, folder_at_the_path
from ..support import deid_client, foreign_spec

CASES = {"a folder at the path": folder_at_the_path, "a dangling link": dangling_link}


def create_job(emulator_url: str, name: str) -> None:
    async def create() -> None:
        async with deid_client(emulator_url) as client:
            await client.begin_deidentify_documents(name, foreign_spec(0), polling=False)

    asyncio.run(create())


@pytest.mark.parametrize("make_path", list(CASES.values()), ids=list(CASES))
def test_commands_work_from_the_service_and_say_once_that_the_cache_is_not_used(deidtui, emulator, tmp_path, make_path):
    path = make_path(tmp_path)
    create_job(emulator.url, "from-service")
    env = {"DEIDTUI_CACHE": str(path)}
    listed = deidtui("jobs", "list", "-o", "json", env=env)
    assert listed.code == 0, listed.err
    assert [job["name"] for job in listed.json()] == ["from-service"]
    assert listed.err.count("working from the service with a cache in memory") == 1
    assert str(path) in listed.err and "unexpected" not in listed.err
    shown = deidtui("jobs", "show", "from-service", "-o", "json", env=env)
    assert shown.code == 0 and shown.json()["name"] == "from-service"
    cached = deidtui("jobs", "list", "--cached", env=env)
    assert cached.code == 3
    assert cached.err.startswith("deidtui: Local cache problem: Cannot ")
    assert "a folder is there, not a file" in cached.err or "which does not exist" in cached.err
    assert "working from the service" not in cached.err


def test_a_cache_whose_jobs_cannot_be_read_says_their_history_is_not_shown(deidtui, cli_env, emulator):
    import sqlite3

    create_job(emulator.url, "from-service")
    assert deidtui("jobs", "list").code == 0  # the cache file now holds the job
    with sqlite3.connect(cli_env["DEIDTUI_CACHE"]) as db:
        db.execute("PRAGMA user_version = 999")  # as a newer deidtui would leave it
    listed = deidtui("jobs", "list", "-o", "json")
    assert listed.code == 0, listed.err
    assert [job["name"] for job in listed.json()] == ["from-service"]
    assert "written by a newer deidtui" in listed.err
    assert "the jobs it holds could not be read either; their history is not shown" in listed.err


def test_a_damaged_cache_moved_aside_is_said_on_stderr(deidtui, cli_env, emulator):
    create_job(emulator.url, "after-damage")
    cache = tmp = cli_env["DEIDTUI_CACHE"]
    with open(tmp, "wb") as damaged:
        damaged.write(b"this is not a database" * 500)
    listed = deidtui("jobs", "list", "-o", "json")
    assert listed.code == 0, listed.err
    assert [job["name"] for job in listed.json()] == ["after-damage"]
    assert f"deidtui: the local cache was damaged; it was moved to {cache}.corrupt-" in listed.err
