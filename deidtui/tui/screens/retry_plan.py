"""The plan of a retry, shown before it is made (`F`): how many failed documents a retry can fix,
how many it cannot and why, and an explicit choice to include those anyway."""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...domain.models import Operation
from ...domain.sanitize import sanitize_line
from ...engine import RetryPlan

RetryChoice = Literal["fixable", "all"]


class RetryPlanScreen(ModalScreen[RetryChoice | None]):
    """Dismisses with "fixable" (retry what can succeed), "all" (the operator insists), or None."""

    DEFAULT_CSS = """
    RetryPlanScreen { align: center middle; }
    RetryPlanScreen > Vertical { width: 100%; max-width: 100; height: auto; max-height: 100%;
        border: thick $warning; background: $surface; padding: 1 2; }
    RetryPlanScreen .title { text-style: bold; margin-bottom: 1; }
    RetryPlanScreen .plan { height: auto; }
    RetryPlanScreen .reason { height: auto; }
    RetryPlanScreen .reason .count { width: 10; text-align: right; padding-right: 1; }
    RetryPlanScreen .reason .why { width: 1fr; }
    RetryPlanScreen #retry-after { height: auto; margin-bottom: 1; }
    RetryPlanScreen .buttons { height: auto; align-horizontal: right; }
    RetryPlanScreen Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "retry_fixable", "Retry what can succeed", id="retry.fixable"),
        Binding("a", "retry_all", "Include the unfixable", id="retry.all"),
        Binding("n,escape", "no", "No", id="retry.no"),
    ]

    def __init__(self, plan: RetryPlan, operation: Operation) -> None:
        super().__init__()
        self.plan = plan
        self.operation = operation

    def compose(self) -> ComposeResult:
        plan, name = self.plan, sanitize_line(self.plan.name)
        with Vertical():
            yield Static(Text(f"Retry the failed documents of {name}?"), classes="title", markup=False)
            yield Static(self.describe(), classes="plan", markup=False)
            for reason, many in plan.by_reason():  # a row each, wrapped under its own start
                with Horizontal(classes="reason"):
                    yield Static(Text(f"• {many} —"), classes="count", markup=False)
                    yield Static(Text(sanitize_line(reason)), classes="why", markup=False)
            yield Static(self.afterword(), id="retry-after", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("No (n)", id="no")
                if plan.unfixable:
                    yield Button(f"Retry all {plan.failed} anyway (a)", id="all", variant="warning")
                if plan.retryable:
                    yield Button(f"Retry {len(plan.retryable)} (y)", id="fixable", variant="primary")

    def describe(self) -> Text:
        """What is retried, and how many are left out (their reasons follow, one row each)."""
        plan, name = self.plan, sanitize_line(self.plan.name)
        text = Text()
        fixable = len(plan.retryable)
        if fixable:
            text.append(f"{fixable} of {plan.failed} failed document{'s' if plan.failed != 1 else ''} ", style="bold")
            text.append(
                f"can succeed on a retry: they are copied under {sanitize_line(plan.folder)} and a new job writes "
                f"their outputs where {name} would have."
            )
        else:
            text.append(f"None of the {plan.failed} failed documents can succeed on a retry.", style="bold")
        if plan.unfixable:
            count = len(plan.unfixable)
            text.append(f"\n{count} cannot, and {'are' if count != 1 else 'is'} left out:", style="bold yellow")
        return text

    def afterword(self) -> Text:
        """What a retry cannot keep, and what insisting would do."""
        lines = []
        if self.plan.unfixable:
            lines.append("Retrying them anyway (a) would very likely fail them again.")
        if self.operation is Operation.SURROGATE:
            lines.append("Consistent surrogation does not span the two jobs.")
        return Text("\n".join(lines), style="dim")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def why_unavailable(self, action: str) -> str | None:
        """Why a key of this dialog does nothing here (`DeidApp.run_action` says it)."""
        if action == "retry_fixable" and not self.plan.retryable:
            return "none of these failures can succeed on a retry; a retries them anyway"
        if action == "retry_all" and not self.plan.unfixable:
            return "every failed document here can succeed on a retry; y retries them"
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.why_unavailable(action) is None

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss("fixable" if event.button.id == "fixable" else "all" if event.button.id == "all" else None)

    def action_retry_fixable(self) -> None:
        self.dismiss("fixable")

    def action_retry_all(self) -> None:
        self.dismiss("all")

    def action_no(self) -> None:
        self.dismiss(None)
