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

from ..domain import rules
from ..domain.errors import AuthError, DeidError, NotFound
from ..domain.jobs import JobView
from ..domain.rules import Outcome
from ..domain.sanitize import sanitize_line
from ..engine import Engine, Priority
from . import exit_codes
from .common import report, run_with_engine
from .output import use_colour

MAX_CONSECUTIVE_FAILURES = 8


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


async def watch(
    engine: Engine, names: list[str], *, interval: float, timeout: float | None, quiet: bool = False
) -> int:
    terminal = sys.stderr.isatty() and not quiet
    colour = use_colour(sys.stderr)
    last: dict[str, str] = {}
    started = time.monotonic()
    failures = 0
    drawn = 0
    while True:
        try:
            for name in names:
                await engine.sync_job(name, priority=Priority.SELECTED)
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
        jobs = [view for name in names if (view := await engine.job(name)) is not None]
        lines = [_line(view) for view in jobs]
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
        if all(rules.is_finished(view) for view in jobs):
            codes = {outcome(view) for view in jobs}
            return next(code for code in SEVERITY if code in codes)
        if timeout is not None and time.monotonic() - started > timeout:
            sys.stderr.write(f"deidtui: gave up waiting after {timeout:g} s; the jobs keep running\n")
            return exit_codes.TIMEOUT
        await asyncio.sleep(interval)


def run_watch(args: argparse.Namespace) -> int:
    async def body(engine: Engine) -> int:
        return await watch(engine, args.names, interval=args.interval, timeout=args.timeout)

    return run_with_engine(args, body)
