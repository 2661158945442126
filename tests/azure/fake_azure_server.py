"""Helpers for tests/azure: a tiny aiohttp server standing in for the de-identification service and blob storage.

Each test sets `server.respond` to produce the answer it needs and reads `server.requests`
to count and inspect what the SDK actually sent.
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web

from deidtui.config import Profile

# Azurite's published development key: not a secret, and what the demo uses.
DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
ACCOUNT = "devstoreaccount1"


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class FakeServer:
    url: str = ""
    requests: list[Seen] = field(default_factory=list)
    respond: Callable[[web.Request], Awaitable[web.StreamResponse] | web.StreamResponse] | None = None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(Seen(request.method, request.path, dict(request.query), dict(request.headers)))
        if self.respond is None:
            return web.json_response({"error": {"code": "NotFound", "message": "no handler"}}, status=404)
        result = self.respond(request)
        if hasattr(result, "__await__"):
            result = await result
        return result

    @property
    def storage_connection_string(self) -> str:
        return (
            f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={DEV_KEY};"
            f"BlobEndpoint={self.url}/{ACCOUNT};"
        )

    def profile(self, **changes) -> Profile:
        values = {
            "name": "test",
            "endpoint": self.url,
            "credential": "local",
            "storage_connection_string": self.storage_connection_string,
        }
        values.update(changes)
        return Profile(**values)


def azure_error(status: int, code: str, message: str, target: str | None = None, **headers: str) -> web.Response:
    """An error in the Azure core JSON shape, with `x-ms-error-code`."""
    body = {"code": code, "message": message}
    if target:
        body["target"] = target
    return web.json_response({"error": body}, status=status, headers={"x-ms-error-code": code, **headers})


def storage_error(status: int, code: str, message: str) -> web.Response:
    """An error in the blob service's XML shape, with `x-ms-error-code`."""
    xml = f'<?xml version="1.0" encoding="utf-8"?><Error><Code>{code}</Code><Message>{message}</Message></Error>'
    return web.Response(status=status, text=xml, content_type="application/xml", headers={"x-ms-error-code": code})


class UnclosedDetector:
    """Collects aiohttp's "Unclosed client session/connector" reports, however they are raised."""

    def __init__(self, loop) -> None:
        self.loop = loop
        self.reports: list[str] = []

    def __enter__(self) -> UnclosedDetector:
        self._previous = self.loop.get_exception_handler()
        self.loop.set_exception_handler(lambda _loop, context: self.reports.append(str(context.get("message"))))
        self._warnings = warnings.catch_warnings(record=True)
        self._caught = self._warnings.__enter__()
        warnings.simplefilter("always")
        return self

    def collect(self) -> list[str]:
        gc.collect()
        return [r for r in self.reports + [str(w.message) for w in self._caught] if "Unclosed" in r]

    def __exit__(self, *exc) -> None:
        self._warnings.__exit__(*exc)
        self.loop.set_exception_handler(self._previous)
