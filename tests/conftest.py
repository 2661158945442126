"""Shared fixtures: a real Azurite per test session, and an emulator per test, both on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from azure.health.deidentification.aio import DeidentificationClient
from azure.storage.blob import BlobServiceClient, ContainerClient

from deidtui.emulator.config import FAST, EmulatorConfig
from deidtui.emulator.server import EmulatorThread
from deidtui.engine import Engine
from deidtui.local.azurite import Azurite

from .support import cache_connection_threads, deid_client, local_profile, still_open_since, stop_leftover_connections


@pytest.fixture(scope="session")
def azurite() -> Iterator[Azurite]:
    with Azurite() as instance:
        yield instance


@pytest.fixture(scope="session")
def blob_service(azurite: Azurite) -> Iterator[BlobServiceClient]:
    with BlobServiceClient.from_connection_string(azurite.connection_string) as service:
        yield service


@dataclass
class Container:
    """A fresh container for one test: its URL (as a job names it) and a sync client to seed it."""

    url: str
    client: ContainerClient

    def put(self, name: str, data: bytes | str) -> None:
        self.client.upload_blob(name, data.encode() if isinstance(data, str) else data, overwrite=True)

    def get(self, name: str) -> bytes:
        return self.client.download_blob(name).readall()

    def names(self, prefix: str | None = None) -> list[str]:
        return sorted(b.name for b in self.client.list_blobs(name_starts_with=prefix))


@pytest.fixture
def container(azurite: Azurite, blob_service: BlobServiceClient) -> Container:
    name = f"t{uuid.uuid4().hex[:20]}"
    client = blob_service.create_container(name)
    return Container(url=azurite.container_url(name), client=client)


@pytest.fixture
def emulator_factory(azurite: Azurite, tmp_path: Path) -> Iterator[Callable[..., EmulatorThread]]:
    """Start emulators with chosen settings (throttling off unless asked); all stop after the test.

    Jobs run at the FAST pacing unless a test asks for another (`pacing=REALISTIC` with small
    `queue`/`document` spans proves the service's own pace): the suite must stay quick."""
    started: list[EmulatorThread] = []

    def start(**settings: object) -> EmulatorThread:
        settings.setdefault("storage_connection_string", azurite.connection_string)
        settings.setdefault("state_dir", tmp_path / "emulator-state")
        settings.setdefault("throttle", False)
        settings.setdefault("pacing", FAST)
        thread = EmulatorThread(EmulatorConfig(**settings)).start()  # type: ignore[arg-type]
        started.append(thread)
        return thread

    yield start
    for thread in started:
        thread.stop()


@pytest.fixture
def emulator(emulator_factory: Callable[..., EmulatorThread]) -> EmulatorThread:
    return emulator_factory()


@pytest.fixture
async def client(emulator: EmulatorThread) -> AsyncIterator[DeidentificationClient]:
    async with deid_client(emulator.url) as sdk_client:
        yield sdk_client


@pytest.fixture
async def make_engine(azurite: Azurite, tmp_path: Path) -> AsyncIterator[Callable[..., Engine]]:
    """Engines on a fresh cache (or the one given), pointed at an emulator and Azurite; all stop after."""
    engines: list[Engine] = []

    def make(
        endpoint: str, *, cache_path: Path | None = None, read_only: bool = False, poll: bool = True, **settings: object
    ) -> Engine:
        profile = local_profile(endpoint, azurite.connection_string, read_only=read_only, **settings)
        path = cache_path or tmp_path / f"cache-{len(engines)}.sqlite3"
        engine = Engine(profile, cache_path=path, poll=poll, foreign_check=0.05)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        await engine.stop()


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)

    def lines(self):
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


@pytest.fixture
def cli_env(emulator, azurite, tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEIDTUI_") or k == "DEIDTUI_AZURITE_BIN"}
    env.update(
        {
            "DEIDTUI_ENDPOINT": emulator.url,
            "DEIDTUI_STORAGE_CONNECTION_STRING": azurite.connection_string,
            "DEIDTUI_CREDENTIAL": "local",
            "DEIDTUI_CACHE": str(tmp_path / "cli-cache.sqlite3"),
            "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
            "NO_COLOR": "1",
        }
    )
    return env


@pytest.fixture
def deidtui(cli_env):
    def run(*args: str, env: dict | None = None, stdin: str | None = None, timeout: float = 60) -> Result:
        process = subprocess.run(
            [sys.executable, "-m", "deidtui", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**cli_env, **(env or {})},
            input=stdin,
            cwd=Path(cli_env["DEIDTUI_CACHE"]).parent,
        )
        return Result(process.returncode, process.stdout, process.stderr)

    return run


def pytest_configure(config: pytest.Config) -> None:
    """Install Azurite once, before any worker starts, so parallel workers never race npm."""
    if hasattr(config, "workerinput"):
        return
    from deidtui.local.azurite import find_azurite_blob

    find_azurite_blob(install=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    stop_leftover_connections()


@pytest.fixture(autouse=True)
def no_cache_connection_left_open(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that leaves a cache connection open fails, named (the connection's thread would
    outlive it, and the run would wait on it at exit); one that closes them costs nothing."""
    before = set(cache_connection_threads())
    yield
    leaked = still_open_since(before)
    if leaked:
        pytest.fail(f"{request.node.nodeid} left {len(leaked)} cache connection(s) open", pytrace=False)
