"""The job queue's `/` filter: substring, regex, field terms and inversion.

Terms are separated by spaces and must all match:
- `nightly`            substring of the name, source or target (case-insensitive)
- `re:^night.*-r\\d+$`  regular expression on the name
- `status:failed`      status as the queue shows it (queued, running, succeeded, failed, partial,
                       canceled; a prefix is enough: `status:run`), several with commas:
                       `status:failed,canceled`
- `op:tag`             operation (tag, redact, surrogate; a prefix is enough)
- `svc:prod`           service (profile) in the fleet view, a prefix is enough, several with
                       commas: `svc:prod-eus,test`
- `run:NAME`           the jobs of a `deidtui run` (its name, as `deidtui runs` lists it)
- `!term` or `-term`   inverts a term: `!status:succeeded`
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ..domain import rules
from ..domain.briefs import ROUTE_SEPARATOR, JobBrief, brief_of
from ..domain.jobs import JobView
from ..domain.models import JobStatus, Operation
from .formatting import STATUS_LABEL

FIELDS = ("status", "op", "svc", "re", "run")
STATUS_WORDS = tuple(outcome.value for outcome in rules.Outcome)  # as the queue shows them, listed in errors
SERVICE_STATUS_WORDS = tuple(status.value.lower() for status in JobStatus)  # accepted too
OPERATION_WORDS = tuple(op.value.lower() for op in Operation)


class FilterError(ValueError):
    """The filter text cannot be used; the message says why (shown under the filter input)."""


class Fields(Protocol):
    """What a filter reads of a job: a brief has these, and so has the queue's view of a job in
    its columns (`JobColumns`), read where they lie."""

    @property
    def name(self) -> str: ...
    @property
    def profile(self) -> str: ...
    @property
    def status(self) -> JobStatus: ...
    @property
    def outcome(self) -> rules.Outcome: ...
    @property
    def operation(self) -> Operation: ...
    @property
    def route(self) -> str: ...
    @property
    def run(self) -> str | None: ...


Predicate = Callable[[Fields], bool]


@dataclass(frozen=True)
class JobFilter:
    text: str
    predicate: Predicate

    def __call__(self, job: JobBrief | JobView) -> bool:
        """Whether `job` (what the queue keeps of it, or the cache's whole view) matches."""
        return self.predicate(job if isinstance(job, JobBrief) else brief_of(job))

    def matches(self, fields: Fields) -> bool:
        """Whether the job whose fields these are matches."""
        return self.predicate(fields)


def _status_words(job: Fields) -> set[str]:
    """The words a job's status answers to: the queue's word for how it stands (the domain's
    outcome: a failed job some of whose documents succeeded is "partial"), its status's label, and
    the service's name for it (so a partial job is also "failed")."""
    return {job.outcome.value, STATUS_LABEL[job.status], job.status.value.lower()}


def _values(field: str, value: str, known: tuple[str, ...], also: tuple[str, ...] = ()) -> list[str]:
    """The comma-separated values of a `field:` term, each a prefix of a word of `known` (which the
    error lists) or of `also`."""
    wanted = [v.strip().lower() for v in value.split(",") if v.strip()]
    if not wanted:
        raise FilterError(f"{field}: needs a value, e.g. {field}:{known[0]}")
    for word in wanted:
        if not any(k.startswith(word) for k in (*known, *also)):
            raise FilterError(f"no {field} {word!r}: {', '.join(known)}")
    return wanted


def _term(raw: str, services: tuple[str, ...]) -> Predicate:
    field, sep, value = raw.partition(":")
    if sep and field.lower() in ("svc", "service"):
        if not services:
            raise FilterError("svc: works in the fleet view (deidtui --fleet, or :fleet)")
        known = tuple(name.lower() for name in services)
        wanted = _values("svc", value, known)
        return lambda job: any(job.profile.lower().startswith(w) for w in wanted)
    if sep and field.lower() in ("status", "s"):
        wanted = _values("status", value, STATUS_WORDS, SERVICE_STATUS_WORDS)
        return lambda job: any(w.startswith(v) for w in _status_words(job) for v in wanted)
    if sep and field.lower() in ("op", "operation"):
        wanted = _values("op", value, OPERATION_WORDS)
        return lambda job: any(job.operation.value.lower().startswith(w) for w in wanted)
    if sep and field.lower() == "run":
        wanted_run = value.strip().lower()
        if not wanted_run:
            raise FilterError("run: needs a run's name, e.g. run:run-notes-1a2b3c4d (`deidtui runs` lists them)")
        return lambda job: (job.run or "").lower() == wanted_run
    if sep and field.lower() == "re":
        try:
            pattern = re.compile(value, re.IGNORECASE)
        except re.error as exc:
            raise FilterError(f"bad regular expression: {exc}") from None
        return lambda job: pattern.search(job.name) is not None
    needle = raw.lower()
    if ROUTE_SEPARATOR in needle:  # pasted: no name or prefix holds one
        return lambda job: False
    # The route holds both prefixes: one search, and a needle never spans them (it holds no separator).
    return lambda job: needle in job.name.lower() or needle in job.route.lower()


def parse_filter(text: str, services: tuple[str, ...] | list[str] = ()) -> JobFilter | None:
    """None for an empty filter; raises FilterError with a message for a bad one. `services`: the
    fleet view's services, which `svc:` terms name."""
    terms = text.split()
    if not terms:
        return None
    predicates: list[Predicate] = []
    for term in terms:
        inverted = term[0] in "!-" and len(term) > 1
        check = _term(term[1:] if inverted else term, tuple(services))
        predicates.append((lambda c: lambda job: not c(job))(check) if inverted else check)
    return JobFilter(text, lambda job: all(p(job) for p in predicates))
