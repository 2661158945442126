"""The engine under stress: throttling storms, restarts, chaos, crashes, a damaged or shared cache."""

from __future__ import annotations

import asyncio
import gc
import os
import subprocess
import sys
import textwrap
import types

from deidtui.cache import JobCache
from deidtui.domain.models import JobSpec, JobStatus
from deidtui.emulator.config import ChaosConfig
from deidtui.engine import EngineState, EngineStatus, Notice

from ..support import deid_client, foreign_spec, job_body, wait_for

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."


async def test_after_a_429_no_request_is_sent_before_retry_after(make_engine, emulator_factory, tmp_path):
    # The 40 jobs are made on an unthrottled emulator, which then restarts on the same state as a
    # service stricter than the budget assumes: 15 requests per 3 s, while the engine allows 80 per 5 s.
    state = tmp_path / "storm-state"
    quiet = emulator_factory(state_dir=state)
    port = int(quiet.url.rsplit(":", 1)[1])
    async with deid_client(quiet.url) as client:
        for i in range(40):
            await client.begin_deidentify_documents(f"storm-{i:02}", foreign_spec(i), polling=False)
    quiet.stop()
    emulator = emulator_factory(state_dir=state, port=port, throttle=True, throttle_limit=15, throttle_window=3.0)
    engine = make_engine(emulator.url, page_size=5, sweep_interval=0.2, active_interval=0.2)

    def requests() -> list:
        return [e for e in engine.activity.recent() if e.kind == "request"]

    def throttled() -> list[int]:
        return [i for i, e in enumerate(requests()) if e.outcome == "429"]

    async def swept_through_the_storm() -> bool:
        # It kept working through the storm (the whole list swept), and went on after a 429.
        marks = throttled()
        return bool(marks) and marks[-1] + 3 < len(requests()) and len(await engine.jobs()) == 40

    await engine.start()
    try:
        await wait_for(swept_through_the_storm, timeout=30)
    finally:
        await engine.stop()
    seen = requests()
    assert throttled(), "the storm never reached the service's limit"
    for index in throttled():
        if index + 1 < len(seen):
            after = seen[index + 1]
            started = after.at.timestamp() - after.duration_ms / 1000
            # Retry-After is at least 1 s: nothing may start sooner after a 429 answered.
            assert started - seen[index].at.timestamp() >= 0.95


async def test_emulator_restart_mid_poll_goes_offline_then_recovers(make_engine, emulator_factory, container, tmp_path):
    state = tmp_path / "restart-state"
    first = emulator_factory(state_dir=state)
    port = int(first.url.rsplit(":", 1)[1])
    container.put("in/a.txt", NOTE)
    async with deid_client(first.url) as client:
        await client.begin_deidentify_documents("before", job_body(container.url, "in/", "out/"), polling=False)
    engine = make_engine(first.url, sweep_interval=0.3)
    await engine.start()
    subscription = engine.subscribe()
    try:
        await wait_for(lambda: engine.sweeps >= 1)
        first.stop()
        await wait_for(lambda: engine.online is False, timeout=15)
        assert any(isinstance(e, EngineStatus) and e.state is EngineState.OFFLINE for e in subscription.drain())
        assert [j.name for j in await engine.jobs()] == ["before"]  # cache still readable, offline
        emulator_factory(state_dir=state, port=port)
        await wait_for(lambda: engine.online is True, timeout=70)
        sweeps = engine.sweeps
        await wait_for(lambda: engine.sweeps > sweeps, timeout=20)
        assert not (await engine.job("before")).deleted
    finally:
        await engine.stop()


async def test_chaos_mode_still_tracks_and_submits(make_engine, emulator_factory, container):
    for i in range(4):
        container.put(f"in/{i}.txt", NOTE)
    emulator = emulator_factory(chaos=ChaosConfig(error_rate=0.15, reset_rate=0.1, latency_ms=5, seed=5))
    engine = make_engine(emulator.url, sweep_interval=0.3)
    await engine.start()
    try:
        result = None
        for _ in range(5):
            try:
                result = await engine.submit(
                    JobSpec(source_location=container.url, source_prefix="in/", target_prefix="out/"), "chaos-job"
                )
                break
            except Exception:
                await asyncio.sleep(0.2)
        assert result is not None and result.ok
        engine.select("chaos-job")
        job = await wait_for(lambda: _finished(engine, "chaos-job"), timeout=40)
        assert job.status is JobStatus.SUCCEEDED
        async with deid_client(emulator.url, retry_total=10, retry_backoff_factor=0.01) as client:
            names = [j.job_name async for j in client.list_jobs()]
        assert names == ["chaos-job"]  # never duplicated
    finally:
        await engine.stop()


