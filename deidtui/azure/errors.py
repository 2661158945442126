"""Translating SDK, HTTP and network failures into domain errors, once, at the boundary.

Callers wrap each SDK call: `except Exception as exc: raise translate(exc, operation="get job",
resource=name) from exc`. Everything the service said (code, message, target) is copied into
the untrusted fields of the domain error and never formatted into `detail` or `hint`.
"""

from __future__ import annotations

import asyncio
import math
import socket
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp
from azure.core.exceptions import (
    AzureError,
    ClientAuthenticationError,
    HttpResponseError,
    ServiceRequestError,
    ServiceResponseError,
)

from ..domain.errors import (
    AccessDenied,
    AuthError,
    Conflict,
    DeidError,
    MissingDataRole,
    NetworkError,
    NotFound,
    ServiceDown,
    StorageNotReachable,
    Throttled,
    ValidationFailed,
)
from ..domain.models import ServiceError
from ..domain.secrets import mask_secrets

MAX_SERVICE_TEXT = 2000  # untrusted text is kept, but not without bound

# First words of operations that change something; a 403 on these needs a writer's role.
WRITE_VERBS = frozenset({"create", "submit", "resubmit", "cancel", "delete", "copy", "upload", "write", "retry"})

SIGN_IN_HINTS = {
    "cli": "Sign in with `az login --use-device-code` (add `--tenant <tenant id>` for another tenant), then retry.",
    "default": "Sign in with `az login --use-device-code`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and "
    "AZURE_CLIENT_SECRET for a service principal, then retry.",
    "managed-identity": "Managed identity only works on an Azure resource with an identity assigned; for a "
    'user-assigned identity check the profile\'s client_id. Elsewhere use credential = "cli".',
    "environment": "Set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH) "
    "for the service principal, then retry.",
    "device-code": "Retry to get a new device code, then enter it at the address shown before it expires.",
    "local": "The local emulator accepts any token: check the profile's endpoint points at the emulator.",
}
GENERIC_SIGN_IN_HINT = "Sign in again (for example `az login --use-device-code`), then retry."

# Storage 403 codes meaning the request was refused because of where it came from.
_NETWORK_BLOCK_CODES = {"AuthorizationFailure"}
_STORAGE_CODES = {
    "AuthorizationFailure",
    "AuthorizationPermissionMismatch",
    "AuthorizationSourceIPMismatch",
    "AuthorizationProtocolMismatch",
    "AuthorizationResourceTypeMismatch",
    "AuthorizationServiceMismatch",
    "AuthenticationFailed",
    "InvalidAuthenticationInfo",
    "ContainerNotFound",
    "BlobNotFound",
    "ConditionNotMet",
    "BlobAlreadyExists",
    "ContainerAlreadyExists",
}


def _untrusted(text: Any) -> str | None:
    # Masked before it is cut: a cut must not leave half a signature that no longer looks like one.
    if text is None:
        return None
    text = mask_secrets(str(text))
    return text[:MAX_SERVICE_TEXT] if text else None


def parse_retry_after(headers: Any, now: datetime | None = None) -> float | None:
    """Seconds to wait from `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` (seconds or HTTP date)."""
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 0.001), ("x-ms-retry-after-ms", 0.001), ("retry-after", 1.0)):
        raw = headers.get(name)
        if raw is None:
            continue
        try:
            seconds = float(raw) * scale
        except (TypeError, ValueError):
            try:
                when = parsedate_to_datetime(str(raw))
            except (TypeError, ValueError, IndexError):
                continue
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            seconds = (when - (now or datetime.now(UTC))).total_seconds()
        if math.isfinite(seconds):
            return max(0.0, seconds)
    return None


