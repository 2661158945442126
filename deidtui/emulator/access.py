"""Who may do what: the caller's DeID role (`--caller-role`) and what the service's managed
identity may do in storage (`--identity-storage`).

Nothing recorded shows the service's 403 answer, nor the error of a job whose managed identity has
no role on the storage account; the shapes here are the emulator's documented choice
(docs/emulator.md): a 403 `AuthorizationFailed` naming the data action, in the Azure error shape,
and jobs that fail with `StorageAccessDenied` quoting the storage's own refusal.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

from ..domain.models import ServiceError
from .api_errors import ApiError

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_ACTION_PREFIX = "Microsoft.HealthDataAIServices/deidServices"
STORAGE_ACCESS_DENIED = "StorageAccessDenied"


def data_action(request: web.Request) -> str:
    """The RBAC data action a request needs (`.../jobs/read`, `.../jobs/write`, ...)."""
    path, method = request.path, request.method
    if path.startswith("/deid"):
        return f"{_ACTION_PREFIX}/deid/action"
    if method == "GET":
        return f"{_ACTION_PREFIX}/jobs/read"
    if method == "DELETE":
        return f"{_ACTION_PREFIX}/jobs/delete"
    if method == "POST":
        return f"{_ACTION_PREFIX}/jobs/cancel/action"
    return f"{_ACTION_PREFIX}/jobs/write"


def allowed(role: str, action: str) -> bool:
    """Whether a caller holding `role` (owner, reader, none) may perform `action`."""
    if role == "owner":
        return True
    if role == "reader":
        return action.endswith("/jobs/read")
    return False


def forbidden(action: str) -> ApiError:
    return ApiError(
        403,
        "AuthorizationFailed",
        f"The caller does not have authorization to perform action '{action}' on this de-identification "
        "service; a DeID role assignment is required.",
    )


def caller_role(role: str) -> Middleware:
    """Answer 403 to what `role` may not do; after the api-version and token checks."""

    @web.middleware
    async def caller_role_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        action = data_action(request)
        if not allowed(role, action):
            raise forbidden(action)
        return await handler(request)

    return caller_role_middleware


def identity_cannot_list(account: str) -> ServiceError:
    """The job error when the managed identity may not list the source container."""
    return ServiceError(
        STORAGE_ACCESS_DENIED,
        f"The service's managed identity could not list the source container in storage account {account!r} "
        "(storage answered 403 AuthorizationPermissionMismatch); grant it 'Storage Blob Data Contributor' "
        "on that account.",
    )


def identity_cannot_write(account: str) -> ServiceError:
    """A document's error when the managed identity may read but not write the target container."""
    return ServiceError(
        STORAGE_ACCESS_DENIED,
        f"The service's managed identity could not write the output to storage account {account!r} "
        "(storage answered 403 AuthorizationPermissionMismatch); grant it 'Storage Blob Data Contributor' "
        "on that account.",
    )


def refused_by_storage(status: int | None, storage_code: str | None, account: str) -> ServiceError | None:
    """The job or document error for storage's own refusal (a 403 from the account), else None."""
    if status != 403:
        return None
    code = storage_code or "AuthorizationFailure"
    return ServiceError(
        STORAGE_ACCESS_DENIED,
        f"Storage account {account!r} refused the service's managed identity (403 {code}); grant it "
        "'Storage Blob Data Contributor' on that account, and allow trusted Azure services through its firewall.",
    )
