"""What the new-job form knows of itself: its fields read back as a specification, the check of
exactly that, and whether it may be submitted now (or why not). Checks run `engine.check` (the same
rules the submission applies) in a worker, 300 ms after the last keystroke; a newer edit cancels an
older check. Submit is possible only when the latest check of exactly what is on screen found no
problem. A mixin of `NewJobScreen`, which lays out the fields and sets up the state kept here.
"""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Input, Static

from ...domain.errors import DeidError
from ...domain.models import JobSpec, Operation
from ...domain.sanitize import sanitize_line
from ...domain.validation import Problem
from ...engine.engine import Engine
from ...engine.outcomes import ActionResult, SpecCheck
from ..workers import run_guarded
from .new_job_fields import read_operation, read_spec
from .new_job_form import FIELD_FOR_TARGET, FieldRow, match_summary

DEBOUNCE = 0.3  # seconds after the last edit before checking
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


class FormCheck(Screen[ActionResult | None]):
    engine: Engine
    initial: JobSpec
    check_result: SpecCheck | None
    checking: bool
    submitting: bool
    previewing: bool
    _checked_key: tuple[JobSpec, str] | None
    _checking_key: tuple[JobSpec, str] | None
    _debounce: Timer | None
    _name_auto: bool
    _derived_name: str
    _spin: int

    # -- reading the form -----------------------------------------------------------------------

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    @property
    def operation(self) -> Operation:
        return read_operation(self, self.initial)

    def current_name(self) -> str:
        return self._value("name").strip()

    def current_spec(self) -> JobSpec:
        """The specification exactly as the form shows it."""
        return read_spec(self, self.initial)

    def _key(self) -> tuple[JobSpec, str]:
        return self.current_spec(), self.current_name()

    @property
    def can_submit(self) -> bool:
        return (
            not self.engine.read_only
            and not self.submitting
            and not self.checking
            and self.check_result is not None
            and self.check_result.ok
            and self._checked_key == self._key()
        )

    def problems_for(self, field: str) -> list[str]:
        """The problems shown next to a field (for tests and for screen readers of the DOM)."""
        if self.check_result is None:
            return []
        return [p.message for p in self.check_result.problems if FIELD_FOR_TARGET.get(p.target) == field]

    # -- checking -------------------------------------------------------------------------------

    def _schedule_check(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        key = self._key()
        if (self._checked_key == key and not self.checking) or (self.checking and self._checking_key == key):
            self._refresh_state()
            return
        self._refresh_state()
        self._debounce = self.set_timer(DEBOUNCE, self._start_check)

    def _start_check(self) -> None:
        self._debounce = None
        spec, name = self._checking_key = self._key()
        self.checking = True
        self._refresh_state()
        run_guarded(
            self,
            self._check(spec, None if self._name_auto else name),
            group="newjob-check",
            exclusive=True,
        )

    async def _check(self, spec: JobSpec, name: str | None) -> None:
        try:
            result = await self.engine.check(spec, name or None)
        except Exception as error:  # noqa: BLE001 - the submission checks again; say so and carry on
            title = error.title if isinstance(error, DeidError) else type(error).__name__
            result = SpecCheck(name=name or "", warnings=[f"could not check here ({title}); submitting checks again"])
        if name is None:
            name_input = self.query_one("#name", Input)
            if self._name_auto or not name_input.value:  # the suggestion, unless the operator typed meanwhile
                self._derived_name = result.name
                name_input.value = result.name
                name = result.name
        elif not name:
            result.problems.insert(0, Problem("name", "a job name is required"))
            result.suggested_name = result.name
        if (spec, name) != self._key():
            return  # the form changed while checking; a newer check is scheduled
        self.checking = False
        self.show_check(result)

    def show_check(self, result: SpecCheck) -> None:
        """Show a check's problems beside their fields, its warnings, and what the prefix matches."""
        self.check_result = result
        self._checked_key = self._key()
        by_field: dict[str, list[str]] = {}
        general: list[str] = []
        for problem in result.problems:
            field = FIELD_FOR_TARGET.get(problem.target)
            message = problem.message
            if problem.target == "name" and result.suggested_name:
                message += f" — try {result.suggested_name!r}"
            if field is None:
                general.append(f"{problem.target}: {message}")
            else:
                by_field.setdefault(field, []).append(message)
        for row in self.query(FieldRow):
            row.show_problems(by_field.get(row.field, []))
        problems = self._static("#newjob-problems")
        problems.update(Text("\n".join(f"✘ {sanitize_line(m)}" for m in general)))
        problems.set_class(not general, "-hidden")
        warnings = self._static("#newjob-warnings")
        warnings.update(Text("\n".join(f"⚠ {sanitize_line(w)}" for w in result.warnings)))
        warnings.set_class(not result.warnings, "-hidden")
        self._static("#newjob-match").update(match_summary(result, has_storage=self.engine.storage is not None))
        self._refresh_state()

    def _static(self, selector: str) -> Static:
        return self.query_one(selector, Static)

    # -- state --------------------------------------------------------------------------------------

    def _refresh_state(self) -> None:
        submit = self.query_one("#newjob-submit-button", Button)
        submit.disabled = not self.can_submit
        self.query_one("#newjob-preview-button", Button).disabled = self.previewing
        self._static("#newjob-state").update(Text(self._state_text()))
        self.refresh_bindings()

    def _state_text(self) -> str:
        spin = SPINNER[self._spin % len(SPINNER)]
        if self.submitting:
            return f"{spin} submitting…"
        if self.previewing:
            return f"{spin} previewing…"
        if self.checking or self._checked_key != self._key():
            return f"{spin} checking…"
        if self.engine.read_only:
            return "read-only: submitting disabled"
        if self.check_result is not None and not self.check_result.ok:
            count = len(self.check_result.problems)
            return f"{count} problem{'s' if count != 1 else ''} to fix"
        return "ready to submit"

    def _spin_tick(self) -> None:
        if self.submitting or self.previewing or self.checking:
            self._spin += 1
            self._static("#newjob-state").update(Text(self._state_text()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit":
            return True if self.can_submit else None  # shown greyed out in the footer
        if action == "preview":
            return None if self.previewing else True
        return True

    def why_unavailable(self, action: str) -> str | None:
        """Why ctrl+s or f5 does nothing now, in one line (`DeidApp.run_action` says it)."""
        if action == "preview" and self.previewing:
            return "a preview is already running"
        if action != "submit" or self.can_submit:
            return None
        if self.engine.read_only:
            return "this profile is read-only; submitting is disabled"
        if self.submitting:
            return "already submitting; waiting for the service to answer"
        if self.checking or self._checked_key != self._key():
            return "still checking what the form shows; submit again in a moment"
        count = len(self.check_result.problems) if self.check_result is not None else 0
        if count == 1:
            return "1 problem to fix first, marked in the form"
        return f"{count} problems to fix first, marked in the form"
