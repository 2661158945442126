"""`deidtui jobs watch NAME...`: live progress until every job has finished; the exit code says how.

On a terminal, one progress bar per job is redrawn on stderr; otherwise a plain line is printed
each time a job's state or progress changes. Failures are counted per job and per consecutive read
(see `watch`). Exit codes: 0 every job succeeded, 4 one partially
failed, 1 one failed, 5 one was canceled (the most severe wins: failed > partial > canceled),
6 a job does not exist, 7 sign-in or access problem, 8 the service could not be reached,
11 `--timeout` ran out.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import sys
import time
from dataclasses import dataclass

from ..domain import rules
from ..domain.errors import AuthError, DeidError, NotFound
from ..domain.jobs import JobView
from ..domain.rules import Outcome
from ..domain.sanitize import sanitize_line
from ..engine import Engine, Priority
from . import exit_codes
from .common import report, run_with_engine
from .errors import UsageError
from .output import use_colour

MAX_CONSECUTIVE_FAILURES = 8  # failed reads of one job in a row before the watch gives up (exit 8)
MAX_BACKOFF = 30.0  # seconds: the longest wait between two reads of a job that keeps failing


EXIT_CODES = {
    Outcome.SUCCEEDED: exit_codes.OK,
    Outcome.CANCELED: exit_codes.CANCELED,
    Outcome.PARTIAL: exit_codes.PARTIAL,
    Outcome.FAILED: exit_codes.FAILED,
}


def outcome(view: JobView) -> int:
    """A finished job's exit code, from the one definition of how a job ended."""
    return EXIT_CODES[rules.outcome(view)]


SEVERITY = [exit_codes.FAILED, exit_codes.PARTIAL, exit_codes.CANCELED, exit_codes.OK]


def _line(view: JobView, width: int = 24, label: str | None = None) -> tuple[str, str]:
    job = view.job
    counts = rules.counts(view)
    done, total, failed = counts.processed, counts.total, counts.failed
    filled = round(width * done / total) if total else 0
    bar = "#" * filled + "-" * (width - filled)
    outcome_label = "partial" if rules.outcome(view) is Outcome.PARTIAL else job.status.value
    text = f"{sanitize_line(label or job.name)}  [{bar}] {done}/{total}  {outcome_label}"
    if failed:
        text += f"  ({failed} failed)"
    if job.error is not None and job.status.is_terminal:
        text += f"  {sanitize_line(job.error.code)}"
    return text, outcome_label


@dataclass
class Watched:
    """One watched job: the engine of its service, its latest view, its own run of failures."""

    name: str
    engine: Engine
    label: str = ""  # how its line names it: the name, or `service/name` across a fleet
    view: JobView | None = None
    synced: bool = False  # read from the service at least once in this run
    failures: int = 0  # consecutive failed reads of this job

    @property
    def finished(self) -> bool:
        return self.synced and self.view is not None and rules.is_finished(self.view)


def backoff(failures: int, interval: float) -> float:
    """Seconds before reading a job again after `failures` consecutive failures: doubling from the
    interval, capped, with jitter so many jobs do not retry in step."""
    ceiling = min(interval * 2 ** (failures - 1), MAX_BACKOFF)
    return random.uniform(ceiling / 2, ceiling)


async def watch(
    engine: Engine, names: list[str], *, interval: float, timeout: float | None, quiet: bool = False
) -> int:
    """Follow the jobs of one engine until each has finished; the exit code says how they ended."""
    return await follow(
        [Watched(name, engine, name) for name in dict.fromkeys(names)], interval=interval, timeout=timeout, quiet=quiet
    )


async def follow(watched: list[Watched], *, interval: float, timeout: float | None, quiet: bool = False) -> int:
    """Follow the jobs until each has finished; the exit code says how they ended.

    Each job is read on its own schedule, by its own task, from its own service: a transient
    failure (network, 5xx, 429) delays only that job's next read, with backoff, and a slow or
    unreachable service delays no other job's line. The watch gives up (exit 8) only when one
    job's reads fail MAX_CONSECUTIVE_FAILURES times in a row, so a flaky service that answers most
    requests is watched to the end. A finished job is not read again."""
    terminal = sys.stderr.isatty() and not quiet
    colour = use_colour(sys.stderr)
    last: dict[str, str] = {}
    started = time.monotonic()
    drawn = 0
    changed = asyncio.Event()
    ended: list[int] = []  # the exit code of a reader that gave up: the watch ends with it

    async def read(job: Watched) -> None:
        while not job.finished:
            try:
                job.view = await job.engine.sync_job(job.name, priority=Priority.SELECTED, attempts=1)
            except (NotFound, AuthError) as error:
                ended.append(report(error))
                break
            except DeidError as error:
                if not error.transient:
                    ended.append(report(error))
                    break
                job.failures += 1
                if job.failures >= MAX_CONSECUTIVE_FAILURES:
                    sys.stderr.write(
                        f"deidtui: {sanitize_line(job.label)}: {job.failures} reads in a row failed; giving up\n"
                    )
                    ended.append(report(error))
                    break
                await asyncio.sleep(backoff(job.failures, interval))
                continue
            job.synced, job.failures = True, 0
            changed.set()
            if not job.finished:
                await asyncio.sleep(interval)
        changed.set()

    readers = [asyncio.ensure_future(read(job)) for job in watched]
    try:
        while True:
            changed.clear()
            shown = [job for job in watched if job.view is not None]
            lines = [_line(job.view, label=job.label) for job in shown if job.view is not None]
            if terminal:
                if drawn:
                    sys.stderr.write(f"\x1b[{drawn}F")  # back to the first bar: redraw in place
                for text, label in lines:
                    line = text
                    if colour:
                        code = {"Succeeded": "32", "Failed": "31", "partial": "31", "Canceled": "33"}.get(label, "36")
                        line = f"\x1b[{code}m{text}\x1b[0m"
                    sys.stderr.write("\x1b[2K" + line + "\n")
                drawn = len(lines)
                sys.stderr.flush()
            elif not quiet:
                for job, (text, _) in zip(shown, lines, strict=True):
                    if last.get(job.label) != text:
                        print(text, file=sys.stderr, flush=True)  # stdout stays for results scripts parse
                        last[job.label] = text
            if ended:
                return ended[0]
            if all(job.finished for job in watched):
                codes = {outcome(job.view) for job in watched if job.view is not None}
                return next(code for code in SEVERITY if code in codes)
            left = None if timeout is None else timeout - (time.monotonic() - started)
            if left is not None and left <= 0:
                sys.stderr.write(f"deidtui: gave up waiting after {timeout:g} s; the jobs keep running\n")
                return exit_codes.TIMEOUT
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), timeout=left)
    finally:
        for reader in readers:
            reader.cancel()
        await asyncio.gather(*readers, return_exceptions=True)


def run_watch(args: argparse.Namespace) -> int:
    if getattr(args, "fleet", False):
        from .watch_fleet import run_watch_fleet

        return run_watch_fleet(args)
    if not args.names:
        raise UsageError("a job NAME is required (or --fleet, to watch every unfinished job of the fleet)")
    qualified = [name for name in args.names if "/" in name]
    if qualified:
        raise UsageError(f"{qualified[0]!r}: SERVICE/NAME names a job of the fleet; add --fleet")

    async def body(engine: Engine) -> int:
        return await watch(engine, args.names, interval=args.interval, timeout=args.timeout)

    return run_with_engine(args, body)
