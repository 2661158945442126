"""A blob as a ranged byte source, for the blob viewer (no UI imports: the layer rule).

The viewer asks for a few hundred KiB at a time, so a 200 MB blob opens with one small
GET. The source pins the blob's ETag when opened: if the blob is overwritten while it is
being viewed, later reads fail (BlobChangedError) instead of stitching two versions together.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from azure.core import MatchConditions
from azure.core.exceptions import ResourceModifiedError
from azure.storage.blob.aio import BlobClient

BeforeRequest = Callable[[], Awaitable[None]]


class BlobChangedError(RuntimeError):
    """The blob was modified after it was opened; reopen it to see the new version."""


class BlobRangeSource:
    """`ByteSource` over an async `BlobClient`: size from its properties, reads by ranged download.

    `before_request`, when given, is awaited before every request to storage, so the engine
    can apply its request budget without this class knowing about it.
    Build it with `await BlobRangeSource.open(client)`.
    """

    def __init__(
        self, client: BlobClient, *, size: int, etag: str | None, before_request: BeforeRequest | None = None
    ) -> None:
        self.name: str = client.blob_name
        self.size = size
        self.etag = etag
        self.content_type: str | None = None
        self._client = client
        self._before_request = before_request

    @classmethod
    async def open(cls, client: BlobClient, *, before_request: BeforeRequest | None = None) -> BlobRangeSource:
        """Read the blob's properties (one request) and return a source pinned to this version."""
        if before_request is not None:
            await before_request()
        properties = await client.get_blob_properties()
        source = cls(client, size=properties.size, etag=properties.etag, before_request=before_request)
        settings = properties.content_settings
        source.content_type = settings.content_type if settings is not None else None
        return source

    async def read(self, offset: int, length: int) -> bytes:
        """Up to `length` bytes from `offset` (one ranged GET; nothing is requested past the end)."""
        if offset < 0 or length < 0:
            raise ValueError(f"bad range: offset {offset}, length {length}")
        length = min(length, self.size - offset)
        if length <= 0:
            return b""
        if self._before_request is not None:
            await self._before_request()
        conditions = {}
        if self.etag:
            conditions = {"etag": self.etag, "match_condition": MatchConditions.IfNotModified}
        try:
            downloader = await self._client.download_blob(offset=offset, length=length, **conditions)
            return await downloader.readall()
        except ResourceModifiedError as error:
            raise BlobChangedError(f"{self.name} changed after it was opened; reopen it") from error
