"""`deidtui jobs watch NAME...`: live progress until every job has finished; the exit code says how.

On a terminal, one progress bar per job is redrawn on stderr; otherwise a plain line is printed
each time a job's state or progress changes. Exit codes: 0 every job succeeded, 4 one partially
failed, 1 one failed, 5 one was canceled (the most severe wins: failed > partial > canceled),
6 a job does not exist, 7 sign-in or access problem, 8 the service could not be reached,
11 `--timeout` ran out.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from ..domain.errors import AuthError, DeidError, NotFound
from ..domain.models import JobStatus
from ..domain.sanitize import sanitize_line
from ..engine import Priority
from . import exit_codes
from .common import report, run_with_engine
from .output import use_colour

MAX_CONSECUTIVE_FAILURES = 8


def outcome(cached) -> int:
    job = cached.job
    if job.status is JobStatus.SUCCEEDED:
        return exit_codes.OK
    if job.status is JobStatus.CANCELED:
        return exit_codes.CANCELED
    summary = job.summary
    if summary is not None and summary.successful > 0 and summary.failed > 0:
        return exit_codes.PARTIAL
    return exit_codes.FAILED


SEVERITY = [exit_codes.FAILED, exit_codes.PARTIAL, exit_codes.CANCELED, exit_codes.OK]


def _line(cached, width: int = 24) -> tuple[str, str]:
    job = cached.job
    progress = cached.progress
    if job.summary is not None and job.status.is_terminal:
        done, total, failed = job.summary.successful + job.summary.failed, job.summary.total, job.summary.failed
    elif progress is not None:
        done, total, failed = progress.succeeded + progress.failed, progress.total, progress.failed
    else:
        done = total = failed = 0
    filled = round(width * done / total) if total else 0
    bar = "#" * filled + "-" * (width - filled)
    label = "partial" if outcome(cached) == exit_codes.PARTIAL and job.status.is_terminal else job.status.value
    text = f"{sanitize_line(job.name)}  [{bar}] {done}/{total}  {label}"
    if failed:
        text += f"  ({failed} failed)"
    if job.error is not None and job.status.is_terminal:
        text += f"  {sanitize_line(job.error.code)}"
    return text, label


async def watch(engine, names: list[str], *, interval: float, timeout: float | None, quiet: bool = False) -> int:
    terminal = sys.stderr.isatty() and not quiet
    colour = use_colour(sys.stderr)
    last: dict[str, str] = {}
    started = time.monotonic()
    failures = 0
    drawn = 0
    while True:
        try:
            for name in names:
                job = await engine.gateway.get_job(name, Priority.SELECTED)
                await engine.poller.store_jobs([job])
                if job.status is JobStatus.RUNNING:
                    await engine.poller.fetch_documents(name, Priority.SELECTED)
            failures = 0
        except NotFound as error:
            return report(error)
        except AuthError as error:
            return report(error)
        except DeidError as error:
            failures += 1
            if failures >= MAX_CONSECUTIVE_FAILURES:
                return report(error)
            await asyncio.sleep(min(interval * failures, 30))
            continue
        jobs = [await engine.job(name) for name in names]
        lines = [_line(cached) for cached in jobs]
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
            for name, (text, _) in zip(names, lines, strict=True):
                if last.get(name) != text:
                    print(text, file=sys.stderr, flush=True)  # stdout stays for results scripts parse
                    last[name] = text
        if all(cached.job.status.is_terminal for cached in jobs):
            codes = {outcome(cached) for cached in jobs}
            return next(code for code in SEVERITY if code in codes)
        if timeout is not None and time.monotonic() - started > timeout:
            sys.stderr.write(f"deidtui: gave up waiting after {timeout:g} s; the jobs keep running\n")
            return exit_codes.TIMEOUT
        await asyncio.sleep(interval)


def run_watch(args: argparse.Namespace) -> int:
    async def body(engine) -> int:
        return await watch(engine, args.names, interval=args.interval, timeout=args.timeout)

    return run_with_engine(args, body)
