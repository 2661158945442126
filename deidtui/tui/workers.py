"""Every background task of the dashboard runs here, so its failure takes the one error route.

Textual's workers either end the app on an exception (`exit_on_error=True`) or drop it silently;
neither is right for an operator's dashboard. `run_guarded` and `guarded_work` (the `@work` of
this app) catch what the work raises and hand it to `report_error`: a toast in one format, an
activity entry, and the app stays up. Cancellation is not a failure. Nothing else in deidtui/tui
calls `run_worker` or `@work` (a test checks).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Concatenate, ParamSpec, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker

from .errors import report_error

T = TypeVar("T")
P = ParamSpec("P")
N = TypeVar("N", bound=DOMNode)


async def _guarded(node: DOMNode, work: Awaitable[T], doing: str) -> T | None:
    try:
        return await work
    except asyncio.CancelledError:
        raise
    except Exception as error:  # noqa: BLE001 - the one route for every worker's failure
        report_error(node, error, doing=doing)
        return None


def run_guarded(
    node: DOMNode, work: Awaitable[T], *, group: str, exclusive: bool = False, doing: str = ""
) -> Worker[T | None]:
    """Run `work` as a worker of `node`; a failure is reported, never fatal, never silent."""
    return node.run_worker(
        _guarded(node, work, doing or group.replace("-", " ")),
        group=group,
        exclusive=exclusive,
        exit_on_error=False,
    )


def guarded_work(
    *, group: str, exclusive: bool = False, doing: str = ""
) -> Callable[[Callable[Concatenate[N, P], Coroutine[Any, Any, T]]], Callable[Concatenate[N, P], Worker[T | None]]]:
    """Decorate an async method so that calling it runs it as a guarded worker (like `@work`)."""

    def decorate(
        method: Callable[Concatenate[N, P], Coroutine[Any, Any, T]],
    ) -> Callable[Concatenate[N, P], Worker[T | None]]:
        @functools.wraps(method)
        def start(self: N, *args: P.args, **kwargs: P.kwargs) -> Worker[T | None]:
            return run_guarded(self, method(self, *args, **kwargs), group=group, exclusive=exclusive, doing=doing)

        return start

    return decorate


class Coalesced:
    """Work run when asked, one run at a time: whatever asks while a run is going asks for one more
    run after it, never for a pile of them (a pane reading again what changed in the cache, however
    many changes arrive meanwhile). Each run is a guarded worker of `node`."""

    def __init__(self, node: DOMNode, work: Callable[[], Awaitable[object]], *, group: str, doing: str) -> None:
        self._node = node
        self._work = work
        self._group = group
        self._doing = doing
        self._wanted = False
        self._running = False

    def ask(self) -> None:
        self._wanted = True
        if not self._running:
            self._running = True
            run_guarded(self._node, self._runs(), group=self._group, doing=self._doing)

    async def _runs(self) -> None:
        try:
            while self._wanted:
                self._wanted = False
                await self._work()
        finally:
            self._running = False
