"""Helpers shared by tests: the SDK client as deidtui builds it, and bounded waiting."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from azure.health.deidentification.aio import DeidentificationClient

from deidtui.azure.loopback import local_deid_client


def deid_client(endpoint: str, **kwargs: object) -> DeidentificationClient:
    """The official async client as deidtui builds it for a loopback endpoint."""
    return local_deid_client(endpoint, **kwargs)


async def wait_for(predicate: Callable[[], object], timeout: float = 20.0, interval: float = 0.05) -> object:
    """Poll an (optionally async) predicate until it returns something truthy; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(interval)


def wait_until(predicate: Callable[[], object], timeout: float = 20.0, interval: float = 0.05) -> object:
    """The sync twin of `wait_for`, for tests driving a sync client."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)


def job_body(
    source_url: str,
    prefix: str,
    target_prefix: str,
    *,
    operation: str = "Surrogate",
    target_url: str | None = None,
    overwrite: bool = False,
    extensions: list[str] | None = None,
    redaction_format: str | None = None,
    locale: str | None = None,
) -> dict:
    """A `PUT /jobs/{name}` body, as the SDK would serialise a DeidentificationJob."""
    body: dict = {
        "operation": operation,
        "sourceLocation": {"location": source_url, "prefix": prefix},
        "targetLocation": {"location": target_url or source_url, "prefix": target_prefix, "overwrite": overwrite},
    }
    if extensions is not None:
        body["sourceLocation"]["extensions"] = extensions
    customizations = {}
    if redaction_format is not None:
        customizations["redactionFormat"] = redaction_format
    if locale is not None:
        customizations["surrogateLocale"] = locale
    if customizations:
        body["customizations"] = customizations
    return body


async def run_job(client: DeidentificationClient, name: str, body: dict):
    """Create a job and wait for it with the SDK's own poller; returns the final job (any status)."""
    poller = await client.begin_deidentify_documents(name, body, polling_interval=0.05)
    try:
        return await poller.result()
    except Exception:  # the poller raises on Failed/Canceled; the job itself tells the story
        return await client.get_job(name)


def local_profile(
    endpoint: str, connection_string: str, *, name: str = "test", read_only: bool = False, **poll: object
):
    """A profile for the emulator and Azurite, polling fast so tests finish quickly."""
    from deidtui.config import PollSettings, Profile

    settings = {
        "active_interval": 0.2,
        "sweep_interval": 1.0,
        "budget_requests": 80,
        "budget_window": 5.0,
        "page_size": 1000,
        **poll,
    }
    return Profile(
        name=name,
        endpoint=endpoint,
        storage_connection_string=connection_string,
        credential="local",
        read_only=read_only,
        poll=PollSettings(**settings),
    )


def foreign_spec(index: int) -> dict:
    """A job body the emulator fails at once (storage of another account): cheap bulk jobs for sweeps."""
    return job_body(f"https://elsewhere{index % 7}.blob.core.windows.net/notes", "in/", "out/")
