"""Argument types that refuse, while the command line is parsed, values no request could succeed with.

Each raises `argparse.ArgumentTypeError` with a one-line reason, so argparse prints
`deidtui: argument NAME: <reason>` and exits 2 before a profile is read or a request is sent.
The rules are the service's own (`deidtui.domain.validation`), applied here rather than discovered
from a 400.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

from ..domain.models import Operation
from ..domain.validation import MAX_DOCUMENTS_PER_JOB, check_extensions, check_job_name


def job_name(value: str) -> str:
    """A name the service could hold: 3-36 letters, digits, '-' and '_' (so never `../x`)."""
    problem = check_job_name(value)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem.message)
    return value


def watched_job(value: str) -> str:
    """A job name, or `SERVICE/NAME` (the fleet's `jobs watch --fleet`): the name part is checked."""
    service, sep, name = value.rpartition("/")
    if sep and not service:
        raise argparse.ArgumentTypeError(f"{value!r}: give SERVICE/NAME, e.g. prod/nightly-0412")
    return f"{service}{sep}{job_name(name)}"


def _seconds(value: str, *, allow_zero: bool) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0 or (seconds == 0 and not allow_zero):
        wanted = "a number of seconds, 0 or more" if allow_zero else "a number of seconds greater than 0"
        raise argparse.ArgumentTypeError(f"{value!r} is not {wanted}")
    return seconds


def interval(value: str) -> float:
    """Seconds between checks: finite and greater than zero (0 would poll without pause)."""
    return _seconds(value, allow_zero=False)


def timeout(value: str) -> float:
    """Seconds to wait at most: finite, 0 or more."""
    return _seconds(value, allow_zero=True)


def whole_number(most: int) -> Callable[[str], int]:
    """The argument type of a whole number from 1 to `most`."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = 0
        if not 1 <= number <= most:
            raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {most}, not {value!r}")
        return number

    return parse


documents_per_job = whole_number(MAX_DOCUMENTS_PER_JOB)  # a job's documents, at most the service's limit
concurrency = whole_number(64)  # uploads and downloads at once


def samples(value: str) -> int:
    """How many documents to preview: a whole number, at least 1."""
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of documents, 1 or more")
    return count


def extensions(value: str) -> tuple[str, ...]:
    """`'*.txt,*.note'` as a tuple; empty items and path separators are refused, never widened to `*`."""
    items = tuple(item.strip() for item in value.split(","))
    problem = check_extensions(items)
    if problem is not None or not value.strip():
        message = problem.message if problem is not None else "at least one extension (or '*') is required"
        raise argparse.ArgumentTypeError(f"{value!r}: {message}")
    return items


def operations(value: str) -> frozenset[Operation]:
    """A comma-separated filter of operations (`tag,redact`), each one the service knows."""
    chosen = set()
    for item in value.split(","):
        try:
            chosen.add(Operation.parse(item.strip()))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{item.strip()!r} is not an operation; use {', '.join(o.value for o in Operation)}"
            ) from None
    return frozenset(chosen)


def operation(value: str) -> Operation:
    """One operation for a job: Tag, Redact or Surrogate, in any case."""
    try:
        return Operation.parse(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an operation; use {', '.join(o.value for o in Operation)}"
        ) from None
