"""The new-job form: every field the service takes, checked as you type, previewed, then submitted.

The fields are checked as they change, and submitting waits for a check that found no problem
(`new_job_check.py`). Nothing the operator typed is ever lost: a rejected or failed submission
leaves every field as it was and says why beside it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Checkbox, Footer, Input, Select, Static

from ...domain.api_versions import ApiVersion
from ...domain.errors import DeidError
from ...domain.models import JobSpec, Operation
from ...domain.sanitize import sanitize_line
from ...engine.engine import Engine
from ...engine.outcomes import ActionResult, SpecCheck, SubmitRejected
from ..workers import run_guarded
from .new_job_check import FormCheck
from .new_job_fields import choose_container, compose_fields, overwrite_label
from .new_job_form import (
    FIELD_FOR_TARGET,
    OTHER,
    FieldRow,
    container_options,
    explain_error,
    output_example,
    redaction_example,
    suggest_target_prefix,
)
from .preview import PreviewScreen

READ_ONLY_NOTE = (
    "Read-only profile: submitting is disabled. Checks and previews still work. "
    "To submit, start deidtui without --read-only or set read_only = false in the profile."
)


class NewJobScreen(ModalScreen[ActionResult | None], FormCheck):
    """Create a job; dismisses with the submission's `ActionResult` (its `warnings` to show), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "submit",
            "Submit",
            id="newjob.submit",
            priority=True,
            tooltip="Submit the job (only when the check found no problem)",
        ),
        Binding(
            "f5",
            "preview",
            "Preview",
            id="newjob.preview",
            priority=True,
            tooltip="Run the job's operation on up to three matching documents, without creating a job",
        ),
        Binding("escape", "cancel", "Cancel", id="newjob.cancel", tooltip="Close the form without submitting"),
    ]

    DEFAULT_CSS = """
    NewJobScreen { align: center middle; }
    NewJobScreen > #newjob-dialog { width: 100%; max-width: 120; height: auto; max-height: 100%;
        border: round $accent; border-title-style: bold; border-title-color: $text; background: $panel;
        padding: 0 1; }
    NewJobScreen #newjob-readonly { height: auto; background: $warning 25%; color: $text; padding: 0 1;
        display: none; }
    NewJobScreen.-read-only #newjob-readonly { display: block; }
    NewJobScreen #newjob-form { height: auto; scrollbar-size-vertical: 1; }
    NewJobScreen.-roomy FieldRow { margin-bottom: 1; }
    NewJobScreen.-roomy #newjob-dialog { padding: 1 2 0 2; }
    NewJobScreen.-roomy #newjob-match { margin-top: 1; }
    NewJobScreen FieldRow Input, NewJobScreen FieldRow Select { width: 1fr; max-width: 96; }
    NewJobScreen FieldRow Input { padding: 0 1; }
    NewJobScreen #overwrite { border: none; padding: 0; height: 1; background: transparent; }
    NewJobScreen .-hidden { display: none; }
    NewJobScreen #newjob-problems { color: $error; height: auto; }
    NewJobScreen #newjob-warnings { color: $warning; height: auto; }
    NewJobScreen #newjob-match { height: auto; padding: 0 1; }
    NewJobScreen #newjob-error { height: auto; padding: 0 1; display: none; border-left: thick $error; }
    NewJobScreen #newjob-error.-shown { display: block; }
    NewJobScreen #newjob-buttons { height: 1; margin: 1 0 0 0; }
    NewJobScreen #newjob-buttons Button { margin: 0 2 0 0; min-width: 14; }
    NewJobScreen #newjob-state { width: 1fr; height: 1; color: $text-muted; text-align: right; }
    """

    def __init__(
        self,
        engine: Engine,
        *,
        container_url: str | None = None,
        prefix: str = "",
        spec: JobSpec | None = None,
        name: str | None = None,
        parent: str | None = None,
    ) -> None:
        super().__init__()
        self.engine = engine
        self.parent_job = parent  # a resubmission of this job: the new one's lineage names it
        base = spec or JobSpec(
            source_location=container_url or "", source_prefix=prefix, target_prefix=suggest_target_prefix(prefix)
        )
        if spec is not None and container_url is not None:
            base = base.with_changes(source_location=container_url)
        if spec is not None and prefix:
            base = base.with_changes(source_prefix=prefix)
        self.initial = base
        self.initial_name = name
        self.check_result: SpecCheck | None = None  # the latest check that matches what is on screen
        self.checking = False
        self.submitting = False
        self.previewing = False
        self.containers: list = []
        self._checked_key: tuple[JobSpec, str] | None = None
        self._checking_key: tuple[JobSpec, str] | None = None
        self._debounce: Timer | None = None
        self._target_auto = spec is None  # the target prefix follows the source prefix until edited
        self._name_auto = name is None  # the suggested name follows the spec until edited
        self._derived_name = ""  # the last name this screen suggested
        self._spin = 0

    # -- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="newjob-dialog") as dialog:
            dialog.border_title = (
                f"Resubmit {sanitize_line(self.parent_job)}" if self.parent_job else "New de-identification job"
            )
            yield Static(Text(READ_ONLY_NOTE), id="newjob-readonly", markup=False)
            with VerticalScroll(id="newjob-form"):
                knows_locale = ApiVersion(self.engine.profile.api_version).has_input_locale
                yield from compose_fields(self.initial, self.initial_name or "", input_locale=knows_locale)
                yield Static(id="newjob-problems", classes="-hidden", markup=False)
                yield Static(id="newjob-warnings", classes="-hidden", markup=False)
                yield Static(id="newjob-error", markup=False)
            yield Static(Text("checking…", style="dim"), id="newjob-match", markup=False)
            with Horizontal(id="newjob-buttons"):
                yield Button("Preview  f5", id="newjob-preview-button", compact=True)
                yield Button(
                    "Submit  ctrl+s", id="newjob-submit-button", variant="primary", compact=True, disabled=True
                )
                yield Button("Cancel  esc", id="newjob-cancel-button", compact=True)
                yield Static(id="newjob-state", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.set_class(self.engine.read_only, "-read-only")
        self._refresh_visibility()
        if self.engine.storage is not None:
            run_guarded(self, self._load_containers(), group="newjob-containers", exclusive=True)
        else:
            self._note("this profile has no storage access: enter the container URL")
        self.query_one("#name", Input).focus()
        self._start_check()
        self.set_interval(0.1, self._spin_tick, pause=False)

    def on_resize(self) -> None:
        roomy = self.size.height >= 36
        self.set_class(roomy, "-roomy")
        # The dialog is as tall as its content; the form scrolls when the screen is shorter than that,
        # keeping the match summary and the buttons in view. (Textual has no calc(): size it here.)
        reserved = 1 + 2 + 2 + 2 + (3 if self.engine.read_only else 0) + (2 if roomy else 0)
        self.query_one("#newjob-form").styles.max_height = max(4, self.size.height - reserved)

    # -- reacting to edits ------------------------------------------------------------------------

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _edited(self, event: Input.Changed | Select.Changed | Checkbox.Changed) -> None:
        if not self.is_mounted:
            return
        widget_id = event.control.id
        if widget_id == "name":
            # The suggestion is set once per check, long after the previous one was read: any
            # other value is the operator's.
            self._name_auto = event.value == self._derived_name
        if widget_id == "target-prefix" and event.control.has_focus:
            # Only the operator edits the field they are in. The change this screen makes when the
            # source changes arrives later, after further keys may have changed the source again:
            # compared with the new suggestion it would look like an edit, and stop the following.
            self._target_auto = event.value == self._suggested_target()
        if widget_id == "source-prefix" and self._target_auto:
            target = self.query_one("#target-prefix", Input)
            if target.value != self._suggested_target():
                target.value = self._suggested_target()
        if widget_id in ("source-prefix", "target-prefix"):
            example = output_example(self._value("source-prefix"), self._value("target-prefix"))
            self.query_one("#target-example", Static).update(example)
        if widget_id == "overwrite":
            self.query_one("#overwrite", Checkbox).label = overwrite_label(bool(event.value))
        if widget_id == "redaction-format":
            self.query_one("#redaction-example", Static).update(redaction_example(self._value("redaction-format")))
        self._refresh_visibility()
        self._schedule_check()

    def _suggested_target(self) -> str:
        return suggest_target_prefix(self._value("source-prefix"))

    def _refresh_visibility(self) -> None:
        operation = self.operation
        self.query_one("#row-locale").set_class(operation is not Operation.SURROGATE, "-hidden")
        self.query_one("#row-redaction-format").set_class(operation is not Operation.REDACT, "-hidden")
        for which in ("source", "target"):
            choice = self.query_one(f"#{which}-container", Select).value
            self.query_one(f"#{which}-url").set_class(choice != OTHER, "-hidden")

    def _note(self, text: str) -> None:
        note = self._static("#containers-note")
        note.update(Text(sanitize_line(text)))
        note.set_class(not text, "-hidden")

    async def _load_containers(self) -> None:
        storage = self.engine.storage
        assert storage is not None
        try:
            found = await storage.containers()
        except DeidError as error:
            self._note(f"could not list containers ({error.title}): enter the container URL")
            return
        self.containers = found
        options = container_options(found)
        for which in ("source", "target"):
            choose_container(
                self.query_one(f"#{which}-container", Select),
                self.query_one(f"#{which}-url", Input),
                options,
                target=which == "target",
            )
        if not found:
            self._note("no containers found: enter the container URL")
        self._refresh_visibility()
        self._schedule_check()

    # -- actions ----------------------------------------------------------------------------------

    @on(Button.Pressed, "#newjob-submit-button")
    def _submit_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#newjob-preview-button")
    def _preview_pressed(self) -> None:
        self.action_preview()

    @on(Button.Pressed, "#newjob-cancel-button")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        if self.submitting:
            self.notify("Waiting for the service to answer the submission…", severity="warning")
            return
        self.dismiss(None)

    def action_submit(self) -> None:
        if not self.can_submit:
            return
        spec, name = self._key()
        self.submitting = True
        self._show_error(None)
        self.query_one("#newjob-form").disabled = True
        self._refresh_state()
        run_guarded(self, self._submit(spec, name), group="newjob-submit", exclusive=True)

    async def _submit(self, spec: JobSpec, name: str) -> None:
        try:
            result = await self.engine.submit(spec, name, parent=self.parent_job)
        except SubmitRejected as rejected:
            self._done_submitting()
            self.show_check(rejected.check)
            self._show_error(Text("✘ Job not submitted: fix the problems marked above.", style="bold red"))
            return
        except DeidError as error:
            self._done_submitting()
            self._show_error(explain_error(error))
            field = FIELD_FOR_TARGET.get(getattr(error, "target", None) or "")
            if field is not None:  # the service named the field it rejected
                self.query_one(f"#row-{field}", FieldRow).show_problems([error.service_message or error.title])
            return
        except Exception as error:  # noqa: BLE001 - the form must survive anything, values intact
            self._done_submitting()
            self._show_error(
                explain_error(
                    DeidError(f"unexpected {type(error).__name__}", title="Submit failed", service_message=str(error))
                )
            )
            return
        self.submitting = False
        self.dismiss(result)

    def _done_submitting(self) -> None:
        self.submitting = False
        self.query_one("#newjob-form").disabled = False
        self._refresh_state()

    def _show_error(self, text: Text | None) -> None:
        error = self._static("#newjob-error")
        error.update(text or "")
        error.set_class(text is not None, "-shown")
        if text is not None:
            self.call_after_refresh(error.scroll_visible, animate=False)

    def action_preview(self) -> None:
        if self.previewing:
            return
        spec = self.current_spec()
        if not spec.source_location:
            self._show_error(Text("✘ Choose a source container to preview its documents.", style="bold red"))
            return
        self.previewing = True
        self._show_error(None)
        self._refresh_state()
        run_guarded(self, self._preview(spec), group="newjob-preview", exclusive=True)

    async def _preview(self, spec: JobSpec) -> None:
        try:
            items = await self.engine.preview(spec)
        except DeidError as error:
            self._show_error(explain_error(error))
            return
        except Exception as error:  # noqa: BLE001
            self._show_error(
                explain_error(
                    DeidError(f"unexpected {type(error).__name__}", title="Preview failed", service_message=str(error))
                )
            )
            return
        finally:
            self.previewing = False
            self._refresh_state()
        if not items:
            self._show_error(
                Text("Nothing to preview: no document matches the source prefix and extensions.", style="bold yellow")
            )
            return
        await self.app.push_screen(PreviewScreen(items, operation=spec.operation))
