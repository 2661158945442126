"""Every job the queue holds, field by field: a column per field of a brief, each job a slot.

The queue holds every cached job (50,000 and more) but draws a screenful. Held as briefs, each job
was seven Python objects (the brief, three floats, its route, an int, its entry in the order) and
about 610 bytes; at 50,000 jobs, 31 MB. Here a job is its key, its route and one entry in each of a
few typed arrays (times as doubles, counts as 32-bit integers, status, outcome and operation as
one byte each): about 290 bytes. A brief is made when asked for (a row drawn, an action's rules),
and the filter reads a job's fields where they lie (`FieldsAt`).

A slot is given once: slots rank jobs in the order they were first added (the queue's tie-break),
and a job removed and added again gets a new one. Removed jobs leave their slots empty until
`compact()` (the queue calls it when empty slots outnumber held jobs).
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator

from ...domain.briefs import JobBrief
from ...domain.models import JobStatus, Operation
from ...domain.rules import Outcome

STATUSES = tuple(JobStatus)
OUTCOMES = tuple(Outcome)
OPERATIONS = tuple(Operation)
_STATUS_CODE = {status: code for code, status in enumerate(STATUSES)}
_OUTCOME_CODE = {outcome: code for code, outcome in enumerate(OUTCOMES)}
_OPERATION_CODE = {operation: code for code, operation in enumerate(OPERATIONS)}
ACTIVE_CODES = frozenset(code for code, status in enumerate(STATUSES) if status.is_active)
DELETED, SUMMARIZED = 1, 2  # bits of a job's flags


class Interned:
    """Values shared by many jobs (profiles, runs), each held once and named by its number."""

    def __init__(self, first: str | None = None) -> None:
        self.values: list[str | None] = [first]
        self._codes: dict[str | None, int] = {first: 0}

    def code(self, value: str | None) -> int:
        code = self._codes.get(value)
        if code is None:
            code = self._codes[value] = len(self.values)
            self.values.append(value)
        return code


class JobColumns:
    """The jobs the queue holds, by key (the job's name, or `service/name` in the fleet view)."""

    def __init__(self, *, keyed_by_name: bool = True) -> None:
        self._keyed_by_name = keyed_by_name
        self._slots: dict[str, int] = {}
        self.keys: list[str] = []  # by slot; "" for an empty one
        # The job's own name: in the fleet view the key is `service/name`; otherwise the same list.
        self.names: list[str] = self.keys if keyed_by_name else []
        self.routes: list[str] = []
        self.created = array("d")
        self.started = array("d")  # NaN: not started
        self.updated = array("d")
        self.failed = array("I")
        self.done = array("I")
        self.total = array("I")
        self.revision = array("q")
        self.status = bytearray()
        self.outcome = bytearray()
        self.operation = bytearray()
        self.flags = bytearray()
        self.profile = array("H")
        self.run = array("I")
        self.profiles = Interned("")
        self.runs = Interned(None)

    def __len__(self) -> int:
        """Jobs held."""
        return len(self._slots)

    @property
    def size(self) -> int:
        """Slots given, empty ones included."""
        return len(self.keys)

    def slot_of(self, key: str) -> int | None:
        return self._slots.get(key)

    def slots(self) -> Iterator[int]:
        """The slots of the jobs held, in the order first added."""
        if len(self._slots) == len(self.keys):
            return iter(range(len(self.keys)))
        return iter(sorted(self._slots.values()))

    def is_active(self, slot: int) -> bool:
        return self.status[slot] in ACTIVE_CODES

    def is_deleted(self, slot: int) -> bool:
        return bool(self.flags[slot] & DELETED)

    def put(self, key: str, brief: JobBrief) -> int:
        """Hold `brief` as the state of job `key` (new or not); its slot."""
        slot = self._slots.get(key)
        if slot is None:
            slot = self._slots[key] = len(self.keys)
            self.keys.append(key)
            if not self._keyed_by_name:
                self.names.append(brief.name)
            self.routes.append(brief.route)
            for name in _ARRAYS:
                getattr(self, name).append(0)
            for name in _BYTES:
                getattr(self, name).append(0)
        else:
            self.routes[slot] = brief.route
        self.created[slot] = brief.created
        self.started[slot] = math.nan if brief.started is None else brief.started
        self.updated[slot] = brief.updated
        self.failed[slot] = brief.failed
        self.done[slot] = brief.done
        self.total[slot] = brief.total
        self.revision[slot] = brief.revision
        self.status[slot] = _STATUS_CODE[brief.status]
        self.outcome[slot] = _OUTCOME_CODE[brief.outcome]
        self.operation[slot] = _OPERATION_CODE[brief.operation]
        self.flags[slot] = (DELETED if brief.deleted else 0) | (SUMMARIZED if brief.summarized else 0)
        self.profile[slot] = self.profiles.code(brief.profile)
        self.run[slot] = self.runs.code(brief.run)
        return slot

    def brief(self, slot: int) -> JobBrief:
        """The job in slot `slot` as a brief (made anew: the columns keep no brief)."""
        started = self.started[slot]
        flags = self.flags[slot]
        return JobBrief(
            self.names[slot],
            self.profiles.values[self.profile[slot]] or "",
            STATUSES[self.status[slot]],
            bool(flags & DELETED),
            OUTCOMES[self.outcome[slot]],
            self.failed[slot],
            OPERATIONS[self.operation[slot]],
            self.created[slot],
            None if math.isnan(started) else started,
            self.updated[slot],
            self.routes[slot],
            self.done[slot],
            self.total[slot],
            self.revision[slot],
            self.runs.values[self.run[slot]],
            bool(flags & SUMMARIZED),
        )

    def forget(self, key: str) -> int | None:
        """Job `key` is no longer held: its slot (now empty), or None when it was not held."""
        slot = self._slots.pop(key, None)
        if slot is not None:
            self.keys[slot] = ""  # the strings go; the slot stays empty until `compact`
            if not self._keyed_by_name:
                self.names[slot] = ""
            self.routes[slot] = ""
        return slot

    def compact(self) -> None:
        """Give up the empty slots: the jobs held keep their order (their slots are renumbered)."""
        kept = sorted(self._slots.values())
        for name in _ARRAYS:
            column = getattr(self, name)
            setattr(self, name, array(column.typecode, [column[slot] for slot in kept]))
        for name in _BYTES:
            setattr(self, name, bytearray(getattr(self, name)[slot] for slot in kept))
        self.keys = [self.keys[slot] for slot in kept]
        self.routes = [self.routes[slot] for slot in kept]
        self.names = self.keys if self._keyed_by_name else [self.names[slot] for slot in kept]
        self._slots = {key: slot for slot, key in enumerate(self.keys)}


_ARRAYS = ("created", "started", "updated", "failed", "done", "total", "revision", "profile", "run")
_BYTES = ("status", "outcome", "operation", "flags")


class FieldsAt:
    """One job's fields read where they lie in the columns (the filter's view of a job, without
    making a brief of each of 50,000 jobs): set `slot`, then read it as a brief."""

    __slots__ = ("_columns", "slot")

    def __init__(self, columns: JobColumns) -> None:
        self._columns = columns
        self.slot = 0

    @property
    def name(self) -> str:
        return self._columns.names[self.slot]

    @property
    def route(self) -> str:
        return self._columns.routes[self.slot]

    @property
    def profile(self) -> str:
        return self._columns.profiles.values[self._columns.profile[self.slot]] or ""

    @property
    def status(self) -> JobStatus:
        return STATUSES[self._columns.status[self.slot]]

    @property
    def outcome(self) -> Outcome:
        return OUTCOMES[self._columns.outcome[self.slot]]

    @property
    def operation(self) -> Operation:
        return OPERATIONS[self._columns.operation[self.slot]]

    @property
    def run(self) -> str | None:
        return self._columns.runs.values[self._columns.run[self.slot]]

    @property
    def deleted(self) -> bool:
        return bool(self._columns.flags[self.slot] & DELETED)
