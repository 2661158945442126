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
    RetryPlanScreen > Vertical { width: auto; min-width: 50; max-width: 96%; height: auto; max-height: 90%;
        border: thick $warning; background: $surface; padding: 1 2; }
    RetryPlanScreen .title { text-style: bold; margin-bottom: 1; }
    RetryPlanScreen #retry-plan { height: auto; max-height: 16; overflow-y: auto; margin-bottom: 1; }
    RetryPlanScreen Horizontal { height: auto; align-horizontal: right; }
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
            yield Static(self.describe(), id="retry-plan", markup=False)
            with Horizontal():
                yield Button("No (n)", id="no")
                if plan.unfixable:
                    yield Button(f"Retry all {plan.failed} anyway (a)", id="all", variant="warning")
                if plan.retryable:
                    yield Button(f"Retry {len(plan.retryable)} (y)", id="fixable", variant="primary")

    def describe(self) -> Text:
        """The plan in words: what is retried, what is left out and why, what a retry cannot keep."""
        plan, name = self.plan, sanitize_line(self.plan.name)
        text = Text()
        fixable = len(plan.retryable)
        if fixable:
            text.append(f"{fixable} of {plan.failed} failed document{'s' if plan.failed != 1 else ''} ", style="bold")
            text.append(
                f"can succeed on a retry: they are copied under {sanitize_line(plan.folder)} and a new job writes "
                f"their outputs where {name} would have.\n"
            )
        else:
            text.append(f"None of the {plan.failed} failed documents can succeed on a retry.\n", style="bold")
        if plan.unfixable:
            count = len(plan.unfixable)
            text.append(f"{count} cannot, and {'are' if count != 1 else 'is'} left out:\n", style="bold yellow")
            for reason, many in plan.by_reason():
                text.append(f"  • {many} — {sanitize_line(reason)}\n")
            text.append("Retrying them anyway (a) would very likely fail them again.\n", style="dim")
        if self.operation is Operation.SURROGATE:
            text.append("Consistent surrogation does not span the two jobs.", style="dim")
        text.rstrip()
        return text

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
