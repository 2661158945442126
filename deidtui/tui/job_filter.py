"""The job queue's `/` filter: substring, regex, field terms and inversion.

Terms are separated by spaces and must all match:
- `nightly`            substring of the name, source or target (case-insensitive)
- `re:^night.*-r\\d+$`  regular expression on the name
- `status:failed`      status (prefix match: `status:run`), several with commas: `status:failed,canceled`
- `op:tag`             operation
- `!term` or `-term`   inverts a term: `!status:succeeded`
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..domain.models import Job

FIELDS = ("status", "op", "re")


class FilterError(ValueError):
    """The filter text cannot be used; the message says why (shown under the filter input)."""


@dataclass(frozen=True)
class JobFilter:
    text: str
    predicate: Callable[[Job], bool]

    def __call__(self, job: Job) -> bool:
        return self.predicate(job)


def _term(raw: str) -> Callable[[Job], bool]:
    field, sep, value = raw.partition(":")
    if sep and field.lower() in ("status", "s"):
        wanted = [v.strip().lower() for v in value.split(",") if v.strip()]
        if not wanted:
            raise FilterError("status: needs a value, e.g. status:failed")
        return lambda job: any(job.status.value.lower().startswith(w) for w in wanted)
    if sep and field.lower() in ("op", "operation"):
        wanted = [v.strip().lower() for v in value.split(",") if v.strip()]
        if not wanted:
            raise FilterError("op: needs a value, e.g. op:tag")
        return lambda job: any(job.spec.operation.value.lower().startswith(w) for w in wanted)
    if sep and field.lower() == "re":
        try:
            pattern = re.compile(value, re.IGNORECASE)
        except re.error as exc:
            raise FilterError(f"not a valid regular expression: {exc}") from None
        return lambda job: pattern.search(job.name) is not None
    needle = raw.lower()
    return lambda job: (
        needle in job.name.lower()
        or needle in job.spec.source_prefix.lower()
        or needle in job.spec.target_prefix.lower()
    )


def parse_filter(text: str) -> JobFilter | None:
    """None for an empty filter; raises FilterError with a message for a bad one."""
    terms = text.split()
    if not terms:
        return None
    predicates: list[Callable[[Job], bool]] = []
    for term in terms:
        inverted = term[0] in "!-" and len(term) > 1
        check = _term(term[1:] if inverted else term)
        predicates.append((lambda c: lambda job: not c(job))(check) if inverted else check)
    return JobFilter(text, lambda job: all(p(job) for p in predicates))
