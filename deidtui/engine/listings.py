"""What storage listings return: plain records, importable without the Azure SDK (the UI paints first)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ContainerInfo:
    account_url: str
    name: str
    url: str


@dataclass(frozen=True, slots=True)
class BlobInfo:
    name: str
    size: int
    last_modified: datetime | None
    content_type: str | None


@dataclass(frozen=True, slots=True)
class FolderListing:
    prefix: str
    folders: tuple[str, ...]  # full prefixes ending in "/"
    blobs: tuple[BlobInfo, ...]
    truncated: bool  # more entries exist than LISTING_LIMIT


@dataclass(frozen=True, slots=True)
class PrefixStats:
    count: int
    total_bytes: int
    too_large: tuple[BlobInfo, ...]  # over the service's per-document limit
    truncated: bool  # counting stopped at `limit`
