"""Exit codes of every command, stable for scripts (documented in docs/cli.md)."""

from __future__ import annotations

from ..domain.errors import (
    AuthError,
    CacheError,
    Conflict,
    DeidError,
    MissingDataRole,
    NetworkError,
    NotFound,
    ServiceDown,
    StorageAccountNotConfigured,
    StorageNotReachable,
    Throttled,
    ValidationFailed,
)

OK = 0
FAILED = 1  # a job failed (no document succeeded, or the job itself failed)
USAGE = 2  # bad arguments or configuration
ENVIRONMENT = 3  # something deidtui needs is missing or unusable (npm, Azurite, the cache file)
PARTIAL = 4  # a job finished with some documents failed
CANCELED = 5  # a job was canceled
NOT_FOUND = 6  # no such job, container or blob
AUTH = 7  # sign-in needed, or access denied (a role is missing)
NETWORK = 8  # the service or storage could not be reached, kept throttling, or is down
REJECTED = 9  # a submission was rejected (locally or by the service), or a conflict
READ_ONLY = 10  # an action was refused because the profile is read-only
TIMEOUT = 11  # `--timeout` ran out while waiting; the jobs keep running
INTERNAL = 70
INTERRUPTED = 130


def for_error(error: DeidError) -> int:
    from ..engine import ActionRefused, ReadOnlyError, SubmitRejected

    if isinstance(error, ReadOnlyError):
        return READ_ONLY
    if isinstance(error, SubmitRejected | ActionRefused | ValidationFailed | Conflict):
        return REJECTED
    if isinstance(error, NotFound):
        return NOT_FOUND
    if isinstance(error, AuthError | MissingDataRole):
        return AUTH
    if isinstance(error, NetworkError | ServiceDown | Throttled | StorageNotReachable):
        return NETWORK
    if isinstance(error, StorageAccountNotConfigured):
        return USAGE
    if isinstance(error, CacheError):
        return ENVIRONMENT
    return FAILED
