"""Errors of the local cache; every message is meant to be shown to the operator as is."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import CacheError

__all__ = ["CacheBusy", "CacheCorrupt", "CacheError", "CacheTooNew", "DuplicateIntent"]


class CacheTooNew(CacheError):
    """The cache file was written by a newer deidtui whose schema this version does not know."""

    def __init__(self, path: Path, found: int, known: int) -> None:
        self.path = path
        self.found = found
        self.known = known
        super().__init__(
            f"The cache {path} has schema version {found}, written by a newer deidtui; "
            f"this deidtui understands schema versions up to {known}. "
            "Upgrade deidtui, or use another cache file (pass a path or set DEIDTUI_CACHE), "
            f"or delete {path} to start an empty cache (jobs are refetched from the service, "
            "but local history, intents and the audit log are lost)."
        )


class CacheBusy(CacheError):
    """Another process held the cache's write lock for longer than the busy timeout."""


class CacheCorrupt(CacheError):
    """The cache file turned out to be damaged while in use (damage found at open is repaired)."""


class DuplicateIntent(CacheError):
    """A submission of the same job name is already pending in this profile."""
