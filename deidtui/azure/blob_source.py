"""A blob as a ranged byte source, for the blob viewer (no UI imports: the layer rule).

The viewer asks for a few hundred KiB at a time, so a 200 MB blob opens with one small
GET: opened with `head`, the source learns the blob's size from that GET's Content-Range
instead of asking for its properties first (one round trip, not two). The source pins the
blob's ETag when opened: if the blob is overwritten while it is being viewed, later reads
fail (BlobChangedError) instead of stitching two versions together.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from azure.core import MatchConditions
from azure.core.exceptions import HttpResponseError, ResourceModifiedError
from azure.storage.blob import BlobProperties
from azure.storage.blob.aio import BlobClient, StorageStreamDownloader

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
        self.head = b""
        """The blob's first bytes when opened with `head`: reads inside them need no request."""
        self._client = client
        self._before_request = before_request

    @classmethod
    async def open(
        cls, client: BlobClient, *, head: int = 0, before_request: BeforeRequest | None = None
    ) -> BlobRangeSource:
        """A source pinned to the blob's current version, in one request.

        With `head`, that request is a ranged GET of the first `head` bytes, kept for the first
        reads (a viewer's first screen); without, it asks for the blob's properties."""
        if before_request is not None:
            await before_request()
        if head > 0:
            try:
                downloader = await client.download_blob(offset=0, length=head)
            except HttpResponseError as error:
                if error.status_code != 416:
                    raise
                # An empty blob has no range to read (416): its properties say so.
                if before_request is not None:
                    await before_request()
            else:
                return await cls._with_head(client, downloader, before_request)
        return cls._from(client, await client.get_blob_properties(), before_request)

    @classmethod
    async def _with_head(
        cls, client: BlobClient, downloader: StorageStreamDownloader, before_request: BeforeRequest | None
    ) -> BlobRangeSource:
        data = await downloader.readall()
        properties = downloader.properties
        size = _total_size(properties.content_range) if properties.content_range else len(data)
        source = cls._from(client, properties, before_request, size=size)
        source.head = data
        return source

    @classmethod
    def _from(
        cls,
        client: BlobClient,
        properties: BlobProperties,
        before_request: BeforeRequest | None,
        *,
        size: int | None = None,
    ) -> BlobRangeSource:
        source = cls(
            client, size=properties.size if size is None else size, etag=properties.etag, before_request=before_request
        )
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
        if offset + length <= len(self.head):
            return self.head[offset : offset + length]
        if self._before_request is not None:
            await self._before_request()
        # Only the version that was opened: a blob replaced since then is an error, not a mix of two.
        condition = MatchConditions.IfNotModified if self.etag else None
        try:
            downloader = await self._client.download_blob(
                offset=offset, length=length, etag=self.etag, match_condition=condition
            )
            return await downloader.readall()
        except ResourceModifiedError as error:
            raise BlobChangedError(f"{self.name} changed after it was opened; reopen it") from error


def _total_size(content_range: str) -> int:
    """The blob's size from a Content-Range such as "bytes 0-262143/209715200"."""
    total = content_range.rpartition("/")[2]
    if not total.isdigit():
        raise ValueError(f"the storage service answered an unexpected Content-Range: {content_range!r}")
    return int(total)
