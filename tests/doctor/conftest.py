"""Doctor against the emulator and Azurite, with the storage stand-in in front when a test needs
storage to refuse: each test makes one check fail for its own reason."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from deidtui.config import Profile
from deidtui.engine.doctor import Report, Status, diagnose
from deidtui.engine.doctor.network import PROXY_VARIABLES
from deidtui.local.storage_gate import StorageGate


@pytest.fixture(autouse=True)
def _no_proxy_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy set on the machine running the tests must not decide what the checks see."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def profile_for(endpoint: str, connection_string: str, **changes: object) -> Profile:
    settings: dict[str, object] = {
        "name": "doc",
        "endpoint": endpoint,
        "credential": "local",
        "storage_connection_string": connection_string,
        **changes,
    }
    return Profile(**settings)  # type: ignore[arg-type]


async def doctor(profile: Profile, **options: object) -> Report:
    options.setdefault("timeout", 10.0)
    return await diagnose(profile, **options)  # type: ignore[arg-type]


def statuses(report: Report) -> dict[str, Status]:
    return {check.id: check.status for check in report.checks}


def only_failures(report: Report) -> set[str]:
    return {c.id for c in report.checks if c.status is Status.FAILED}


@pytest.fixture
def gate(azurite) -> Iterator[Callable[..., StorageGate]]:
    """Start storage stand-ins in front of Azurite; all stop after the test."""
    started: list[StorageGate] = []

    def start(**policies: str) -> StorageGate:
        gated = StorageGate(azurite.url, **policies).start()  # type: ignore[arg-type]
        started.append(gated)
        return gated

    yield start
    for gated in started:
        gated.stop()
