"""The chaos soak: deidtui under faults for N minutes, and whether anything was misreported.

An emulator that fails 10% of requests (500/503), drops 5% of connections (half before handling,
half after), adds latency and answers bursts of 429s, with its real limit (100 requests per 5 s)
on. Against it, at once: the dashboard's engine (polling) and a stream of CLI commands on the same
cache file (submit, some killed with SIGKILL at a random moment; watch; cancel; list; show), each
command through its own endpoint of a proxy that times every request and answer.

Afterwards every interrupted submission is settled by one more command, and five verdicts are
printed with the figures behind them:
  crashes                      no exit 70, no traceback, no engine part that stopped
  false "failed" reports       no submit or cancel said to have failed for a job the service has
                               (or canceled), no intent marked failed for a job the service has
                               (and, the other way, no submit or cancel said done that was not)
  cache equal to the service   every job and its status, in the shared cache and the dashboard's view
  no request inside Retry-After  per client, after each 429/503 that asked for a wait
  watches                      every `jobs watch` ended with the exit code of the job's real outcome

Run: python bench/chaos_soak.py --minutes 10 [--seed N] [--workers 3]
The test suite runs a short version of the same soak (tests/test_chaos_soak.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the proxy lives with the tests; run from anywhere
    sys.path.insert(0, str(ROOT))

from azure.storage.blob.aio import BlobServiceClient  # noqa: E402

from deidtui.azure.loopback import local_deid_client  # noqa: E402
from deidtui.cli.watch import outcome as watch_code  # noqa: E402
from deidtui.config import PollSettings, Profile  # noqa: E402
from deidtui.domain.jobs import JobView  # noqa: E402
from deidtui.domain.models import Job, utcnow  # noqa: E402
from deidtui.emulator.config import REALISTIC, ChaosConfig, EmulatorConfig, Pacing  # noqa: E402
from deidtui.emulator.server import EmulatorThread  # noqa: E402
from deidtui.engine import Engine, Notice  # noqa: E402
from tests.fault_proxy import FaultProxy  # noqa: E402

PROFILE = "env"  # the CLI's profile from DEIDTUI_* variables; the dashboard's engine uses the same rows
NOTE = "Patient {name} was seen on 10/12/2023 at Contoso Hospital by Dr. Jane Roe. Call 555-123-4567.\n"
BUG_NOTICES = ("Part of deidtui stopped working", "hit an unexpected error")
TERMINAL = {"Succeeded", "Failed", "Canceled"}


@dataclass
class Command:
    kind: str
    args: list[str]
    job: str | None = None
    code: int | None = None
    out: str = ""
    err: str = ""
    killed: bool = False


@dataclass
class Soak:
    """What a soak did and saw; `verdicts` judges it."""

    seconds: float
    seed: int
    commands: list[Command] = field(default_factory=list)
    truth: dict[str, Job] = field(default_factory=dict)
    cache: dict[str, str] = field(default_factory=dict)
    dashboard: dict[str, str] = field(default_factory=dict)
    intents: list[tuple[str, str, str | None]] = field(default_factory=list)  # name, state, message
    notices: list[Notice] = field(default_factory=list)
    proxy: FaultProxy | None = None

    # -- the verdicts -------------------------------------------------------------------------

    def crashes(self) -> list[str]:
        found = [
            f"{c.kind} {c.job or ''}: exit {c.code}: {(c.err.strip().splitlines() or [''])[0][:160]}"
            for c in self.commands
            if not c.killed and (c.code == 70 or "Traceback" in c.err or "unexpected error" in c.err)
        ]
        found += [f"engine: {n.title}: {n.detail}" for n in self.notices if any(b in n.title for b in BUG_NOTICES)]
        return found

    def false_failures(self) -> list[str]:
        found = []
        for c in self.commands:
            if c.killed or c.code in (0, None) or c.job is None:
                continue
            job = self.truth.get(c.job)
            if c.kind == "submit" and job is not None and "stays pending" not in c.err:
                found.append(f"submit {c.job}: exit {c.code}, but the service has it")
            canceled = job is not None and job.status.value == "Canceled"
            if c.kind == "cancel" and canceled and "could not be confirmed" not in c.err:
                found.append(f"cancel {c.job}: exit {c.code}, but the service canceled it")
        for name, state, message in self.intents:
            # Names are unique in a soak: "another job took the name" would be as false as any.
            if state == "failed" and name in self.truth:
                found.append(f"intent {name}: marked failed ({message}), but the service has it")
            if state == "pending":
                found.append(f"intent {name}: still pending after the final settling")
        return found

    def false_successes(self) -> list[str]:
        found = []
        for c in self.commands:
            if c.killed or c.code != 0 or c.job is None:
                continue
            job = self.truth.get(c.job)
            if c.kind == "submit" and job is None:
                found.append(f"submit {c.job}: exit 0, but the service does not have it")
            if c.kind == "cancel" and c.out.startswith("canceled") and (job is None or job.status.value != "Canceled"):
                found.append(f"cancel {c.job}: said canceled, but the service says {job and job.status.value}")
        return found

    def cache_differences(self) -> list[str]:
        truth = {name: job.status.value for name, job in self.truth.items()}
        found = []
        for label, view in (("cache", self.cache), ("dashboard", self.dashboard)):
            for name in sorted(set(truth) | set(view)):
                if truth.get(name) != view.get(name):
                    found.append(f"{label}: {name} is {view.get(name)}, the service says {truth.get(name)}")
        return found

    def inside_retry_after(self) -> list[str]:
        assert self.proxy is not None
        return [
            f"{late.client}: {late.method} {late.path} {late.arrived - answer.answered:.2f} s after a "
            f"{answer.status} asking for {answer.retry_after:g} s"
            for answer, late in self.proxy.inside_retry_after(grace=0.5)
            if answer.answered is not None and answer.retry_after is not None
        ]

    def wrong_watches(self) -> list[str]:
        found = []
        for c in self.commands:
            if c.kind != "watch" or c.killed or c.job is None:
                continue
            job = self.truth.get(c.job)
            expected = watch_code(_view(job)) if job is not None else 6
            if c.code != expected:
                found.append(f"watch {c.job}: exit {c.code}, its real outcome is exit {expected}")
        return found

    def verdicts(self) -> dict[str, list[str]]:
        return {
            "crashes": self.crashes(),
            'false "failed" reports': self.false_failures(),
            "false success reports": self.false_successes(),
            "cache differences from the service": self.cache_differences(),
            "requests inside Retry-After": self.inside_retry_after(),
            "watches not ending with the real outcome": self.wrong_watches(),
        }

    def report(self) -> str:
        assert self.proxy is not None
        seen = list(self.proxy.seen)
        kinds = Counter(c.kind for c in self.commands)
        codes = Counter((c.kind, c.code) for c in self.commands if not c.killed)
        outcomes = Counter(j.status.value for j in self.truth.values())
        lines = [
            f"chaos soak: {self.seconds / 60:.1f} min, seed {self.seed}",
            f"  commands: {len(self.commands)} ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}); "
            f"submits killed: {sum(c.killed for c in self.commands if c.kind == 'submit')}",
            f"  exit codes: {', '.join(f'{k} {code}: {n}' for (k, code), n in sorted(codes.items(), key=str))}",
            f"  jobs on the service: {len(self.truth)} ({', '.join(f'{k} {n}' for k, n in sorted(outcomes.items()))})",
            f"  requests through the proxy: {len(seen)}; answered 429: {sum(s.status == 429 for s in seen)}, "
            f"5xx: {sum((s.status or 0) >= 500 for s in seen)}, connection dropped: "
            f"{sum(s.answered is None for s in seen)}",
            f"  busiest 5 s window admitted by the service (limit 100): {self.proxy.busiest_window(4.95)}",
        ]
        for title, problems in self.verdicts().items():
            lines.append(f"  {len(problems)} {title}")
            lines += [f"      {p}" for p in problems[:10]]
        return "\n".join(lines)


def _view(job: Job) -> JobView:
    now = utcnow()
    return JobView(job, PROFILE, now, now, False, None, None, None)


class Runner:
    """Starts CLI commands, each a client of its own at the proxy."""

    def __init__(self, proxy: FaultProxy, env: dict[str, str]) -> None:
        self.proxy = proxy
        self.env = env
        self.count = 0

    async def run(self, command: Command, *, kill_after: float | None = None, timeout: float = 300) -> Command:
        self.count += 1
        endpoint = self.proxy.endpoint(f"{command.kind}-{self.count}")
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "deidtui",
            *command.args,
            env={**self.env, "DEIDTUI_ENDPOINT": endpoint},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        waiting = asyncio.ensure_future(process.communicate())
        limit = kill_after if kill_after is not None else timeout
        done, _ = await asyncio.wait({waiting}, timeout=limit)
        if not done:
            command.killed = True
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGKILL)
        out, err = await waiting
        command.code, command.out, command.err = process.returncode, out.decode(), err.decode()
        return command


class Workload:
    """The mix of commands an operator (and their scripts) would run, chosen at random."""

    def __init__(
        self, runner: Runner, container: str, other: str, rng: random.Random, deadline: float, min_submits: int = 0
    ) -> None:
        self.runner = runner
        self.min_submits = min_submits
        self.container = container
        self.other = other
        self.rng = rng
        self.deadline = deadline
        self.submitted: list[str] = []
        self.watched: set[str] = set()
        self.commands: list[Command] = []
        self.names = 0

    def _submit_args(self, name: str) -> list[str]:
        rng = self.rng
        prefix = rng.choices(["small/", "large/", "mixed/", "nothing/"], weights=[5, 3, 2, 1])[0]
        args = ["jobs", "submit", "--source", self.container, "--prefix", prefix, "--target-prefix", f"out/{name}/"]
        args += ["--name", name]
        operation = rng.choice([None, "Tag", "Redact", "Surrogate"])
        if operation:
            args += ["--operation", operation]
        if rng.random() < 0.4:
            args += ["--target", self.other]
        if operation in (None, "Surrogate") and rng.random() < 0.3:
            args += ["--locale", rng.choice(["en-US", "fr-CA", "de-DE"])]
        if operation == "Redact" and rng.random() < 0.5:
            args += ["--redaction-format", "[{type}]"]
        if rng.random() < 0.3:
            args += ["--extensions", "*.txt"]
        if rng.random() < 0.2:
            args.append("--overwrite")
        return args

    async def one(self) -> None:
        rng = self.rng
        kind = rng.choices(["submit", "kill", "watch", "cancel", "list", "show"], weights=[4, 2, 3, 1, 2, 1])[0]
        if kind in ("submit", "kill") or not self.submitted:
            self.names += 1
            name = f"soak-{self.names:04d}"
            command = Command("submit", self._submit_args(name), name)
            self.commands.append(command)
            await self.runner.run(command, kill_after=rng.uniform(0.3, 2.5) if kind == "kill" else None)
            if command.code == 0:
                self.submitted.append(name)
        elif kind == "watch":
            fresh = [n for n in self.submitted if n not in self.watched] or self.submitted
            name = rng.choice(fresh[-5:])
            self.watched.add(name)
            command = Command("watch", ["jobs", "watch", name, "--interval", "0.5", "--timeout", "240"], name)
            self.commands.append(command)
            await self.runner.run(command)
        elif kind == "cancel":
            name = rng.choice(self.submitted[-4:])
            command = Command("cancel", ["jobs", "cancel", name], name)
            self.commands.append(command)
            await self.runner.run(command)
        elif kind == "list":
            command = Command("list", ["jobs", "list", "-o", "json"])
            self.commands.append(command)
            await self.runner.run(command)
        else:
            name = rng.choice(self.submitted)
            command = Command("show", ["jobs", "show", name, "-o", "json"], name)
            self.commands.append(command)
            await self.runner.run(command)

    def _submits(self) -> int:
        return sum(command.kind == "submit" for command in self.commands)

    async def worker(self) -> None:
        # Past the deadline only while fewer than `min_submits` submissions were made (a slow, shared
        # machine runs fewer commands in the time), and never past three times the soak's length.
        hard_stop = self.deadline + 2 * max(0.0, self.deadline - time.monotonic())
        while time.monotonic() < self.deadline or (self._submits() < self.min_submits and time.monotonic() < hard_stop):
            await self.one()


async def _seed_storage(connection_string: str) -> tuple[str, str]:
    """Two containers: notes to de-identify (small, large and mixed sets), and another target."""
    async with BlobServiceClient.from_connection_string(connection_string) as service:
        suffix = random.randrange(16**8)
        source = service.get_container_client(f"soak{suffix:08x}")
        other = service.get_container_client(f"soakout{suffix:08x}")
        await source.create_container()
        await other.create_container()
        for i in range(3):
            await source.upload_blob(f"small/{i}.txt", NOTE.format(name=f"John Smith {i}"))
        for i in range(40):
            await source.upload_blob(f"large/{i:02}.txt", NOTE.format(name=f"Marie Curie {i}"))
        for i in range(2):
            await source.upload_blob(f"mixed/{i}.txt", NOTE.format(name=f"Ada Lovelace {i}"))
        await source.upload_blob("mixed/too-big.txt", b"x" * (2 * 1024 * 1024 + 1))  # fails: a partial job
        return source.url, other.url


async def _service_truth(url: str) -> dict[str, Job]:
    """Every job as the service has it, read straight from the emulator (the SDK's own retries
    see it through the chaos)."""
    async with local_deid_client(url, retry_total=30, retry_backoff_factor=0.2) as client:
        return {job.job_name: Job.from_rest(job.as_dict()) async for job in client.list_jobs()}


async def _until(predicate, timeout: float, interval: float = 1.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await predicate():
            return True
        await asyncio.sleep(interval)
    return False


async def soak(
    *,
    seconds: float,
    connection_string: str,
    workdir: Path,
    seed: int,
    workers: int = 3,
    min_submits: int = 0,
    pacing: Pacing = REALISTIC,
) -> Soak:
    """Run the soak for `seconds` (and on until `min_submits` submissions were made, up to three
    times as long) and return what it did and saw (judge it with `verdicts()`). `pacing`: the
    emulator's (documents take 250 ms each whatever it says)."""
    rng = random.Random(seed)
    result = Soak(seconds, seed)
    chaos = ChaosConfig(error_rate=0.1, reset_rate=0.05, latency_ms=20, burst_rate=0.01, burst_seconds=2.0, seed=seed)
    emulator = EmulatorThread(
        EmulatorConfig(
            storage_connection_string=connection_string,
            state_dir=workdir / "emulator",
            chaos=chaos,
            pacing=pacing,
            doc_delay_ms=250,
            concurrency=4,
        )
    ).start()
    proxy = result.proxy = FaultProxy(emulator.url).start()
    cache = workdir / "shared-cache.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEIDTUI_")}
    env |= {
        "DEIDTUI_STORAGE_CONNECTION_STRING": connection_string,
        "DEIDTUI_CREDENTIAL": "local",
        "DEIDTUI_CACHE": str(cache),
        "XDG_CONFIG_HOME": str(workdir / "xdg"),
        "NO_COLOR": "1",
    }
    dashboard = Engine(
        Profile(
            name=PROFILE,
            endpoint=proxy.endpoint("dashboard"),
            storage_connection_string=connection_string,
            credential="local",
            poll=PollSettings(active_interval=1.0, sweep_interval=5.0),
        ),
        cache_path=cache,
    )
    try:
        container, other = await _seed_storage(connection_string)
        subscription = dashboard.subscribe()

        async def collect_notices() -> None:
            async for batch in subscription:
                result.notices += [e for e in batch if isinstance(e, Notice)]

        collecting = asyncio.ensure_future(collect_notices())
        await dashboard.start()
        runner = Runner(proxy, env)
        workload = Workload(runner, container, other, rng, time.monotonic() + seconds, min_submits)
        await asyncio.gather(*(workload.worker() for _ in range(workers)))
        result.commands = workload.commands

        # Settle: the jobs finish, one more command settles what killed submits left pending.
        async def all_finished() -> bool:
            return all(job.status.value in TERMINAL for job in (await _service_truth(emulator.url)).values())

        await _until(all_finished, timeout=240)
        for _ in range(5):
            final = await runner.run(Command("list", ["jobs", "list", "-o", "json"]))
            result.commands.append(final)
            if final.code == 0 and "still pending" not in final.err:
                break
        result.truth = await _service_truth(emulator.url)
        listed = json.loads(final.out or "[]")
        result.cache = {job["name"]: job["status"] for job in listed if not job.get("deleted")}

        async def dashboard_converged() -> bool:
            views = await dashboard.jobs()
            result.dashboard = {v.name: v.status.value for v in views}
            return result.dashboard == {n: j.status.value for n, j in result.truth.items()}

        await _until(dashboard_converged, timeout=120)
        collecting.cancel()
        with contextlib.closing(sqlite3.connect(cache)) as db:
            result.intents = db.execute(
                "SELECT name, state, message FROM intents WHERE profile = ?", (PROFILE,)
            ).fetchall()
    finally:
        await dashboard.stop()
        proxy.stop()
        emulator.stop()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--workers", type=int, default=3, help="CLI commands running at once")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    from deidtui.local.azurite import Azurite

    with tempfile.TemporaryDirectory(prefix="deidtui-soak-") as folder, Azurite() as azurite:
        result = asyncio.run(
            soak(
                seconds=args.minutes * 60,
                connection_string=azurite.connection_string,
                workdir=Path(folder),
                seed=seed,
                workers=args.workers,
            )
        )
    print(result.report())
    return 0 if not any(result.verdicts().values()) else 1


if __name__ == "__main__":
    sys.exit(main())
