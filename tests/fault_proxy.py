"""A reverse proxy for fault-injection tests: it counts and times every request on the wire, and
injects the faults a test scripts (a dropped connection before or after the server handled the
request, a chosen answer such as 429 with Retry-After), or drops connections at random.

Tests point deidtui (in process or as a subprocess) at the proxy instead of the server; the proxy
forwards each request unchanged and remembers what arrived, when, and how it was answered. Each
client can have an endpoint of its own (`endpoint(client)`: another port of the same proxy), so a
test can tell several clients' requests apart. Absolute URLs in answers (a `nextLink`, an
`Operation-Location`) are rewritten to the client's endpoint, so no request goes around the proxy.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

import aiohttp
from aiohttp import web

from deidtui.azure.transport import send_once

# Hop-by-hop headers and those aiohttp recomputes; everything else passes through as sent.
_SKIP = {"host", "content-length", "transfer-encoding", "connection", "keep-alive", "content-encoding"}

FaultKind = Literal["drop-before", "drop-after", "answer"]


@dataclass
class Fault:
    """One scripted fault, applied to the next `times` requests that match `method` and whose path
    ends with `path_suffix` (any request when both are empty).

    - drop-before: the connection is dropped without forwarding (the server never saw it);
    - drop-after: the request is forwarded and handled, then the connection is dropped (the
      client never learns the outcome);
    - answer: the proxy answers `status` with `headers` itself (e.g. 429 and Retry-After).
    """

    kind: FaultKind
    method: str = ""
    path_suffix: str = ""
    times: int = 1
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)

    def matches(self, method: str, path: str) -> bool:
        return self.times > 0 and (not self.method or method == self.method) and path.endswith(self.path_suffix)


@dataclass
class Seen:
    """One request as it crossed the proxy; times are `time.monotonic()` in this process."""

    client: str
    method: str
    path: str
    arrived: float
    answered: float | None = None  # None: the connection was dropped
    status: int | None = None
    retry_after: float | None = None
    fault: FaultKind | None = None


class FaultProxy:
    def __init__(self, upstream: str, *, drop_rate: float = 0.0, seed: int | None = None) -> None:
        self.upstream = upstream.rstrip("/")
        self.drop_rate = drop_rate
        self.faults: list[Fault] = []
        self.seen: list[Seen] = []
        self.url = ""
        self._random = random.Random(seed)
        self._clients: dict[int, str] = {}  # local port -> client name
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fault-proxy", daemon=True)
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    @property
    def requests(self) -> list[str]:
        """Every request that reached the proxy, as "METHOD /path"."""
        return [f"{s.method} {s.path}" for s in list(self.seen)]

    def add_fault(self, fault: Fault) -> Fault:
        self.faults.append(fault)
        return fault

    def _fault_for(self, method: str, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.matches(method, path):
                fault.times -= 1
                return fault
        if self.drop_rate and self._random.random() < self.drop_rate:
            return Fault("drop-before" if self._random.random() < 0.5 else "drop-after")
        return None

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        port = request.transport.get_extra_info("sockname")[1] if request.transport else 0
        client = self._clients.get(port, "")
        seen = Seen(client, request.method, request.path, time.monotonic())
        self.seen.append(seen)
        fault = self._fault_for(request.method, request.path)
        seen.fault = fault.kind if fault else None
        if fault is not None and fault.kind == "drop-before":
            return _drop(request)
        if fault is not None and fault.kind == "answer":
            return self._answered(seen, web.Response(status=fault.status, headers=fault.headers))
        assert self._session is not None
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _SKIP}
        body = await request.read()
        try:
            async with self._session.request(
                request.method,
                self.upstream + request.rel_url.raw_path_qs,
                headers=headers,
                data=body,
                allow_redirects=False,
            ) as answer:
                content = await answer.read()
                status, reply_headers = answer.status, dict(answer.headers)
        except aiohttp.ClientError:
            return _drop(request)  # the server dropped it: so does the proxy
        if fault is not None and fault.kind == "drop-after":
            return _drop(request)
        base = f"http://127.0.0.1:{port}"
        content = content.replace(self.upstream.encode(), base.encode())
        reply = {k: v.replace(self.upstream, base) for k, v in reply_headers.items() if k.lower() not in _SKIP}
        return self._answered(seen, web.Response(status=status, body=content, headers=reply))

    @staticmethod
    def _answered(seen: Seen, response: web.Response) -> web.Response:
        seen.answered = time.monotonic()
        seen.status = response.status
        wait = response.headers.get("Retry-After")
        seen.retry_after = float(wait) if wait else None
        return response

    async def _start(self) -> None:
        # Without deidtui's middleware, aiohttp would itself re-send an idempotent request to the
        # server after a dropped connection, hiding the drop from the client behind the proxy.
        self._session = aiohttp.ClientSession(auto_decompress=False, middlewares=(send_once,))
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        self.url = await self._listen("")

    async def _listen(self, client: str) -> str:
        assert self._runner is not None
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._clients[port] = client
        return f"http://127.0.0.1:{port}"

    def endpoint(self, client: str) -> str:
        """An endpoint of its own for `client`: its requests are recorded under that name."""
        return asyncio.run_coroutine_threadsafe(self._listen(client), self._loop).result(timeout=30)

    async def _stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    def start(self) -> FaultProxy:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=30)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    # -- what tests check ------------------------------------------------------------------------

    def inside_retry_after(self, grace: float = 0.25) -> list[tuple[Seen, Seen]]:
        """Pairs (an answer with Retry-After, a later request of the same client that arrived
        before that wait was over). Requests arriving within `grace` of the answer are left out:
        the client granted them before the answer reached it (they were already on their way)."""
        late: list[tuple[Seen, Seen]] = []
        seen = sorted(self.seen.copy(), key=lambda s: s.arrived)
        for answer in seen:
            if answer.retry_after is None or answer.answered is None or answer.status not in (429, 503):
                continue
            start, end = answer.answered + grace, answer.answered + answer.retry_after - 0.05
            late += [(answer, s) for s in seen if s.client == answer.client and start < s.arrived < end]
        return late

    def busiest_window(self, window: float, *, admitted_only: bool = True) -> int:
        """The most requests that arrived in any `window` seconds (only those the server admitted:
        not answered 429, by default)."""
        stamps = sorted(
            s.arrived for s in list(self.seen) if not admitted_only or (s.status is not None and s.status != 429)
        )
        best, first = 0, 0
        for last, stamp in enumerate(stamps):
            while stamp - stamps[first] >= window:
                first += 1
            best = max(best, last - first + 1)
        return best


def _drop(request: web.Request) -> web.Response:
    """Drop the connection; the returned answer is never delivered."""
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=500)


@contextmanager
def fault_proxy(upstream: str, **options: object) -> Iterator[FaultProxy]:
    proxy = FaultProxy(upstream, **options).start()  # type: ignore[arg-type]
    try:
        yield proxy
    finally:
        proxy.stop()