CRASH_SCRIPT = """
import asyncio, os, signal, sys
from deidtui.config import Profile
from deidtui.domain.models import JobSpec
from deidtui.engine import Engine
import deidtui.engine.actions as actions

when = sys.argv[1]
original = actions.Actions._put

async def crashing_put(self, name, spec):
    if when == "before-put":
        os.kill(os.getpid(), signal.SIGKILL)
    job = await original(self, name, spec)
    os.kill(os.getpid(), signal.SIGKILL)

actions.Actions._put = crashing_put

async def main():
    profile = Profile(name="test", endpoint=sys.argv[2], storage_connection_string=os.environ["CS"], credential="local")
    async with Engine(profile, cache_path=sys.argv[3], poll=False) as engine:
        spec = JobSpec(source_location=sys.argv[4], source_prefix="in/", target_prefix="out/")
        await engine.submit(spec, "crash-" + when)

asyncio.run(main())
"""


async def test_kill_9_between_intent_and_confirmation_loses_nothing_and_doubles_nothing(
    make_engine, emulator, container, azurite, tmp_path
):
    container.put("in/a.txt", NOTE)
    cache_path = tmp_path / "crash-cache.sqlite3"
    for when in ("before-put", "after-put"):
        result = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(CRASH_SCRIPT), when, emulator.url, str(cache_path), container.url],
            env={**os.environ, "CS": azurite.connection_string},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == -9, result.stderr[-1500:]
    engine = make_engine(emulator.url, cache_path=cache_path)
    subscription = engine.subscribe()
    await engine.start()
    try:
        await wait_for(lambda: _no_pending(engine), timeout=20)
        async with deid_client(emulator.url) as client:
            names = sorted([j.job_name async for j in client.list_jobs()])
        assert names == ["crash-after-put", "crash-before-put"]
        # An intent is resolved first, then its job recorded, audited and announced: the last
        # notice may follow the moment nothing is pending (CI once drained before it came).
        notices: list[Notice] = []

        def both_announced() -> bool:
            notices.extend(e for e in subscription.drain() if isinstance(e, Notice))
            return {n.job_name for n in notices} >= {"crash-after-put", "crash-before-put"}

        await wait_for(both_announced, timeout=20)
        # The job the service had created is confirmed, never called "taken by another job".
        assert [n for n in notices if n.level != "info"] == []
        audit = {e.targets[0]: (e.outcome, e.detail) for e in await engine.audit_log()}
        assert audit["crash-after-put"] == ("ok", "submission confirmed after a restart")
        assert audit["crash-before-put"] == ("ok", "submitted after a restart (never received)")
    finally:
        await engine.stop()


async def test_corrupt_cache_is_moved_aside_rebuilt_and_refilled(make_engine, emulator, tmp_path):
    async with deid_client(emulator.url) as client:
        for i in range(3):
            await client.begin_deidentify_documents(f"refill-{i}", foreign_spec(i), polling=False)
    cache_path = tmp_path / "broken.sqlite3"
    cache_path.write_bytes(b"this is not a database" * 500)
    engine = make_engine(emulator.url, cache_path=cache_path)
    subscription = engine.subscribe()
    await engine.start()
    try:
        notices = [e for e in subscription.drain() if isinstance(e, Notice)]
        assert notices and "rebuilt" in notices[0].title
        assert engine.recovered_from is not None and engine.recovered_from.exists()
        await wait_for(lambda: _count(engine, 3))
    finally:
        await engine.stop()


TWIN_SCRIPT = """
import asyncio, os, sys, time
from deidtui.config import PollSettings, Profile
from deidtui.engine import Engine

async def main():
    profile = Profile(name="test", endpoint=sys.argv[1], storage_connection_string=os.environ["CS"], credential="local",
                      poll=PollSettings(active_interval=0.1, sweep_interval=0.1, page_size=7))
    async with Engine(profile, cache_path=sys.argv[2]) as engine:
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        print(engine.sweeps, len(await engine.jobs()))

asyncio.run(main())
"""


async def test_two_processes_share_one_cache_without_locking_errors(emulator, azurite, tmp_path):
    async with deid_client(emulator.url) as client:
        for i in range(30):
            await client.begin_deidentify_documents(f"shared-{i:02}", foreign_spec(i), polling=False)
    cache_path = tmp_path / "shared.sqlite3"
    env = {**os.environ, "CS": azurite.connection_string}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", TWIN_SCRIPT, emulator.url, str(cache_path)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=60) for p in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err[-2000:]
        assert "locked" not in err.lower()
        sweeps, jobs = map(int, out.split())
        assert sweeps >= 3 and jobs == 30


async def _finished(engine, name):
    job = await engine.job(name)
    return job if job is not None and job.status.is_terminal else None


async def _no_pending(engine):
    return not await engine.pending_intents()


async def _count(engine, n):
    return len(await engine.jobs()) == n


