"""Errors the UI can explain: what went wrong, in plain words, and the exact fix.

Every failure from the Azure SDKs is translated once (by `deidtui.azure.errors.translate`)
into one of these classes, so no SDK type reaches the engine, the cache or the UI.

Trust: `title`, `detail` and `hint` are written by deidtui. `service_message`, `code`,
`target`, `details` and `resource` may come from the service or from a job's data: they are
untrusted and kept apart so the UI can sanitize them before rendering. `str(error)` uses
only the trusted fields.
"""

from __future__ import annotations

from typing import ClassVar, Self

from .models import ServiceError


class DeidError(Exception):
    """Base of every explained failure."""

    default_title: ClassVar[str] = "Request failed"
    # True when the same request may succeed later without anyone changing anything;
    # the engine uses it to decide between backing off and reporting.
    transient: ClassVar[bool] = False

    def __init__(
        self,
        detail: str = "",
        *,
        title: str | None = None,
        hint: str = "",
        operation: str | None = None,
        resource: str | None = None,
        status: int | None = None,
        code: str | None = None,
        service_message: str | None = None,
        request_id: str | None = None,
    ) -> None:
        self.title = title or self.default_title
        self.detail = detail
        self.hint = hint
        self.operation = operation
        self.resource = resource
        self.status = status
        self.code = code
        self.service_message = service_message
        self.request_id = request_id
        super().__init__(self.title, detail)

    def __str__(self) -> str:
        return f"{self.title}: {self.detail}" if self.detail else self.title

    def __repr__(self) -> str:
        return f"{type(self).__name__}(title={self.title!r}, status={self.status!r}, code={self.code!r})"

    def detached(self) -> Self:
        """This error as a value to keep (a state, what a screen shows): the same class and fields,
        without the traceback and the exceptions it was raised from. Kept with those, it kept every
        frame it passed through alive with its locals (a sweep's names, the page in hand, a
        response) for as long as the state lasted."""
        kept = type(self).__new__(type(self))
        kept.__dict__.update(self.__dict__)
        kept.args = self.args
        return kept

    def same_as(self, other: object) -> bool:
        """The same failure said again (class and fields), whichever object carries it."""
        return type(other) is type(self) and vars(other) == vars(self)


class AuthError(DeidError):
    """Signing in failed or the sign-in expired; `hint` says how to sign in again."""

    default_title = "Sign-in needed"

    def __init__(self, detail: str = "", *, credential_kind: str | None = None, **kwargs) -> None:
        super().__init__(detail, **kwargs)
        self.credential_kind = credential_kind

    @property
    def denied(self) -> bool:
        """True when the sign-in worked but the identity lacks a role (see `AccessDenied`)."""
        return False


class AccessDenied(AuthError):
    """HTTP 403 from the de-identification service: signed in, but a role is missing."""

    default_title = "Access denied"

    def __init__(self, detail: str = "", *, role: str, write: bool, **kwargs) -> None:
        super().__init__(detail, **kwargs)
        self.role = role
        self.write = write

    @property
    def denied(self) -> bool:
        return True


class StorageNotReachable(DeidError):
    """Storage refuses this machine (network rules, 403 `AuthorizationFailure`); jobs still run."""

    default_title = "Storage not reachable from this machine"


class MissingDataRole(DeidError):
    """Storage answered 403 `AuthorizationPermissionMismatch`: a data-plane role is missing."""

    default_title = "Missing storage data role"

    def __init__(self, detail: str = "", *, role: str, **kwargs) -> None:
        super().__init__(detail, **kwargs)
        self.role = role


class Throttled(DeidError):
    """HTTP 429; `retry_after` is the server's wait in seconds, when it gave one."""

    default_title = "Throttled"
    transient = True

    def __init__(self, detail: str = "", *, retry_after: float | None = None, **kwargs) -> None:
        super().__init__(detail, **kwargs)
        self.retry_after = retry_after


class NotFound(DeidError):
    """A job, container or blob does not exist (any more)."""

    default_title = "Not found"


class Conflict(DeidError):
    """HTTP 409/412: e.g. a job of that name exists with another specification."""

    default_title = "Conflict"


class ValidationFailed(DeidError):
    """HTTP 400: the service rejected the request; `target` names the field (untrusted)."""

    default_title = "Rejected by the service"

    def __init__(
        self,
        detail: str = "",
        *,
        target: str | None = None,
        details: tuple[ServiceError, ...] = (),
        **kwargs,
    ) -> None:
        super().__init__(detail, **kwargs)
        self.target = target
        self.details = details


class ServiceDown(DeidError):
    """HTTP 5xx; `retry_after` when the server suggested a wait."""

    default_title = "Service unavailable"
    transient = True

    def __init__(self, detail: str = "", *, retry_after: float | None = None, **kwargs) -> None:
        super().__init__(detail, **kwargs)
        self.retry_after = retry_after


class NetworkError(DeidError):
    """No HTTP answer at all: connection refused or reset, timeout, DNS failure."""

    default_title = "Network error"
    transient = True


class StorageAccountNotConfigured(DeidError):
    """A container URL names a storage account the profile has no client for."""

    default_title = "Storage account not configured"


class CacheError(DeidError):
    """Something is wrong with the local cache file; the detail says which file and what to do."""

    default_title = "Local cache problem"
