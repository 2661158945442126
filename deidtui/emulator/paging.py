"""Opaque continuation tokens and `nextLink` for paged lists."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

from .api_errors import bad_request


def encode_token(position: int, scope: str) -> str:
    raw = json.dumps({"p": position, "s": scope}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str, scope: str) -> int:
    """The position a token resumes from; a token from another list or a garbled one is a 400."""
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        position = int(data["p"])
        if data["s"] != scope:
            raise ValueError
    except (ValueError, KeyError, TypeError, json.JSONDecodeError):
        raise bad_request("The continuation token is not valid for this list.", "continuationToken") from None
    return position


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


def next_link(base_url: str, path: str, token: str, size: int) -> str:
    # The SDK re-adds its own api-version when following a nextLink.
    return f"{base_url}{path}?{urlencode({'maxpagesize': size, 'continuationToken': token})}"