async def test_concurrent_first_reads_open_one_cache(tmp_path, monkeypatch):
    """The dashboard's first reads and `start` may ask for the cache at once: one file, one check."""
    from deidtui.config import Profile
    from deidtui.engine import Engine

    engine = Engine(
        Profile(name="test", endpoint="http://127.0.0.1:9", credential="local"), cache_path=tmp_path / "one.sqlite3"
    )
    opened: list[object] = []
    real_open = JobCache.open

    async def counting_open(*args, **kwargs):
        cache = await real_open(*args, **kwargs)
        opened.append(cache)
        return cache

    # monkeypatch puts back the classmethod itself; assigning `real_open` back would leave a method
    # bound to JobCache, and every subclass's `open` would then make a JobCache.
    monkeypatch.setattr(JobCache, "open", counting_open)
    try:
        await asyncio.gather(*(engine.jobs() for _ in range(5)), engine.open())
        assert len(opened) == 1
    finally:
        await engine.stop()
        for cache in opened:  # were there several, none may keep its thread (and the run) alive
            await cache.close()


QUIT_SCRIPT = """
import asyncio, sys, threading
from pathlib import Path
from deidtui.config import Profile
from deidtui.engine import Engine

async def main():
    engine = Engine(Profile(name="t", endpoint="http://127.0.0.1:9", credential="local"), cache_path=Path(sys.argv[1]))
    reader = asyncio.ensure_future(engine.open())
    while not [t for t in threading.enumerate() if "connection_worker" in repr(getattr(t, "_target", None))]:
        await asyncio.sleep(0)  # until the open is under way in SQLite's thread
    reader.cancel()  # `q` just after the first frame: the reader goes, then the app stops
    await engine.stop()

asyncio.run(main())
print("exit ok")
"""


def test_quitting_while_the_cache_opens_exits_without_a_traceback(tmp_path):
    """The dashboard opens the cache just after its first frame; quitting at that moment must
    neither print a traceback (SQLite's thread answering a closed loop) nor leave the file open."""
    result = subprocess.run(
        [sys.executable, "-c", QUIT_SCRIPT, str(tmp_path / "quit.sqlite3")], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "exit ok" and result.stderr == "", result.stderr[-2000:]


def frames_reachable(value: object, limit: int = 200_000) -> list[str]:
    """The frames (their functions) reachable from `value` through the objects it refers to."""
    found: list[str] = []
    seen: set[int] = set()
    todo = [value]
    while todo and len(seen) < limit:
        item = todo.pop()
        if id(item) in seen or isinstance(item, (type, types.ModuleType)):
            continue
        seen.add(id(item))
        if isinstance(item, types.FrameType):
            found.append(item.f_code.co_name)
        todo.extend(gc.get_referents(item))
    return found


async def test_the_reported_problem_keeps_no_frame_of_the_failed_calls_alive(tmp_path):
    """The engine keeps why it is offline for as long as it is offline, and the dashboard keeps what
    it last showed. A kept exception with its traceback and chained causes kept every frame it had
    passed through alive, with their locals: a sweep's names of every active job, the page in hand
    (2,500 names in three retained sweeps took 0.66 MB of a dashboard at 10,000 jobs)."""
    from deidtui.config import Profile
    from deidtui.engine import Engine

    engine = Engine(
        Profile(name="test", endpoint="http://127.0.0.1:9", credential="local"), cache_path=tmp_path / "c.sqlite3"
    )
    subscription = engine.subscribe()
    try:
        await engine.start()
        await wait_for(lambda: engine.state is EngineState.OFFLINE)
        problem = engine.problem
        assert problem is not None and "reach the service" in str(problem), problem
        assert frames_reachable(problem) == []
        reported = [e.problem for e in subscription.drain() if isinstance(e, EngineStatus) and e.problem is not None]
        assert reported and all(frames_reachable(p) == [] for p in reported)
    finally:
        await engine.stop()


async def test_while_it_waits_to_try_again_no_failure_is_kept_with_its_frames(tmp_path):
    """An offline engine waits between attempts (seconds, growing). A failure held through that
    wait kept its traceback's frames alive, a sweep's names of every active job among their
    locals; and the queue's `gc.freeze()` during the wait made them permanent: at 50,000 jobs
    three of them, sets of 12,500 names each, stayed for the whole session."""
    from deidtui.config import Profile
    from deidtui.domain.errors import DeidError
    from deidtui.engine import Engine

    engine = Engine(
        Profile(name="test", endpoint="http://127.0.0.1:9", credential="local"), cache_path=tmp_path / "c.sqlite3"
    )
    try:
        await engine.start()
        await wait_for(lambda: engine.state is EngineState.OFFLINE)
        for _ in range(10):  # every loop has failed by now and waits, a while apart
            await asyncio.sleep(0.3)
            gc.collect()
            held = [o for o in gc.get_objects() if isinstance(o, DeidError) and o.__traceback__ is not None]
            assert held == [], [frames_reachable(o)[:6] for o in held]
    finally:
        await engine.stop()
