"""Blob viewer: opening a 200 MB blob must cost about as much as fetching one 1 MiB range.

Figures, each beside its baseline:
- the UI's own cost with no I/O at 160x48 and 80x24 (opening the viewer on bytes already in memory,
  to the first frame showing its rows), against a bare Textual app drawing the same text with one
  Static (goal: under 20 ms);
- time to first screen (the operator asks to view it -> the first frame showing its rows) for a
  200 MB blob, against fetching a single 1 MiB range from the same source (goal: within 1.5x).
  Timed as the dashboard opens a blob: the viewer screen is pushed with an opener and opens the
  blob while it builds itself (one ranged GET that brings the size and the first 256 KiB);
- the same for jumping to the end of the blob (for reference: the goal is set on the first screen);
- memory growth while opening it: tracemalloc peak and RSS delta (goal: under 50 MB).

Sources: a MemorySource behind a simulated link (20 ms per request + 100 MB/s), and a real
blob in Azurite through BlobRangeSource when Azurite is available (set DEIDTUI_AZURITE_BIN to
reuse an installed `azurite-blob`; `--no-azurite` skips it).

Run: python bench/blob_viewer.py [--runs 5] [--no-azurite] [--ui-only]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from deidtui.tui.blobview import BlobViewerScreen, MemorySource
from deidtui.tui.blobview.chunks import CHUNK_SIZE
from deidtui.tui.blobview.lines import BlobLines
from deidtui.tui.blobview.screens import warm_up_styles
from deidtui.tui.blobview.source import ByteSource

MB = 1024 * 1024
BLOB_SIZE = 200 * MB
BASELINE_RANGE = 1 * MB
RATIO_GOAL = 1.5
MEMORY_GOAL = 50 * MB
UI_COST_GOAL = 0.020  # the viewer's own cost to its first full screen at 160x48, no I/O


class SimulatedLink:
    """A source behind a link with a fixed per-request latency and a bandwidth."""

    def __init__(self, inner: ByteSource, *, latency: float = 0.020, bandwidth: float = 100e6) -> None:
        self.inner, self.latency, self.bandwidth = inner, latency, bandwidth
        self.name, self.size = inner.name, inner.size
        self.reads = 0
        self.bytes_read = 0
        self.head = b""

    @classmethod
    async def opened(cls, inner: ByteSource, *, head: int) -> SimulatedLink:
        """Opened as the dashboard opens a blob: one request that brings its size and first bytes."""
        link = cls(inner)
        link.head = await link.read(0, head)
        return link

    async def read(self, offset: int, length: int) -> bytes:
        if offset + length <= len(self.head):
            return self.head[offset : offset + length]
        self.reads += 1
        data = await self.inner.read(offset, length)
        self.bytes_read += len(data)
        await asyncio.sleep(self.latency + len(data) / self.bandwidth)
        return data


def make_blob() -> bytes:
    """200 MB of clinical-looking lines (about 3 million of them)."""
    line = b"2024-03-04 10:15:02 note 000000 Patient seen, vitals stable, plan unchanged.\n"
    body = line * (BLOB_SIZE // len(line))
    return body + b"end of the blob\n"


class BenchApp(App[None]):
    """An empty app the viewer screen is pushed onto, as the dashboard does; like the dashboard
    (two seconds after its first frame), it has parsed the viewer's styles before the first open."""

    def on_mount(self) -> None:
        warm_up_styles(self)
        self.awaited: Callable[[], bool] | None = None
        self.shown_at: float | None = None

    def _display(self, screen: Screen, renderable) -> None:
        """Each frame handed to the driver (headless: all but the terminal write) is checked
        against what a measurement waits for; the first frame that shows it is timed."""
        super()._display(screen, renderable)
        if renderable is not None and self.awaited is not None and self.shown_at is None and self.awaited():
            self.shown_at = time.perf_counter()


async def shown(app: BenchApp, predicate: Callable[[], bool]) -> float:
    """Wait for the first frame drawn while `predicate` holds; return when it was drawn."""
    app.shown_at, app.awaited = None, predicate
    try:
        await _wait(lambda: app.shown_at is not None)
    finally:
        app.awaited = None
    assert app.shown_at is not None
    return app.shown_at


class OneLineScreen(Screen[None]):
    """The least a screen can be: Textual's own cost of pushing a screen and drawing it."""

    def compose(self) -> ComposeResult:
        yield Static("x" * 100)


async def screen_floor(runs: int) -> float:
    """Median time from pushing a one-line screen to its first frame."""
    app, times = BenchApp(), []
    async with app.run_test(size=(120, 40), headless=True) as pilot:
        for _ in range(max(runs, 5)):
            await pilot.pause()
            screen = OneLineScreen()
            started = time.perf_counter()
            app.call_next(app.push_screen, screen)
            times.append(await shown(app, lambda s=screen: app.screen is s and s.is_mounted) - started)
            app.call_next(app.pop_screen)
            await _wait(lambda s=screen: app.screen is not s)
    return statistics.median(times)


