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


def _line(view: JobView, width: int = 24) -> tuple[str, str]:
    job = view.job
    counts = rules.counts(view)
    done, total, failed = counts.processed, counts.total, counts.failed
    filled = round(width * done / total) if total else 0
    bar = "#" * filled + "-" * (width - filled)
    label = "partial" if rules.outcome(view) is Outcome.PARTIAL else job.status.value
    text = f"{sanitize_line(job.name)}  [{bar}] {done}/{total}  {label}"
    if failed:
        text += f"  ({failed} failed)"
    if job.error is not None and job.status.is_terminal:
        text += f"  {sanitize_line(job.error.code)}"
    return text, label


@dataclass
class Watched:
    """One watched job: its latest view, and its own run of consecutive failures."""

    name: str
    view: JobView | None = None
    synced: bool = False  # read from the service at least once in this run
    failures: int = 0  # consecutive failed reads of this job
    next_read: float = 0.0  # monotonic time of its next read

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
    """Follow the jobs until each has finished; the exit code says how they ended.

    Each job is read on its own schedule. A transient failure (network, 5xx, 429) delays only that
    job's next read, with backoff; the watch gives up (exit 8) only when one job's reads fail
    MAX_CONSECUTIVE_FAILURES times in a row, so a flaky service that answers most requests is
    watched to the end. A finished job is not read again."""
    terminal = sys.stderr.isatty() and not quiet
    colour = use_colour(sys.stderr)
    last: dict[str, str] = {}
    started = time.monotonic()
    drawn = 0
    watched = [Watched(name) for name in dict.fromkeys(names)]
    while True:
        for job in watched:
            if job.finished or job.next_read > time.monotonic():
                continue
            try:
                job.view = await engine.sync_job(job.name, priority=Priority.SELECTED, attempts=1)
            except (NotFound, AuthError) as error:
                return report(error)
            except DeidError as error:
                if not error.transient:
                    return report(error)
                job.failures += 1
                if job.failures >= MAX_CONSECUTIVE_FAILURES:
                    sys.stderr.write(
                        f"deidtui: {sanitize_line(job.name)}: {job.failures} reads in a row failed; giving up\n"
                    )
                    return report(error)
                job.next_read = time.monotonic() + backoff(job.failures, interval)
                continue
            job.synced, job.failures = True, 0
            job.next_read = time.monotonic() + interval
        views = [job.view for job in watched if job.view is not None]
        lines = [_line(view) for view in views]
        if terminal:
            if drawn:
                sys.stderr.write(f"\x1b[{drawn}F")  # back to the first bar: redraw in place
            for text, label in lines:
                shown = text
                if colour:
                    code = {"Succeeded": "32", "Failed": "31", "partial": "31", "Canceled": "33"}.get(label, "36")
                    shown = f"\x1b[{code}m{text}\x1b[0m"
                sys.stderr.write("\x1b[2K" + shown + "\n")
            drawn = len(lines)
            sys.stderr.flush()
        elif not quiet:
            for view, (text, _) in zip(views, lines, strict=True):
                if last.get(view.name) != text:
                    print(text, file=sys.stderr, flush=True)  # stdout stays for results scripts parse
                    last[view.name] = text
        if all(job.finished for job in watched):
            codes = {outcome(job.view) for job in watched if job.view is not None}
            return next(code for code in SEVERITY if code in codes)
        if timeout is not None and time.monotonic() - started > timeout:
            sys.stderr.write(f"deidtui: gave up waiting after {timeout:g} s; the jobs keep running\n")
            return exit_codes.TIMEOUT
        upcoming = min(job.next_read for job in watched if not job.finished)
        await asyncio.sleep(min(max(upcoming - time.monotonic(), 0.05), interval))


def run_watch(args: argparse.Namespace) -> int:
    async def body(engine: Engine) -> int:
        return await watch(engine, args.names, interval=args.interval, timeout=args.timeout)

    return run_with_engine(args, body)
