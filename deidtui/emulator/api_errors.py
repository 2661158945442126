"""Errors in the Azure core shape: `{"error": {"code", "message", "target"?}}` plus `x-ms-error-code`."""

from __future__ import annotations

import json

from aiohttp import web


class ApiError(Exception):
    """An answer other than success; raised anywhere in a handler, rendered by the middleware."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        target: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.target = target
        self.headers = headers or {}

    def to_response(self) -> web.Response:
        error: dict[str, str] = {"code": self.code, "message": self.message}
        if self.target:
            error["target"] = self.target
        return web.Response(
            status=self.status,
            body=json.dumps({"error": error}).encode(),
            content_type="application/json",
            charset="utf-8",
            headers={"x-ms-error-code": self.code, **self.headers},
        )


def bad_request(message: str, target: str | None = None, code: str = "InvalidRequest") -> ApiError:
    return ApiError(400, code, message, target=target)


# The recorded 404 answer carries these besides x-ms-error-code.
_NO_STORE = {"Cache-Control": "no-store, no-cache", "Pragma": "no-cache", "Expires": "-1"}


def not_found() -> ApiError:
    """The recorded answer for an unknown job: the message names no job and there is no target."""
    return ApiError(404, "JobNotFound", "Job not found.", headers=dict(_NO_STORE))
