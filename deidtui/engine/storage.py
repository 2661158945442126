"""Browsing storage for the containers pane, the blob viewer, job checks, previews and retries.

Storage calls go to the storage account, not to the de-identification service, so they do not
spend the service's request budget. Failures are translated once; the typical ones here are
`StorageNotReachable` (the account's network rules block this machine; jobs are unaffected) and
`MissingDataRole`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

from ..azure.clients import Clients, service_account_url
from ..azure.errors import translate
from ..domain.errors import DeidError
from ..domain.paths import matches_extensions, split_blob_url
from .listings import BlobInfo, ContainerInfo, FolderListing, PrefixStats

if TYPE_CHECKING:  # the storage SDK loads on the first storage call, not with the engine
    from azure.storage.blob.aio import ContainerClient

    from ..azure.blob_source import BlobRangeSource

LISTING_LIMIT = 5000


class StorageBrowser:
    def __init__(self, clients: Clients, credential_kind: str | None = None) -> None:
        self._clients = clients
        self._credential_kind = credential_kind

    def _error(self, exc: BaseException, operation: str, resource: str | None) -> DeidError:
        return translate(
            exc, operation=operation, resource=resource, credential_kind=self._credential_kind, service="storage"
        )

    @contextlib.contextmanager
    def _translated(self, operation: str, resource: str | None) -> Iterator[None]:
        """The SDK boundary: every failure inside becomes one explained DeidError."""
        try:
            yield
        except DeidError:
            raise
        except Exception as exc:  # noqa: BLE001 - translated, never swallowed
            raise self._error(exc, operation, resource) from None

    def container(self, container_url: str) -> ContainerClient:
        with self._translated("open container", container_url):
            return self._clients.container(container_url)

    async def containers(self) -> list[ContainerInfo]:
        found: list[ContainerInfo] = []
        for service in self._clients.blob_services.values():
            account_url = service_account_url(service)  # never `service.url`: it carries the SAS
            with self._translated("list storage containers", account_url):
                async for item in service.list_containers():
                    found.append(ContainerInfo(account_url, item.name, f"{account_url}/{item.name}"))
        return found

    async def list_folder(self, container_url: str, prefix: str = "") -> FolderListing:
        """One level of a container, split at "/" like folders."""
        from azure.storage.blob.aio import BlobPrefix

        client = self.container(container_url)
        folders: list[str] = []
        blobs: list[BlobInfo] = []
        truncated = False
        with self._translated("list blobs", f"{container_url}/{prefix}"):
            async for item in client.walk_blobs(name_starts_with=prefix or None, delimiter="/"):
                if len(folders) + len(blobs) >= LISTING_LIMIT:
                    truncated = True
                    break
                if isinstance(item, BlobPrefix):
                    folders.append(item.name)
                else:
                    blobs.append(_info(item))
        return FolderListing(prefix, tuple(folders), tuple(blobs), truncated)

    async def iter_matching(
        self, container_url: str, prefix: str, extensions: tuple[str, ...] = ("*",)
    ) -> AsyncIterator[BlobInfo]:
        client = self.container(container_url)
        with self._translated("list blobs", f"{container_url}/{prefix}"):
            async for item in client.list_blobs(name_starts_with=prefix or None):
                if matches_extensions(item.name, extensions):
                    yield _info(item)

    async def prefix_stats(
        self,
        container_url: str,
        prefix: str,
        extensions: tuple[str, ...] = ("*",),
        *,
        limit: int = 10_001,
        max_document_bytes: int = 2 * 1024 * 1024,
    ) -> PrefixStats:
        """How many blobs match and how big they are (a folder's statistics, a job's pre-check)."""
        count = total = 0
        too_large: list[BlobInfo] = []
        async for blob in self.iter_matching(container_url, prefix, extensions):
            count += 1
            total += blob.size
            if blob.size > max_document_bytes and len(too_large) < 20:
                too_large.append(blob)
            if count >= limit:
                return PrefixStats(count, total, tuple(too_large), True)
        return PrefixStats(count, total, tuple(too_large), False)

    async def exists(self, container_url: str, name: str) -> bool:
        """Whether a blob exists (one HEAD request)."""
        with self._translated("check blob", f"{container_url}/{name}"):
            return bool(await self.container(container_url).get_blob_client(name).exists())

    async def open_blob(self, container_url: str, name: str, *, head: int = 0) -> BlobRangeSource:
        """A blob as a ranged source, in one request; with `head`, its first bytes come with it."""
        from ..azure.blob_source import BlobRangeSource

        blob = self.container(container_url).get_blob_client(name)
        with self._translated("open blob", f"{container_url}/{name}"):
            return await BlobRangeSource.open(blob, head=head)

    async def open_url(self, blob_url: str, *, head: int = 0) -> BlobRangeSource:
        """A blob by its full URL (a job document's input or output location)."""
        try:
            container, name = split_blob_url(blob_url)
        except ValueError as exc:
            raise DeidError(str(exc), title="Not a blob URL", resource=blob_url) from None
        return await self.open_blob(container.url, name, head=head)

    async def read_head(self, container_url: str, name: str, limit: int) -> tuple[bytes, int]:
        """The first `limit` bytes of a blob and its full size."""
        source = await self.open_blob(container_url, name, head=limit)
        with self._translated("read blob", f"{container_url}/{name}"):
            return await source.read(0, limit), source.size

    async def copy_within_account(self, container_url: str, source_name: str, target_name: str) -> None:
        """Server-side copy inside one container (no bytes pass through this machine)."""
        client = self.container(container_url)
        source = client.get_blob_client(source_name)
        target = client.get_blob_client(target_name)
        with self._translated("copy blob", f"{container_url}/{source_name}"):
            props = await target.start_copy_from_url(source.url)
            status = props.get("copy_status")
            while status == "pending":
                await asyncio.sleep(0.2)
                status = (await target.get_blob_properties()).copy.status
            if status not in ("success", None):
                raise DeidError(f"Copying {source_name} ended as {status}.", title="Copy failed")


def _info(item) -> BlobInfo:
    settings = getattr(item, "content_settings", None)
    return BlobInfo(
        item.name,
        int(item.size or 0),
        getattr(item, "last_modified", None),
        getattr(settings, "content_type", None) if settings else None,
    )
