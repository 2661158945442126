"""Polling, the request budget and the actions, shared by the dashboard and the CLI.

Names are loaded on first use (PEP 562): the dashboard paints its first screen from the cache
before the Azure SDK, aiohttp and the clients behind `Engine.start()` are imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Engine": ".engine",
    "Actions": ".actions",
    "ActionResult": ".outcomes",
    "PreviewItem": ".outcomes",
    "ReadOnlyError": ".outcomes",
    "SpecCheck": ".outcomes",
    "SubmitRejected": ".outcomes",
    "Priority": ".budget",
    "RequestBudget": ".budget",
    "BudgetUse": ".events",
    "Connectivity": ".events",
    "DocumentsUpdated": ".events",
    "Event": ".events",
    "EventBus": ".events",
    "JobUpdated": ".events",
    "Notice": ".events",
    "Subscription": ".events",
    "SweepFinished": ".events",
    "Throttling": ".events",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:  # pragma: no cover
    from .actions import Actions
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
    from .outcomes import ActionResult, PreviewItem, ReadOnlyError, SpecCheck, SubmitRejected
