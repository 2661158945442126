"""What every request goes through: request ids, error shape, chaos, throttling, api-version, auth."""

from __future__ import annotations

import asyncio
import logging
import random
import time
import uuid
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

from .api_errors import ApiError
from .api_versions import DEPRECATED_HEADER, SUPPORTED, SUPPORTED_HEADER, ApiVersion, unsupported_message
from .config import ChaosConfig
from .throttle import SlidingWindowLimiter

log = logging.getLogger("deidtui.emulator")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def errors_and_ids(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Render every failure in the Azure error shape and echo the client's request id."""
    try:
        response = await handler(request)
    except ApiError as exc:
        response = exc.to_response()
    except web.HTTPException as exc:
        code = {404: "NotFound", 405: "MethodNotAllowed", 413: "RequestEntityTooLarge"}.get(exc.status, "BadRequest")
        response = ApiError(exc.status, code, f"{exc.reason}: {request.method} {request.path}").to_response()
    except (ConnectionResetError, asyncio.CancelledError):
        raise
    except Exception:  # the emulator must answer, not die; the log names no document content
        log.exception("unhandled error in %s %s", request.method, request.path)
        response = ApiError(500, "InternalServerError", "The emulator hit an unexpected error.").to_response()
    client_id = request.headers.get("x-ms-client-request-id")
    if client_id:
        response.headers["x-ms-client-request-id"] = client_id
    response.headers["x-ms-request-id"] = str(uuid.uuid4())
    # Every recorded answer, errors included, announces the versions the service serves.
    response.headers["api-supported-versions"] = SUPPORTED_HEADER
    response.headers["api-deprecated-versions"] = DEPRECATED_HEADER
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _reset(request: web.Request) -> web.Response:
    """Drop the connection; the returned answer is never delivered."""
    transport = request.transport
    if transport is not None:
        transport.abort()
    return web.Response(status=500)


def chaos(config: ChaosConfig) -> Middleware:
    rng = random.Random(config.seed)
    burst_until = 0.0

    @web.middleware
    async def chaos_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        nonlocal burst_until
        if config.latency_ms:
            await asyncio.sleep(config.latency_ms / 1000)
        now = time.monotonic()
        if config.burst_rate and now >= burst_until and rng.random() < config.burst_rate:
            burst_until = now + config.burst_seconds
        if now < burst_until:
            wait = max(1, round(burst_until - now + 0.5))
            raise ApiError(
                429, "TooManyRequests", "Rate limit exceeded (chaos burst).", headers={"Retry-After": str(wait)}
            )
        roll = rng.random()
        if roll < config.reset_rate / 2:
            return _reset(request)
        if roll < config.reset_rate / 2 + config.error_rate:
            if rng.random() < 0.5:
                raise ApiError(500, "InternalServerError", "Injected failure (chaos).")
            raise ApiError(503, "ServiceUnavailable", "Injected outage (chaos).", headers={"Retry-After": "1"})
        response = await handler(request)
        if roll > 1 - config.reset_rate / 2:
            return _reset(request)  # the request was handled; its answer is lost
        return response

    return chaos_middleware


def throttling(limiter: SlidingWindowLimiter) -> Middleware:
    @web.middleware
    async def throttle_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        wait = limiter.admit()
        if wait is not None:
            raise ApiError(
                429,
                "TooManyRequests",
                f"Rate limit of {limiter.limit} requests per {limiter.window:g} seconds exceeded.",
                headers={"Retry-After": limiter.retry_after_header(wait)},
            )
        return await handler(request)

    return throttle_middleware


_API_VERSION = web.RequestKey("api_version", ApiVersion)


def api_version_of(request: web.Request) -> ApiVersion:
    """The api-version the client asked for (checked by `api_version_and_auth`)."""
    return request[_API_VERSION]


@web.middleware
async def api_version_and_auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    version = request.query.get("api-version")
    if version is None:
        raise ApiError(
            400,
            "MissingApiVersionParameter",
            f"The api-version query parameter is required; the supported api-versions are {SUPPORTED_HEADER}.",
            target="api-version",
        )
    if version not in SUPPORTED:
        raise ApiError(400, "UnsupportedApiVersion", unsupported_message(version), target="api-version")
    request[_API_VERSION] = ApiVersion(version)
    authorization = request.headers.get("Authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "Unauthorized", "A Microsoft Entra bearer token is required (Authorization: Bearer ...).")
    return await handler(request)