def _xml_error(body: str) -> tuple[str | None, str | None]:
    """Code and message of a storage XML error body (`<Error><Code>..</Code><Message>..</Message></Error>`)."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return None, None
    return root.findtext("Code"), root.findtext("Message")


def _service_fields(exc: HttpResponseError) -> tuple[str | None, str | None, str | None, tuple[ServiceError, ...]]:
    """(code, message, target, details) from whichever place this SDK put them."""
    code = message = target = None
    details: tuple[ServiceError, ...] = ()
    odata = getattr(exc, "error", None)
    if odata is not None:
        code, message, target = odata.code, odata.message, getattr(odata, "target", None)
        details = tuple(
            ServiceError(str(d.code or "Unknown"), str(d.message or ""), getattr(d, "target", None))
            for d in (getattr(odata, "details", None) or [])
        )
    # azure-storage-blob sets `error_code` (a str enum) after parsing the XML body.
    storage_code = getattr(exc, "error_code", None)
    code = code or (str(getattr(storage_code, "value", storage_code)) if storage_code else None)
    response = exc.response
    headers = getattr(response, "headers", None) or {}
    code = code or headers.get("x-ms-error-code")
    if message is None and response is not None:
        try:
            body = response.text()
        except Exception:  # noqa: BLE001 - a body we cannot read is simply absent
            body = ""
        if body.lstrip().startswith("<"):
            xml_code, message = _xml_error(body)
            code = code or xml_code
    return _untrusted(code), _untrusted(message), _untrusted(target), details


def _request_id(exc: HttpResponseError) -> str | None:
    headers = getattr(exc.response, "headers", None) or {}
    return _untrusted(headers.get("x-ms-request-id") or headers.get("x-ms-client-request-id"))


def _is_write(operation: str) -> bool:
    words = operation.lower().replace("_", " ").split()
    return bool(words) and words[0] in WRITE_VERBS


def _is_storage(operation: str, code: str | None) -> bool:
    if code in _STORAGE_CODES:
        return True
    lowered = operation.lower()
    return any(word in lowered for word in ("blob", "container", "storage"))


def _deid_role(operation: str, write: bool) -> str:
    if "text" in operation.lower():  # the synchronous de-identify endpoint
        return "DeID Real-time Data User"
    return "DeID Batch Owner" if write else "DeID Batch Reader"


def _sign_in(detail: str, kind: str | None, common: dict[str, Any]) -> AuthError:
    return AuthError(detail, credential_kind=kind, hint=SIGN_IN_HINTS.get(kind or "", GENERIC_SIGN_IN_HINT), **common)


def _from_storage_403(code: str | None, write: bool, common: dict[str, Any], kind: str | None) -> DeidError:
    if code in _NETWORK_BLOCK_CODES:
        return StorageNotReachable(
            "The storage account's network rules do not allow this machine to reach it. "
            "Jobs are unaffected: the de-identification service reaches storage with its own managed identity.",
            hint="Add this machine's public IP address to the storage account's firewall "
            "(Networking > Firewalls and virtual networks), or run deidtui from a virtual network "
            "with a private endpoint to the account.",
            **common,
        )
    if code == "AuthorizationSourceIPMismatch":
        return StorageNotReachable(
            "The SAS token only allows other IP addresses.",
            hint="Generate a SAS whose allowed IP range includes this machine, or remove the range.",
            **common,
        )
    if code in ("AuthenticationFailed", "InvalidAuthenticationInfo"):
        return AuthError(
            "Storage rejected the credentials: an expired SAS, a wrong account key, or an expired sign-in.",
            credential_kind=kind,
            hint="Check the profile's storage connection string or SAS (a SAS stops working at its `se=` "
            "time). If storage uses your sign-in: " + SIGN_IN_HINTS.get(kind or "", GENERIC_SIGN_IN_HINT),
            **common,
        )
    role = "Storage Blob Data Contributor" if write else "Storage Blob Data Reader"
    return MissingDataRole(
        f"Your identity may not {'change' if write else 'read'} blobs in this storage account.",
        role=role,
        hint=f'Ask an administrator to assign you the "{role}" role on the storage account or container '
        "(role assignments take a few minutes to apply). With a SAS, generate one with the "
        f"{'write' if write else 'read and list'} permission.",
        **common,
    )


def _from_response(
    exc: HttpResponseError,
    operation: str,
    kind: str | None,
    write: bool | None,
    service: str | None,
    common: dict[str, Any],
) -> DeidError:
    status = exc.status_code or 0
    code, message, target, details = _service_fields(exc)
    common.update(status=status, code=code, service_message=message, request_id=_request_id(exc))
    headers = getattr(exc.response, "headers", None)
    write = _is_write(operation) if write is None else write
    storage = service == "storage" if service else _is_storage(operation, code)
    if status == 401:
        return _sign_in("The service rejected the sign-in (it expired, or is for another tenant).", kind, common)
    if status == 403:
        if storage:
            return _from_storage_403(code, write, common, kind)
        role = _deid_role(operation, write)
        return AccessDenied(
            f"Your identity is signed in but may not {operation} on this de-identification service.",
            role=role,
            write=write,
            credential_kind=kind,
            hint=f'Ask an administrator to assign you the "{role}" role (or "DeID Data Owner") on the '
            "de-identification service; role assignments take a few minutes to apply.",
            **common,
        )
    if status == 404:
        return NotFound(f"Could not {operation}: it does not exist (or no longer exists).", **common)
    if status in (409, 412):
        return Conflict(
            f"Could not {operation}: it conflicts with the current state "
            "(for example a job of that name exists with another specification).",
            **common,
        )
    if status in (400, 422):
        return ValidationFailed(
            f"The service rejected the request to {operation}.", target=target, details=details, **common
        )
    if status == 429:
        return Throttled(
            f"Too many requests: the service asked deidtui to slow down ({operation}).",
            retry_after=parse_retry_after(headers),
            **common,
        )
    if status == 408:
        return NetworkError(f"The request to {operation} timed out on the server side.", **common)
    if status >= 500:
        return ServiceDown(
            f"The service failed to {operation} (HTTP {status}); it is usually temporary.",
            retry_after=parse_retry_after(headers),
            **common,
        )
    return DeidError(f"Could not {operation} (HTTP {status}).", **common)


def translate(
    exc: BaseException,
    *,
    operation: str,
    resource: str | None = None,
    credential_kind: str | None = None,
    service: str | None = None,
    write: bool | None = None,
) -> DeidError:
    """The domain error for `exc`, raised while doing `operation` (a short verb phrase: "get job").

    `credential_kind` picks the sign-in hint; `service` ("deid" or "storage") and `write`
    override what is otherwise inferred from `operation` and the error code.
    """
    if isinstance(exc, DeidError):
        return exc
    kind = str(credential_kind) if credential_kind is not None else None
    # The resource is often a URL the operator gave, SAS and all.
    common: dict[str, Any] = {"operation": operation, "resource": mask_secrets(resource) if resource else resource}
    if isinstance(exc, HttpResponseError) and exc.status_code is not None:
        return _from_response(exc, operation, kind, write, service, common)
    if isinstance(exc, ClientAuthenticationError):
        # No HTTP status: the credential itself failed (CredentialUnavailableError and friends):
        # not signed in, CLI missing, managed identity absent, device code expired.
        return _sign_in(
            f"Could not get a sign-in token to {operation}.",
            kind,
            {**common, "service_message": _untrusted(getattr(exc, "message", None) or str(exc))},
        )
    if isinstance(
        exc,
        (
            ServiceRequestError,
            ServiceResponseError,
            aiohttp.ClientError,
            asyncio.TimeoutError,
            ConnectionError,
            socket.gaierror,
        ),
    ):
        reaching = "reach" if isinstance(exc, ServiceRequestError) else "get an answer from"
        return NetworkError(
            f"Could not {reaching} the service to {operation} (connection refused or reset, timeout, or DNS failure).",
            hint="Check the endpoint in the profile, your network connection and any proxy (HTTPS_PROXY).",
            service_message=_untrusted(str(exc)),
            **common,
        )
    if isinstance(exc, AzureError):
        return DeidError(f"Could not {operation}.", service_message=_untrusted(str(exc)), **common)
    return DeidError(
        f"Could not {operation}: unexpected {type(exc).__name__}.",
        title="Unexpected error",
        service_message=_untrusted(str(exc)),
        **common,
    )