class FullTextScreen(Screen[None]):
    """What a reasonable alternative pays for the same first screen: one Static holding the text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(self.text, markup=False)


async def full_screen_baseline(runs: int, text: str, size: tuple[int, int]) -> list[float]:
    """Times from pushing a screen with one Static of `text` (a full screen of the blob's lines,
    already decoded) to its first frame, in a fresh app each run as the viewer's cold figure."""
    times = []
    for _ in range(runs):
        app = BenchApp()
        async with app.run_test(size=size, headless=True) as pilot:
            await pilot.pause()
            screen = FullTextScreen(text)
            started = time.perf_counter()
            app.call_next(app.push_screen, screen)
            times.append(await shown(app, lambda a=app, s=screen: a.screen is s and s.is_mounted) - started)
    return times


def spread(values: list[float]) -> str:
    """Median and range in ms, for figures quoted from one run."""
    ms = sorted(v * 1000 for v in values)
    return f"{statistics.median(ms):6.1f} ms ({ms[0]:.1f}-{ms[-1]:.1f})"


async def ui_cost(data: bytes, runs: int, size: tuple[int, int]) -> None:
    """The viewer's own cost with no I/O at `size` (opening it on bytes already in memory, to the
    first frame showing its rows) beside a bare Textual app drawing the same text (goal < 20 ms)."""
    width, height = size
    text = "\n".join(line.decode() for line in data[: 64 * 1024].splitlines()[:height])

    async def in_memory() -> ByteSource:
        return MemorySource("big/notes.log", data)

    bare = await full_screen_baseline(runs, text, size)
    viewer = await measure(f"no I/O, {width}x{height} (the UI's own)", in_memory, runs, io=False, size=size)
    cost = statistics.median(viewer)
    print(
        f"{f'UI cost at {width}x{height}, cold':<34} viewer {spread(viewer)}   one Static of the same text"
        f" {spread(bare)}   ratio {cost / statistics.median(bare):4.2f}"
        f"   (goal < {UI_COST_GOAL * 1000:.0f} ms)  " + ("ok" if cost < UI_COST_GOAL else "OVER GOAL")
    )


def rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


