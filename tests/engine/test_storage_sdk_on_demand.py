"""The storage SDK (azure-storage-blob, with the cryptography and requests it imports: about 18 MB
resident) loads only for a profile with storage. A profile without it watches, submits and
cancels jobs without ever importing it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."

SCRIPT = """
import asyncio, json, os, sys
from deidtui.config import Profile
from deidtui.domain.models import JobSpec
from deidtui.engine import Engine

endpoint, cache, source = sys.argv[1:4]
storage = {"storage_connection_string": os.environ["CS"]} if os.environ.get("WITH_STORAGE") else {}

async def main():
    profile = Profile(name="t", endpoint=endpoint, credential="local", **storage)
    engine = Engine(profile, cache_path=cache)
    engine.preload()
    await engine.start()
    try:
        await engine.submit(JobSpec(source_location=source, source_prefix="in/", target_prefix="out/"), "lazy-1")
        for _ in range(200):
            if any(v.name == "lazy-1" for v in await engine.jobs()):
                break
            await asyncio.sleep(0.05)
        names = [v.name for v in await engine.jobs()]
        cancelled = [r.ok for r in await engine.cancel(["lazy-1"])]
        online = engine.online
    finally:
        await engine.stop()
    loaded = sorted({m for m in sys.modules if m.startswith(("azure.storage", "cryptography", "requests"))})
    print(json.dumps({"online": online, "jobs": names, "cancelled": cancelled, "loaded": loaded[:5]}))

asyncio.run(main())
"""


def run(emulator, azurite, container, tmp_path, with_storage: bool) -> dict:
    env = {**os.environ, "CS": azurite.connection_string}
    if with_storage:
        env["WITH_STORAGE"] = "1"
    cache = tmp_path / f"cache-{with_storage}.sqlite3"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, emulator.url, str(cache), container.url],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_an_engine_without_storage_submits_and_cancels_without_loading_the_storage_sdk(
    emulator, azurite, container, tmp_path
):
    container.put("in/a.txt", NOTE)
    outcome = run(emulator, azurite, container, tmp_path, with_storage=False)
    assert outcome["online"] is True, outcome
    assert "lazy-1" in outcome["jobs"] and outcome["cancelled"] == [True], outcome
    assert outcome["loaded"] == [], outcome


def test_an_engine_with_storage_loads_it(emulator, azurite, container, tmp_path):
    container.put("in/a.txt", NOTE)
    outcome = run(emulator, azurite, container, tmp_path, with_storage=True)
    assert outcome["online"] is True, outcome
    assert any(m.startswith("azure.storage.blob") for m in outcome["loaded"]), outcome


def imported_by(cli_env, *args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "deidtui", *args],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=os.path.dirname(cli_env["DEIDTUI_CACHE"]),
    )
    modules = {
        line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")
    }
    return result, modules


def test_cli_commands_that_never_touch_storage_never_load_its_sdk_with_storage_configured(cli_env, emulator, container):
    """The profile names a storage account (a connection string), yet `jobs list`, `jobs show` and
    `jobs documents` never import the storage SDK (0.2 s of each start); `blobs ls` does."""
    container.put("in/a.txt", NOTE)
    name = container.url.rsplit("/", 1)[1]
    for args in (("jobs", "list"), ("jobs", "list", "-o", "json")):
        result, modules = imported_by(cli_env, *args)
        assert result.returncode == 0, result.stderr[-2000:]
        assert not any(m.startswith("azure.storage") for m in modules), args
    result, modules = imported_by(cli_env, "blobs", "ls", name)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "azure.storage.blob" in modules
