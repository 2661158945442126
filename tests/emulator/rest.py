"""Raw REST calls to the emulator, for what the SDK hides: status codes, headers, JSON as sent."""

from __future__ import annotations

from typing import Any

import aiohttp

GA = "2024-11-15"
PREVIEW = "2025-07-15-preview"
API = f"api-version={GA}"
AUTH = {"Authorization": "Bearer anything"}


async def call(method: str, url: str, *, headers: dict | None = None, **kwargs: Any):
    """(status, headers, JSON body or None) of one request, with a bearer token."""
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, url, headers={**AUTH, **(headers or {})}, **kwargs) as response,
    ):
        body = await response.json(content_type=None) if response.content_length != 0 else None
        return response.status, response.headers, body


async def all_documents(base_url: str, job: str, *, api: str = GA, page: int | None = None) -> list[dict]:
    """Every document of a job as JSON, following each `nextLink` exactly as sent."""
    url = f"{base_url}/jobs/{job}/documents?api-version={api}" + (f"&maxpagesize={page}" if page else "")
    documents: list[dict] = []
    while url:
        status, _, body = await call("GET", url)
        assert status == 200, body
        documents.extend(body["value"])
        url = body.get("nextLink")
    return documents