async def _wait(predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the viewer did not show its first screen")
        await asyncio.sleep(0.0005)


def _ready(app: App) -> bool:
    screen = app.screen
    if not isinstance(screen, BlobViewerScreen):
        return False
    found = screen.query(BlobLines)
    return bool(found) and bool(found.first().rows) and not found.first().waiting


async def open_in(
    app: BenchApp, pilot, factory: Callable[[], Awaitable[ByteSource]], *, end: bool = False, trace: bool = False
) -> tuple[dict[str, float], ByteSource]:
    """Open a blob in the viewer as the dashboard does (the screen opens it while it builds itself),
    time it to the first frame showing its rows (and `end`), then close it."""
    await pilot.pause()
    gc.collect()
    rss_before = rss()
    if trace:
        tracemalloc.start()
    viewer = BlobViewerScreen(title="big/notes.log", opener=factory)  # as the dashboard opens a blob
    started = time.perf_counter()
    app.call_next(app.push_screen, viewer)  # in the app's context
    figures = {"first_screen": await shown(app, lambda: _ready(app)) - started}  # the frame showing the first rows
    source = viewer.viewer.source
    assert source is not None
    if trace:
        figures["traced_peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    figures["rss_delta"] = rss() - rss_before
    if end:
        await pilot.pause(0.2)  # an operator presses End after seeing the first screen, not 1 ms later
        lines = app.screen.viewer.lines
        started = time.perf_counter()
        app.call_next(lines.action_end)
        figures["end"] = await shown(app, lambda: _ready(app) and lines.model.at_end) - started
    screen = app.screen
    app.call_next(app.pop_screen)
    await _wait(lambda: app.screen is not screen)
    return figures, source


async def baseline(source: ByteSource) -> float:
    started = time.perf_counter()
    await source.read(0, BASELINE_RANGE)
    return time.perf_counter() - started


async def measure(
    label: str,
    factory: Callable[[], Awaitable[ByteSource]],
    runs: int,
    *,
    io: bool = True,
    size: tuple[int, int] = (120, 40),
) -> list[float]:
    """Cold: the first viewer opened in a fresh app (widgets built for the first time).
    Warm: a later open in the same app, as when an operator opens one blob after another."""
    cold, warm, last, bases, reads = [], [], [], [], []
    first_reads = (0, 0)
    for _ in range(runs):
        bases.append(await baseline(await factory()))
        app = BenchApp()
        async with app.run_test(size=size, headless=True) as pilot:
            figures, source = await open_in(app, pilot, factory)
            cold.append(figures["first_screen"])
            first_reads = (getattr(source, "reads", 0), getattr(source, "bytes_read", 0))
            figures, source = await open_in(app, pilot, factory, end=True)
            warm.append(figures["first_screen"])
            last.append(figures["end"])
            reads.append(getattr(source, "reads", 0))
    base = statistics.median(bases)
    if not io:  # no baseline to compare with (a copy in memory), only the time itself
        for name, values in (("first screen, cold", cold), ("first screen, warm", warm), ("jump to end", last)):
            print(f"{label:<34} {name:<19} {statistics.median(values) * 1000:7.1f} ms")
        return cold
    for name, values in (("first screen, cold", cold), ("first screen, warm", warm), ("jump to end", last)):
        value = statistics.median(values)
        ratio = value / base
        if name == "jump to end":  # the issue sets its goal on the first screen; this one is for reference
            verdict = "(reference, no goal)"
        else:
            verdict = f"(goal <= {RATIO_GOAL})  " + ("ok" if ratio <= RATIO_GOAL else "OVER GOAL")
        print(
            f"{label:<34} {name:<19} {value * 1000:7.1f} ms   1 MiB range {base * 1000:6.1f} ms"
            f"   ratio {ratio:4.2f} {verdict}"
        )
    if any(reads):
        print(
            f"{'':<34} first screen read {first_reads[0]} request(s), {first_reads[1] / 1024:.0f} KiB;"
            f" first screen + end: {statistics.median(reads):.0f} requests"
        )
    return cold


async def memory(factory: Callable[[], Awaitable[ByteSource]]) -> None:
    app = BenchApp()
    async with app.run_test(size=(120, 40), headless=True) as pilot:
        await open_in(app, pilot, factory)  # styles and classes loaded once, as in a session
        figures, _ = await open_in(app, pilot, factory, trace=True)
    peak, delta = figures["traced_peak"], figures["rss_delta"]
    verdict = "ok" if max(peak, delta) < MEMORY_GOAL else "OVER GOAL"
    print(
        f"{'memory while opening 200 MB':<34} tracemalloc peak {peak / MB:5.1f} MB, RSS delta {delta / MB:5.1f} MB"
        f"   (goal < {MEMORY_GOAL // MB} MB)  {verdict}"
    )


async def azurite_figures(data: bytes, runs: int) -> None:
    try:
        from azure.storage.blob import BlobServiceClient
        from azure.storage.blob.aio import BlobClient

        from deidtui.azure.blob_source import BlobRangeSource
        from deidtui.local.azurite import Azurite
    except ImportError as error:  # pragma: no cover - depends on the environment
        print(f"azurite: skipped ({error})")
        return
    try:
        azurite = Azurite().start()
    except Exception as error:
        print(f"azurite: skipped, could not start it ({error})")
        return
    try:
        with BlobServiceClient.from_connection_string(azurite.connection_string) as service:
            service.create_container("bench").upload_blob("big/notes.log", data, overwrite=True, max_concurrency=4)
        # One client for every open, its connection already made: the dashboard's storage client
        # lives as long as the app (and has listed the containers pane before a blob is opened).
        async with BlobClient.from_connection_string(azurite.connection_string, "bench", "big/notes.log") as client:
            await client.get_blob_properties()

            async def factory() -> ByteSource:
                return await BlobRangeSource.open(client, head=CHUNK_SIZE)  # as the dashboard opens a blob

            await measure("azurite (loopback, real SDK)", factory, runs)
    finally:
        azurite.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-azurite", action="store_true")
    parser.add_argument("--ui-only", action="store_true", help="only the UI's own cost at 160x48 and 80x24")
    args = parser.parse_args()
    data = make_blob()
    lines = data.count(b"\n")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"blob: {len(data) / MB:.0f} MB, {lines:,} lines; medians of {args.runs} runs; "
        f"load average {load} on {os.cpu_count()} CPUs (other work on the machine skews timings)\n"
    )

    async def simulated() -> ByteSource:
        return await SimulatedLink.opened(MemorySource("big/notes.log", data), head=CHUNK_SIZE)

    # The UI's own cost at the sizes an operator uses, beside a bare app drawing the same text.
    for size in ((160, 48), (80, 24)):
        await ui_cost(data, args.runs, size)
    if args.ui_only:
        return
    # Textual's own floor: no screen, however small, appears sooner than this after being pushed.
    floor = await screen_floor(args.runs)
    print(
        f"{'Textual floor: push a 1-line screen':<34} {'to its first frame':<19} {floor * 1000:7.1f} ms"
        f"   (a ratio goal below this over a baseline cannot be met by any screen)"
    )
    await measure("simulated link (20 ms + 100 MB/s)", simulated, args.runs)
    await memory(simulated)
    if not args.no_azurite:
        await azurite_figures(data, args.runs)


if __name__ == "__main__":
    asyncio.run(main())
