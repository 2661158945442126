"""A storage stand-in that refuses the way Azure Storage does: a small proxy in front of Azurite.

Azurite accepts every request its key signs; a real storage account also refuses requests for
where they come from (its firewall: 403 `AuthorizationFailure`) and for who makes them (a missing
data role: 403 `AuthorizationPermissionMismatch`). `StorageGate` forwards every request to Azurite
unchanged, unless the policy of its caller says to refuse it, in storage's own XML error shape.

Two callers are told apart, as Azure tells the de-identification service (a trusted Azure service,
let through by `--bypass AzureServices`) from the operator's machine: requests whose User-Agent is
the emulator's (`deidtui-emulator/...`) are the service's; every other one is the operator's.

Each caller's policy is one of:
- `allow`: forwarded;
- `firewall`: every request refused with 403 `AuthorizationFailure` (public network access
  disabled, or this address not in the account's network rules);
- `no-role`: every request refused with 403 `AuthorizationPermissionMismatch` (signed in, but no
  Storage Blob Data role);
- `read-only`: reads forwarded, writes (PUT, DELETE, POST) refused with 403
  `AuthorizationPermissionMismatch` ("Storage Blob Data Reader" but not Contributor).

Used by the tests (doctor's failure modes, `run`'s restarts: it also counts what passes) and by
anyone who wants to see deidtui explain a refusal: `StorageGate(azurite.url).start()`.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections import Counter
from dataclasses import dataclass
from email.utils import formatdate
from typing import Literal
from xml.sax.saxutils import escape

import aiohttp
from aiohttp import web

Policy = Literal["allow", "firewall", "no-role", "read-only"]
POLICIES: tuple[Policy, ...] = ("allow", "firewall", "no-role", "read-only")
SERVICE_AGENT_PREFIX = "deidtui-emulator/"

# Hop-by-hop headers and those aiohttp recomputes; everything else passes through as sent.
_SKIP = {"host", "content-length", "transfer-encoding", "connection", "keep-alive", "content-encoding"}
_MESSAGES = {
    "AuthorizationFailure": "This request is not authorized to perform this operation.",
    "AuthorizationPermissionMismatch": (
        "This request is not authorized to perform this operation using this permission."
    ),
}
_WRITES = {"PUT", "DELETE", "POST", "PATCH"}


@dataclass(frozen=True, slots=True)
class Passed:
    """One request the gate saw: who sent it, what it was, and whether it was refused."""

    caller: Literal["service", "operator"]
    method: str
    path: str
    refused: str | None


def refusal(policy: Policy, method: str) -> str | None:
    """The storage error code a request gets under `policy`, or None when it passes."""
    if policy == "firewall":
        return "AuthorizationFailure"
    if policy == "no-role":
        return "AuthorizationPermissionMismatch"
    if policy == "read-only" and method.upper() in _WRITES:
        return "AuthorizationPermissionMismatch"
    return None


def _error(code: str, method: str) -> web.Response:
    request_id = str(uuid.uuid4())
    message = f"{_MESSAGES[code]}\nRequestId:{request_id}\nTime:{formatdate(usegmt=True)}"
    headers = {"x-ms-error-code": code, "x-ms-request-id": request_id, "x-ms-version": "2025-01-05"}
    if method == "HEAD":  # storage answers HEAD with the code in its header only
        return web.Response(status=403, headers=headers)
    body = (
        f'<?xml version="1.0" encoding="utf-8"?><Error><Code>{code}</Code><Message>{escape(message)}</Message></Error>'
    )
    return web.Response(status=403, body=body.encode(), content_type="application/xml", headers=headers)


class StorageGate:
    """The proxy, on its own event loop in a thread; `url` is its blob endpoint once started."""

    def __init__(self, upstream: str, *, operator: Policy = "allow", service: Policy = "allow") -> None:
        self.upstream = upstream.rstrip("/")
        self.operator: Policy = operator
        self.service: Policy = service
        self.seen: list[Passed] = []
        self.url = ""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="storage-gate", daemon=True)
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._lock = threading.Lock()

    def connection_string(self, azurite_connection_string: str) -> str:
        """Azurite's connection string with its blob endpoint moved to this gate."""
        parts = [p for p in azurite_connection_string.split(";") if p and not p.startswith("BlobEndpoint=")]
        account = next(p.split("=", 1)[1] for p in parts if p.startswith("AccountName="))
        return ";".join([*parts, f"BlobEndpoint={self.url}/{account}"]) + ";"

    def counts(self, method: str, *, caller: str = "operator") -> Counter[str]:
        """How many requests of `method` each path received from `caller` (refused ones excluded)."""
        with self._lock:
            return Counter(p.path for p in self.seen if p.method == method and p.caller == caller and not p.refused)

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        agent = request.headers.get("User-Agent", "")
        caller: Literal["service", "operator"] = "service" if agent.startswith(SERVICE_AGENT_PREFIX) else "operator"
        code = refusal(self.service if caller == "service" else self.operator, request.method)
        with self._lock:
            self.seen.append(Passed(caller, request.method, request.path, code))
        if code is not None:
            return _error(code, request.method)
        assert self._session is not None
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _SKIP}
        # The request is signed (SharedKey) over its headers: aiohttp must add none of its own.
        unsent = {"Content-Type"} if "Content-Type" not in request.headers else set()
        async with self._session.request(
            request.method,
            self.upstream + request.rel_url.raw_path_qs,
            headers=headers,
            data=await request.read(),
            allow_redirects=False,
            skip_auto_headers=unsent,
        ) as answer:
            body = await answer.read()
            reply_headers = {k: v for k, v in answer.headers.items() if k.lower() not in _SKIP}
            return web.Response(status=answer.status, body=body, headers=reply_headers)

    async def _start(self) -> None:
        self._session = aiohttp.ClientSession(auto_decompress=False)
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"

    async def _stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    def start(self) -> StorageGate:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=30)
        return self

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def __enter__(self) -> StorageGate:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
