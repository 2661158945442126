"""Job names: turning free text into a valid name, and finding the next free one."""

from __future__ import annotations

import re
from collections.abc import Container
from datetime import datetime

from ..domain.validation import JOB_NAME_MAX, check_job_name

_RESUBMIT_SUFFIX = re.compile(r"-r(\d+)$")
_RETRY_SUFFIX = re.compile(r"-retry(\d*)$")


def slug(text: str, limit: int = JOB_NAME_MAX) -> str:
    """Letters, digits and hyphens only, starting and ending with a letter or digit."""
    cleaned = re.sub(r"[^a-zA-Z0-9_-]+", "-", text).strip("-_")
    cleaned = re.sub(r"-{2,}", "-", cleaned)[:limit].strip("-_")
    return cleaned


def default_name(operation: str, prefix: str, now: datetime) -> str:
    """A readable name for a new job: operation, the prefix's last folder, and the time."""
    folder = slug(prefix.rstrip("/").rsplit("/", 1)[-1], 14) if prefix else ""
    parts = [operation.lower(), folder, now.strftime("%m%d-%H%M%S")]
    return "-".join(p for p in parts if p)[:JOB_NAME_MAX].strip("-_")


def valid_or_fixed(name: str) -> str:
    """The name itself when valid, else the closest valid name."""
    if check_job_name(name) is None:
        return name
    fixed = slug(name) or "job"
    while len(fixed) < 3:
        fixed += "0"
    return fixed


def first_free(base: str, taken: Container[str], suffix: str, *, start: int = 2) -> str:
    """`base` + suffix + N for the smallest N >= start not taken, trimmed to a valid length."""
    n = start
    while True:
        tail = f"-{suffix}{n}"
        candidate = base[: JOB_NAME_MAX - len(tail)].rstrip("-_") + tail
        if candidate not in taken:
            return candidate
        n += 1


def resubmission_base(name: str) -> str:
    """`nightly-r3` -> `nightly`, so resubmitting a resubmission counts on (-r4), not -r3-r2."""
    return _RESUBMIT_SUFFIX.sub("", _RETRY_SUFFIX.sub("", name))


def suggest_unique(name: str, taken: Container[str]) -> str:
    name = valid_or_fixed(name)
    if name not in taken:
        return name
    return first_free(name, taken, "", start=2)
