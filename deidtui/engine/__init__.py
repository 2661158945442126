"""Polling, the request budget and the actions, shared by the dashboard and the CLI.

Names are loaded on first use (PEP 562): the dashboard paints its first screen from the cache
before the Azure SDK, aiohttp and the clients behind `Engine.start()` are imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Action": ".service_calls",
    "Engine": ".engine",
    "ActionResult": ".outcomes",
    "ActionRefused": ".outcomes",
    "ActionUnavailable": ".outcomes",
    "PreviewItem": ".outcomes",
    "ReadOnlyError": ".outcomes",
    "RetryPlan": ".outcomes",
    "Settlement": ".outcomes",
    "SpecCheck": ".outcomes",
    "SubmitRejected": ".outcomes",
    "Fleet": ".fleet",
    "FleetSubscription": ".fleet",
    "ServiceEvent": ".fleet",
    "ServiceResult": ".fleet",
    "Priority": ".budget",
    "RequestBudget": ".budget",
    "BudgetUse": ".events",
    "CacheReplaced": ".events",
    "EngineState": ".events",
    "EngineStatus": ".events",
    "Event": ".events",
    "EventBus": ".events",
    "JobChanged": ".events",
    "Notice": ".events",
    "Subscription": ".events",
    "SweepFinished": ".events",
    "Throttling": ".events",
}

__all__ = [
    "Action",
    "ActionRefused",
    "ActionResult",
    "ActionUnavailable",
    "BudgetUse",
    "CacheReplaced",
    "Engine",
    "EngineState",
    "EngineStatus",
    "Event",
    "EventBus",
    "Fleet",
    "FleetSubscription",
    "JobChanged",
    "Notice",
    "PreviewItem",
    "Priority",
    "ReadOnlyError",
    "RequestBudget",
    "RetryPlan",
    "ServiceEvent",
    "ServiceResult",
    "Settlement",
    "SpecCheck",
    "SubmitRejected",
    "Subscription",
    "SweepFinished",
    "Throttling",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:  # pragma: no cover
    from .budget import Priority, RequestBudget
    from .engine import Engine
    from .events import (
        BudgetUse,
        CacheReplaced,
        EngineState,
        EngineStatus,
        Event,
        EventBus,
        JobChanged,
        Notice,
        Subscription,
        SweepFinished,
        Throttling,
    )
    from .fleet import Fleet, FleetSubscription, ServiceEvent, ServiceResult
    from .outcomes import (
        ActionRefused,
        ActionResult,
        ActionUnavailable,
        PreviewItem,
        ReadOnlyError,
        RetryPlan,
        Settlement,
        SpecCheck,
        SubmitRejected,
    )
    from .service_calls import Action
