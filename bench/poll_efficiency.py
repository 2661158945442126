"""Requests and wall time of one full refresh of N jobs: deidtui's engine vs naive polling.

For N = 1,000, 10,000 and 50,000 jobs (2% of them running, either the newest ones, the sweep's
best case, or spread through the whole history), in one run against the emulator:
- measured: the engine's full sweep (`list_jobs` pages of 1,000), cold (into an empty cache, the
  first start) and warm, its refresh of the running jobs, and one pass of its documents loop
  (live progress of running jobs), through the request budget, with the emulator's 100-per-5-s
  throttle on; once with the service sending a running job's summary (as the recorded service
  does) and once without (as the published specification describes): with a summary, progress
  comes with the jobs and no document listing is needed;
The emulator runs as its own process (`deidtui emulator`), as the service would, so the client's
work and the server's do not share one interpreter.
- baseline 1, naive: one `get_job` per job (16 at a time, throttle off, or it could not finish;
  with the throttle on it cannot take less than N / 20 seconds, printed too);
- baseline 2, the paging limit: pages x the measured round trip of one page, sequentially, read as
  any client must (the JSON parsed), not through the SDK's pager (which also builds a model of each
  job, about as long again: a limit measured with it flattered the sweep, which no longer pays it).
- the same sweeps through the very pages that listing returned, served from memory after a fixed
  30 ms each (`RemoteListing`): a service elsewhere, whose work takes none of this machine's CPU,
  against pages x 30 ms. Here the emulator shares two cores with the client (storing a page while
  the emulator builds the next), and its own page time wanders from 28 to 50 ms between runs: the
  sweep's own cost shows in this figure, the machine's in the one above.
Goals: at least 50x fewer requests than naive at 10,000 jobs, within 1.2x of the paging limit,
and never above the throttle (no 429; the busiest 5 s window printed). First, the documents loop's
own work per pass at 50,000 jobs (a quarter running) vs the list-based check it replaced, and the
poller's own memory there.

Run: python bench/poll_efficiency.py [--sizes 1000,10000,50000] [--sweeps-only REPEAT]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from azure.core.rest import HttpRequest
from azure.storage.blob.aio import BlobServiceClient

from deidtui.azure.loopback import local_deid_client as deid_client
from deidtui.cache import JobCache
from deidtui.config import PollSettings, Profile
from deidtui.domain.api_versions import GA
from deidtui.domain.models import JobSpec
from deidtui.engine import Engine
from deidtui.engine.budget import RequestBudget
from deidtui.engine.events import EventBus
from deidtui.engine.poller import Poller
from deidtui.local.azurite import Azurite

WINDOW = 5.2  # the service's throttle window (5 s) and a margin
REMOTE_TRIP = 0.030  # a page's round trip from a service elsewhere: about what one page takes here (28-50 ms)


def foreign_spec(index: int) -> dict:
    """A job the emulator fails at once (another account's storage): a cheap finished job."""
    return JobSpec(
        source_location=f"https://elsewhere{index % 7}.blob.core.windows.net/notes",
        source_prefix="in/",
        target_prefix="out/",
    ).to_rest()


def job_body(container_url: str, prefix: str, target: str) -> dict:
    return JobSpec(source_location=container_url, source_prefix=prefix, target_prefix=target).to_rest()


class EmulatorProcess:
    """`deidtui emulator` in its own process; `url` once it has printed its one line."""

    def __init__(self, connection_string: str, state_dir: Path, *extra: str) -> None:
        env = {**os.environ, "AZURE_STORAGE_CONNECTION_STRING": connection_string}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "deidtui", "emulator", "--state-dir", str(state_dir), *extra],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        line = self.process.stdout.readline()
        match = re.search(r"listening on (\S+)", line)
        if not match:
            self.process.kill()
            raise RuntimeError(f"the emulator did not start: {line!r}")
        self.url = match.group(1)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


