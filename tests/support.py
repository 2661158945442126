"""Helpers shared by tests: the SDK client as deidtui builds it, bounded waiting (`wait_for`, and
`until` for a running Textual app), the composed screen as text, and the inertness check."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

from azure.health.deidentification.aio import DeidentificationClient
from rich.segment import Segment
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from deidtui.azure.loopback import local_deid_client
from deidtui.domain.sanitize import is_clean


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


def seed_unfixable_failures(container, source: str = "emergency/", target: str = "deid/emergency/") -> None:
    """The inputs of issue 12's `emergency-redact`: run without overwrite, one document succeeds, one
    is over the service's size limit, one is not UTF-8, and two find their output in the way (a
    test clears `<target>cleared.txt` to make one of those fixable by a retry)."""
    from deidtui.domain.validation import MAX_DOCUMENT_BYTES

    note = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."
    for name in ("ok", "exists", "cleared"):
        container.put(f"{source}{name}.txt", note)
    container.put(f"{source}huge.txt", "x" * (MAX_DOCUMENT_BYTES + 1))
    container.put(f"{source}latin1.txt", "Patient Zoë".encode("latin-1"))
    container.put(f"{target}exists.txt", "an earlier output")
    container.put(f"{target}cleared.txt", "an earlier output")


def local_profile(
    endpoint: str,
    connection_string: str,
    *,
    name: str = "test",
    read_only: bool = False,
    api_version: str | None = None,
    **poll: object,
):
    """A profile for the emulator and Azurite, polling fast so tests finish quickly."""
    from deidtui.config import DEFAULT_API_VERSION, PollSettings, Profile

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
        api_version=api_version or DEFAULT_API_VERSION,
        poll=PollSettings(**settings),
    )


def foreign_spec(index: int) -> dict:
    """A job body the emulator fails at once (storage of another account): cheap bulk jobs for sweeps."""
    return job_body(f"https://elsewhere{index % 7}.blob.core.windows.net/notes", "in/", "out/")


# ESC and the one-byte C1 introducers (CSI, OSC, DCS, ST), and BEL which ends an OSC.
TERMINAL_CONTROLS = {"\x1b", "\x9b", "\x9d", "\x90", "\x9c", "\x07"}
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


async def until(pilot: Pilot, predicate: Callable[[], object], timeout: float = 60.0) -> object:
    """Let the app run until `predicate()` is truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await pilot.pause(0.02)


def screen_segments(app: App) -> list[Segment]:
    """Every segment of the composed screen, as it would be written to the terminal."""
    return [segment for strip in app.screen._compositor.render_strips() for segment in strip]


def screen_lines(app: App) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: App) -> str:
    return "\n".join(screen_lines(app))


def assert_inert(segments: list[Segment]) -> None:
    """No segment carries a character a terminal would act on, or that reorders what the operator reads."""
    for segment in segments:
        text = segment.text
        assert segment.control is None, segment
        assert is_clean(text), f"unsafe character in {text!r}"
        assert not TERMINAL_CONTROLS & set(text), text
        assert not BIDI & set(text), text


class ScreenApp(App[None]):
    """Pushes one screen at start-up, so tests drive the real entry points, and keeps what it was
    dismissed with."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.first = screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.first, self.results.append)


def cache_connection_threads() -> list[threading.Thread]:
    """The worker threads of the aiosqlite connections open now (one per connection)."""
    return [t for t in threading.enumerate() if t.name.endswith("(_connection_worker_thread)") and t.is_alive()]


def still_open_since(before: set[threading.Thread], grace: float = 2.0) -> list[threading.Thread]:
    """The connection threads started since `before` that are still running after `grace` s (a
    connection closed at the very end of a test may take a moment to stop its thread)."""
    started = [thread for thread in cache_connection_threads() if thread not in before]
    for thread in started:
        thread.join(timeout=grace)
    return [thread for thread in started if thread.is_alive()]


def stop_leftover_connections() -> int:
    """Stop the cache connections a test left open; returns how many were found. aiosqlite's
    worker thread is not a daemon: a test that fails while its connection is held in a cycle (an
    app's, a traceback's) would hang the run at exit, after its report, until CI's time limit,
    instead of ending with the failure (conftest calls this as the run ends)."""
    import gc

    import aiosqlite

    leftovers = [obj for obj in gc.get_objects() if isinstance(obj, aiosqlite.Connection)]
    for leftover in leftovers:
        leftover.stop()
    return len(leftovers)
