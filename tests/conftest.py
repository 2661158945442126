"""Shared fixtures: a real Azurite per test session, and an emulator per test, both on loopback."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from azure.health.deidentification.aio import DeidentificationClient
from azure.storage.blob import BlobServiceClient, ContainerClient

from deidtui.emulator.config import FAST, EmulatorConfig
from deidtui.emulator.server import EmulatorThread
from deidtui.local.azurite import Azurite

from .support import deid_client


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


def pytest_configure(config: pytest.Config) -> None:
    """Install Azurite once, before any worker starts, so parallel workers never race npm."""
    if hasattr(config, "workerinput"):
        return
    from deidtui.local.azurite import find_azurite_blob

    find_azurite_blob(install=True)