async def populate(emulator: EmulatorProcess, container_url: str, total: int, running: int, spread: bool) -> None:
    """`total` jobs of which `running` stay running: created last (the newest end of the listing, the
    sweep's best case) or, `spread`, one every total/running jobs through the whole history."""
    async with deid_client(emulator.url) as client:
        slots = asyncio.Semaphore(32)

        async def put(name: str, body: dict) -> None:
            async with slots:
                await client.begin_deidentify_documents(name, body, polling=False)

        def live(i: int) -> Coroutine[Any, Any, None]:
            return put(f"live-{total}-{i:05}", job_body(container_url, "in/", f"out/{total}/{i}/"))

        if not spread:
            await asyncio.gather(*(put(f"done-{total}-{i:05}", foreign_spec(i)) for i in range(total - running)))
            await asyncio.gather(*(live(i) for i in range(running)))
            return
        every = total // running
        for start in range(0, total, 1000):  # in creation order, a chunk at a time
            await asyncio.gather(
                *(
                    live(i) if i % every == every // 2 else put(f"done-{total}-{i:05}", foreign_spec(i))
                    for i in range(start, min(start + 1000, total))
                )
            )


def busiest_window(stamps: list[float], window: float = 5.0) -> int:
    stamps.sort()
    best, start = 0, 0
    for end in range(len(stamps)):
        while stamps[end] - stamps[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


async def measure(emulator: EmulatorProcess, connection_string: str, total: int, cache: Path) -> dict:
    """One refresh as the dashboard does it: sweep, unfinished jobs, then a documents pass."""
    profile = Profile(
        name=f"bench{total}",
        endpoint=emulator.url,
        storage_connection_string=connection_string,
        credential="local",
        poll=PollSettings(page_size=1000),
    )
    result: dict = {}
    async with Engine(profile, cache_path=cache, poll=False) as engine:
        started = time.perf_counter()
        await engine.sync_jobs()  # cold: fills the empty cache, as the first start does
        result["cold_seconds"] = time.perf_counter() - started
        await asyncio.sleep(WINDOW)  # each sweep starts on an empty 5-s window, as sweeps a poll interval apart do
        before = len(engine.activity.recent(10**6))
        started = time.perf_counter()
        sweep_requests = await engine.sync_jobs()
        result["sweep_seconds"] = time.perf_counter() - started
        result["sweep_requests"] = sweep_requests
        started = time.perf_counter()
        await engine.sync_unfinished()
        result["active_seconds"] = time.perf_counter() - started
        after_active = len(engine.activity.recent(10**6))
        await engine._poller.refresh_running_documents()
        entries = engine.activity.recent(10**6)[before:]
        result["document_requests"] = len(engine.activity.recent(10**6)) - after_active
        result["active_requests"] = len(entries) - sweep_requests - result["document_requests"]
        result["busiest"] = busiest_window([e.at.timestamp() for e in entries])
        result["rejected"] = sum(1 for e in entries if e.outcome == "429")
        # One page's round trip, measured alone, several times.
        trips = []
        async with deid_client(emulator.url) as client:
            for _ in range(5):
                t = time.perf_counter()
                async for _page in raw_pages(client):
                    break
                trips.append(time.perf_counter() - t)
        result["page_trip"] = statistics.median(trips)
        result["running"] = sum(1 for c in await engine.jobs() if c.status.is_active)
    return result


async def naive(emulator: EmulatorProcess, total: int) -> tuple[int, float]:
    async with deid_client(emulator.url, retry_total=0) as client:
        names = [job.job_name async for job in client.list_jobs(maxpagesize=1000)]
        slots = asyncio.Semaphore(16)

        async def one(name: str) -> None:
            async with slots:
                await client.get_job(name)

        started = time.perf_counter()
        await asyncio.gather(*(one(n) for n in names))
        return len(names), time.perf_counter() - started


async def seed_notes(connection_string: str) -> None:
    async with BlobServiceClient.from_connection_string(connection_string) as service:
        container = await service.create_container("bench")
        await container.upload_blob("in/note.txt", b"Patient John Smith seen on 10/12/2023.")


def bookkeeping(total: int = 50_000) -> None:
    """The documents loop's own work per pass at `total` jobs, a quarter running (the requests are
    left out: no budget to spend), vs the list-based check it replaced (issue 16, item 6)."""
    from datetime import UTC, datetime

    from deidtui.domain.models import Job, JobStatus
    from deidtui.engine.poller import Poller

    class NoBudget:
        def spare(self) -> float:
            return 0.0

    poller = Poller("bench", None, None, None, NoBudget(), PollSettings())  # type: ignore[arg-type]
    now = datetime.now(UTC)
    spec = JobSpec("https://acct.blob.core.windows.net/notes", "in/", "out/")
    for i in range(total):
        status = JobStatus.RUNNING if i % 4 == 0 else JobStatus.SUCCEEDED
        poller.track(Job(f"job-{i:06}", spec, status, now, now))
    running_names = [n for n, watched in poller._active.items() if watched.documents_needed]

    def quadratic_pass(round_robin: list[str]) -> None:  # the replaced code: membership in lists
        running = list(running_names)
        round_robin[:] = [n for n in round_robin if n in running]
        round_robin.extend(n for n in running if n not in round_robin)

    times = []
    for _ in range(5):
        started = time.perf_counter()
        asyncio.run(poller.refresh_running_documents())
        times.append(time.perf_counter() - started)
    old: list[str] = []
    started = time.perf_counter()
    quadratic_pass(old)  # one pass is enough: seconds
    quadratic = time.perf_counter() - started
    measured = statistics.median(times)
    print(
        f"documents loop bookkeeping, {total:,} jobs, {len(running_names):,} running: {measured * 1000:.1f} ms per "
        f"pass   list-based check it replaced: {quadratic * 1000:.0f} ms   ratio {quadratic / measured:.0f}x"
    )


def poller_memory(total: int = 50_000) -> None:
    """The poller's own state at `total` cached jobs, a quarter running (tracemalloc): after its
    start, and once the feed has handed it every job (as after a sweep into a fresh cache)."""
    import gc
    import tracemalloc
    from datetime import UTC, datetime, timedelta

    from deidtui.cache import JobCache
    from deidtui.domain.models import Job, JobStatus
    from deidtui.engine.poller import Poller

    spec = JobSpec("https://acct.blob.core.windows.net/notes", "in/", "out/")
    t0 = datetime(2026, 1, 1, tzinfo=UTC)

    def job(i: int) -> Job:
        status = JobStatus.RUNNING if i % 4 == 0 else JobStatus.SUCCEEDED
        return Job(f"job-{i:06}", spec, status, t0 + timedelta(seconds=i), t0 + timedelta(seconds=i + 5))

    async def measure(folder: Path) -> tuple[int, int]:
        cache = await JobCache.open(folder / "cache.sqlite3")
        try:
            for start in range(0, total, 1000):
                await cache.upsert_jobs("bench", [job(i) for i in range(start, start + 1000)])
            gc.collect()
            tracemalloc.start()
            before = tracemalloc.take_snapshot()
            poller = Poller("bench", None, cache, None, None, PollSettings())  # type: ignore[arg-type]
            await poller.load_from_cache()
            await cache.data_version()  # aiosqlite's thread holds its last result until the next call
            gc.collect()
            started = tracemalloc.take_snapshot()
            briefs, _ = await cache.changed_briefs("bench", 0)  # what the feed hands it: every job, in brief
            poller.observe(briefs)
            del briefs
            await cache.data_version()
            gc.collect()
            observed = tracemalloc.take_snapshot()
            tracemalloc.stop()
            return (
                sum(stat.size_diff for stat in started.compare_to(before, "filename")),
                sum(stat.size_diff for stat in observed.compare_to(before, "filename")),
            )
        finally:
            await cache.close()

    with tempfile.TemporaryDirectory() as folder:
        at_start, after_all = asyncio.run(measure(Path(folder)))
    print(
        f"the poller's own state, {total:,} cached jobs, {total // 4:,} running: {at_start / 1e6:.1f} MB after its "
        f"start, {after_all / 1e6:.1f} MB once the feed has handed it every job"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument(
        "--bookkeeping-only", action="store_true", help="only the documents loop's own work and the poller's memory"
    )
    parser.add_argument(
        "--sweeps-only",
        type=int,
        metavar="REPEAT",
        help="only the cold and warm sweeps (running jobs newest, summaries on), REPEAT times per size, "
        "each into a new cache against one populated service: their spread without the naive baseline",
    )
    args = parser.parse_args()
    if args.sweeps_only:
        sweeps_only([int(s) for s in args.sizes.split(",")], args.sweeps_only)
        return
    bookkeeping()
    poller_memory()
    if args.bookkeeping_only:
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with Azurite() as azurite, tempfile.TemporaryDirectory() as folder:
        asyncio.run(seed_notes(azurite.connection_string))
        for total in sizes:
            for spread in (False, True):
                rows.append((total, spread, *one_size(azurite, Path(folder), total, spread)))
    print(
        f"{'jobs':>6} {'running at':>10} | {'naive req':>9} {'naive s':>8} {'(throttled >=)':>14} | {'sweep req':>9} "
        f"{'cold s':>7} {'warm s':>7} | {'paging limit s':>14} | {'fewer req':>9} {'cold/limit':>10} "
        f"{'warm/limit':>10} | {'running':>7} {'active req':>10} {'active s':>8} | "
        f"{'docs req, summaries on / off':>28} | {'refresh req on / off':>20} | {'busiest 5 s':>11} {'429s':>5}"
    )
    for total, spread, naive_requests, naive_seconds, e, off in rows:
        limit = math.ceil(total / 1000) * e["page_trip"]
        refresh_on = e["sweep_requests"] + e["active_requests"] + e["document_requests"]
        refresh_off = off["sweep_requests"] + off["active_requests"] + off["document_requests"] if off else None
        print(
            f"{total:>6} {'spread' if spread else 'newest':>10} | {naive_requests:>9} {naive_seconds:>8.2f} "
            f"{naive_requests / 20:>14.1f} | {e['sweep_requests']:>9} {e['cold_seconds']:>7.3f} "
            f"{e['sweep_seconds']:>7.3f} | {limit:>14.3f} | {naive_requests / e['sweep_requests']:>8.0f}x "
            f"{e['cold_seconds'] / limit:>9.2f}x {e['sweep_seconds'] / limit:>9.2f}x | "
            f"{e['running']:>7} {e['active_requests']:>10} {e['active_seconds']:>8.3f} | "
            f"{e['document_requests']:>13} / {off['document_requests'] if off else '-':<12} | "
            f"{refresh_on:>9} / {refresh_off if off else '-':<8} | "
            f"{max(e['busiest'], off['busiest'] if off else 0):>11} "
            f"{e['rejected'] + (off['rejected'] if off else 0):>5}"
        )
    for total, spread, naive_requests, _, e, off in rows:
        limit = math.ceil(total / 1000) * e["page_trip"]
        print(
            f"goals at {total} jobs, running jobs {'spread through history' if spread else 'newest'}: >= 50x fewer "
            f"requests than naive: {naive_requests / e['sweep_requests']:.0f}x; within 1.2x of the paging limit: "
            f"cold {e['cold_seconds'] / limit:.2f}x, warm {e['sweep_seconds'] / limit:.2f}x (the same pages from a "
            f"service elsewhere, {REMOTE_TRIP * 1000:.0f} ms a page: cold {e['remote'][0]:.2f}x, warm "
            f"{e['remote'][1]:.2f}x; over that listing iterated alone: cold {e['remote'][2]:.2f}x, warm "
            f"{e['remote'][3]:.2f}x); never above the "
            f"throttle: busiest window {max(e['busiest'], off['busiest'] if off else 0)} of 100, "
            f"{e['rejected'] + (off['rejected'] if off else 0)} answered 429"
            + (
                f"; running jobs' summaries save {off['document_requests'] - e['document_requests']} document "
                "listings per refresh"
                if off
                else ""
            )
        )


async def raw_pages(client: Any, size: int = 1000) -> AsyncIterator[list[dict]]:
    """The listing's pages as the least a client does: each asked and its JSON parsed, nothing else."""
    url, params = "/jobs", {"api-version": GA, "maxpagesize": size}
    while True:
        response = await client.send_request(HttpRequest("GET", url, params=params))
        response.raise_for_status()
        body = response.json()
        yield body["value"]
        if not body.get("nextLink"):
            return
        parts = urlsplit(body["nextLink"])
        url, params = parts.path, {**dict(parse_qsl(parts.query)), "api-version": GA}


async def bare_listing(emulator: EmulatorProcess) -> float:
    """Every page of the listing, one after another, with nothing done with them: the sequential
    paging limit measured whole (later pages may cost more than the first)."""
    async with deid_client(emulator.url) as client:
        async for _page in raw_pages(client, 1):
            break  # the connection opened (the engine's sweeps reuse theirs)
        started = time.perf_counter()
        async for _page in raw_pages(client):
            pass
        return time.perf_counter() - started


class RemoteListing:
    """The pages one listing returned, served again from memory, each after a fixed round trip
    spent waiting (as on a link to a service elsewhere, whose work takes none of this machine's
    CPU): a sweep through it against pages x the trip is the client's own cost alone, apart from
    an emulator that shares this machine's two cores and answers a page in 28 ms one time and 50
    the next."""

    def __init__(self, pages: list[list[dict]], trip: float) -> None:
        self.pages, self.trip = pages, trip

    async def list_jobs(self, priority: Any, page_size: int) -> AsyncIterator[list[dict]]:
        for page in self.pages:
            await asyncio.sleep(self.trip)
            yield page


async def listed_pages(emulator: EmulatorProcess) -> list[list[dict]]:
    async with deid_client(emulator.url) as client:
        return [page async for page in raw_pages(client)]


async def remote_sweeps(
    pages: list[list[dict]], trip: float, cache_path: Path, warm: int = 3
) -> tuple[float, float, float, float]:
    """A cold sweep through `RemoteListing` into a new cache, then the median of `warm` more; each
    over pages x trip, and over the same listing iterated with nothing done with its pages (the
    median of three, measured first): the event loop wakes from each wait a little late, which
    any client of such a link pays too."""
    listing = RemoteListing(pages, trip)
    limit = len(pages) * trip
    bare = []
    for _ in range(3):
        started = time.perf_counter()
        async for _page in listing.list_jobs(None, 1000):
            pass
        bare.append(time.perf_counter() - started)
    iterated = statistics.median(bare)
    cache = await JobCache.open(cache_path)
    try:
        await cache.verified()
        poller = Poller("remote", listing, cache, EventBus(), RequestBudget(1000, 5.0), PollSettings(page_size=1000))  # type: ignore[arg-type]
        seconds = []
        for _ in range(1 + warm):
            started = time.perf_counter()
            await poller.sweep_once()
            seconds.append(time.perf_counter() - started)
    finally:
        await cache.close()
    cold, warmed = seconds[0], statistics.median(seconds[1:])
    return cold / limit, warmed / limit, cold / iterated, warmed / iterated


def min_median_max(values: list[float]) -> str:
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}"


def sweeps_only(sizes: list[int], repeat: int) -> None:
    """Cold and warm sweeps against the paging limit of the same run, `repeat` times per size; and
    against a bare listing of every page timed just before them (less exposed to a load that
    changes between the sweeps and the one page the paging limit is measured from)."""
    print(
        f"{'jobs':>6} {'run':>3} | {'cold s':>7} {'warm s':>7} | {'paging limit s':>14} {'bare list s':>11} | "
        f"{'cold/limit':>10} {'warm/limit':>10} | {'cold/bare':>9} {'warm/bare':>9} | {'429s':>4}"
    )
    with Azurite() as azurite, tempfile.TemporaryDirectory() as folder:
        asyncio.run(seed_notes(azurite.connection_string))
        for total in sizes:
            state = Path(folder) / f"emu-{total}"
            delay = ("--fast", "--doc-delay-ms", "600000", "--concurrency", "4")
            emulator = EmulatorProcess(azurite.connection_string, state, "--no-throttle", *delay)
            try:
                asyncio.run(populate(emulator, azurite.container_url("bench"), total, max(1, total // 50), False))
            finally:
                emulator.stop()
            emulator = EmulatorProcess(azurite.connection_string, state, *delay, "--summary-while-running")
            ratios: dict[str, list[float]] = {"cold/limit": [], "warm/limit": [], "cold/bare": [], "warm/bare": []}
            remote: dict[str, list[float]] = {"cold": [], "warm": [], "cold/iterated": [], "warm/iterated": []}
            try:
                pages = asyncio.run(listed_pages(emulator))
                for run in range(repeat):
                    figures = asyncio.run(
                        remote_sweeps(pages, REMOTE_TRIP, Path(folder) / f"remote-{total}-{run}.sqlite3")
                    )
                    for kind, figure in zip(remote, figures, strict=True):
                        remote[kind].append(figure)
                for run in range(repeat):
                    cache = Path(folder) / f"cache-{total}-{run}.sqlite3"
                    bare = asyncio.run(bare_listing(emulator))
                    time.sleep(WINDOW)  # the service's window empty again: the listing's requests counted there
                    e = asyncio.run(measure(emulator, azurite.connection_string, total, cache))
                    limit = math.ceil(total / 1000) * e["page_trip"]
                    for name, value in (
                        ("cold/limit", e["cold_seconds"] / limit),
                        ("warm/limit", e["sweep_seconds"] / limit),
                        ("cold/bare", e["cold_seconds"] / bare),
                        ("warm/bare", e["sweep_seconds"] / bare),
                    ):
                        ratios[name].append(value)
                    print(
                        f"{total:>6} {run + 1:>3} | {e['cold_seconds']:>7.3f} {e['sweep_seconds']:>7.3f} | "
                        f"{limit:>14.3f} {bare:>11.3f} | "
                        + " ".join(f"{ratios[name][-1]:>{len(name)}.2f}x"[1:] for name in ratios)
                        + f" | {e['rejected']:>4}",
                        flush=True,
                    )
            finally:
                emulator.stop()
            print(
                f"{total} jobs, {repeat} runs (min / median / max): "
                + "; ".join(f"{kind} {min_median_max(r)}" for kind, r in ratios.items()),
                flush=True,
            )
            print(
                f"{total} jobs, the same pages from a service elsewhere ({REMOTE_TRIP * 1000:.0f} ms a page), "
                f"{repeat} runs (min / median / max), over pages x trip (cold, warm) and over the listing "
                "iterated alone (cold/iterated, warm/iterated): "
                + "; ".join(f"{kind} {min_median_max(r)}" for kind, r in remote.items()),
                flush=True,
            )


def one_size(azurite: Azurite, folder: Path, total: int, spread: bool) -> tuple[int, float, dict, dict | None]:
    """A service holding exactly `total` jobs, 2% running (newest or spread): the naive baseline
    (newest only: it is the same N requests either way) and the engine's refresh, with running
    jobs' summaries and (newest only) without."""
    # Running jobs stay running: each document waits 10 minutes (concurrency caps how many start).
    # Set up and the naive baseline without the throttle (it could not finish otherwise); then the
    # same state, throttled, for the engine.
    layout = "spread" if spread else "newest"
    state = folder / f"emu-{total}-{layout}"
    delay = ("--fast", "--doc-delay-ms", "600000", "--concurrency", "4")
    emulator = EmulatorProcess(azurite.connection_string, state, "--no-throttle", *delay)
    try:
        asyncio.run(populate(emulator, azurite.container_url("bench"), total, max(1, total // 50), spread))
        naive_requests, naive_seconds = asyncio.run(naive(emulator, total)) if not spread else (total, math.nan)
    finally:
        emulator.stop()
    measured: dict[bool, dict] = {}
    for summaries in (True, False) if not spread else (True,):
        flag = "--summary-while-running" if summaries else "--no-summary-while-running"
        emulator = EmulatorProcess(azurite.connection_string, state, *delay, flag)
        try:
            cache = folder / f"cache-{total}-{layout}-{summaries}.sqlite3"
            measured[summaries] = asyncio.run(measure(emulator, azurite.connection_string, total, cache))
            if summaries:
                pages = asyncio.run(listed_pages(emulator))
                remote = folder / f"remote-{total}-{layout}.sqlite3"
                measured[summaries]["remote"] = asyncio.run(remote_sweeps(pages, REMOTE_TRIP, remote))
        finally:
            emulator.stop()
    return naive_requests, naive_seconds, measured[True], measured.get(False)


if __name__ == "__main__":
    main()
