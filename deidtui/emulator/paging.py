"""Opaque continuation tokens and `nextLink` for paged lists."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from .api_errors import bad_request


def encode_token(position: Any, scope: str) -> str:
    raw = json.dumps({"p": position, "s": scope}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str, scope: str) -> Any:
    """The position a token resumes from; a token from another list or a garbled one is a 400."""
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(data, dict) or data["s"] != scope:
            raise ValueError
        return data["p"]
    except (ValueError, KeyError, TypeError, json.JSONDecodeError):
        raise bad_request("The continuation token is not valid for this list.", "continuationToken") from None


def page_size(raw: str | None, default: int, maximum: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        size = int(raw)
    except ValueError:
        raise bad_request(f"maxpagesize must be a whole number, not {raw!r}.", "maxpagesize") from None
    if size < 1:
        raise bad_request("maxpagesize must be at least 1.", "maxpagesize")
    return min(size, maximum)


def service_root(request: web.Request) -> str:
    """`scheme://host:port` with the port always written, as the recorded nextLink has it (`:443`)."""
    url = request.url
    host = url.raw_host or "localhost"
    if ":" in host:
        host = f"[{host}]"
    return f"{url.scheme}://{host}:{url.port}"


def next_link(request: web.Request, path: str, token: str, api_version: str) -> str:
    """The recorded form: `…/documents?api-version=2024-11-15&maxpagesize=2&continuationToken=…`, so a
    raw REST client can follow it as is (the SDK would re-add its own api-version anyway)."""
    query: dict[str, str] = {"api-version": api_version}
    if request.query.get("maxpagesize"):
        query["maxpagesize"] = request.query["maxpagesize"]
    query["continuationToken"] = token
    return f"{service_root(request)}{path}?{urlencode(query)}"
