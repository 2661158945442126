"""Polling, the request budget and the actions, shared by the dashboard and the CLI."""

from .actions import ActionResult, Actions, ReadOnlyError, SpecCheck, SubmitRejected
from .budget import Priority, RequestBudget
from .engine import Engine
from .events import (
    BudgetUse,
    Connectivity,
    DocumentsUpdated,
    Event,
    EventBus,
    JobUpdated,
    Notice,
    Subscription,
    SweepFinished,
    Throttling,
)
from .preview import PreviewItem

__all__ = [
    "ActionResult", "Actions", "BudgetUse", "Connectivity", "DocumentsUpdated", "Engine", "Event", "EventBus",
    "JobUpdated", "Notice", "PreviewItem", "Priority", "ReadOnlyError", "RequestBudget", "SpecCheck",
    "SubmitRejected", "Subscription", "SweepFinished", "Throttling",
]
