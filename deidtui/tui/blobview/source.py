"""Where the viewer's bytes come from: anything that can tell its size and read a byte range.

No textual import here: sources are plain async objects, so the Azure adapter
(`deidtui.azure.blob_source`) and test doubles need nothing from the UI.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar, runtime_checkable

T = TypeVar("T")

DEFAULT_READ_SIZE = 256 * 1024


@runtime_checkable
class ByteSource(Protocol):
    """A read-only sequence of bytes of known size, read by ranges (a blob, a file, a buffer)."""

    name: str
    size: int

    async def read(self, offset: int, length: int) -> bytes:
        """Up to `length` bytes from `offset`; fewer only at the end of the data."""
        ...


SourceOpener = Callable[[], Awaitable[ByteSource]]
"""Opens a source (for a blob: one request that also fetches its first bytes)."""


def start_now(read: Callable[[], Awaitable[T]]) -> asyncio.Future[T] | None:
    """Run `read()` at once, so its request overlaps building the screen; None outside an event
    loop (the caller then reads when mounted). Its failure is for whoever awaits the task."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return None
    task = asyncio.ensure_future(read())
    task.add_done_callback(lambda done: done.cancelled() or done.exception())  # no "never retrieved"
    return task


class MemorySource:
    """A `ByteSource` over bytes already in memory (tests, pretty-printed JSON, loaded documents)."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self.size = len(data)
        self._data = memoryview(data)
        self.reads = 0
        """How many times `read` was called; lets tests prove what was fetched."""

    async def read(self, offset: int, length: int) -> bytes:
        self.reads += 1
        if offset < 0 or length < 0:
            raise ValueError(f"bad range: offset {offset}, length {length}")
        return bytes(self._data[offset : offset + length])


class SourceTooLarge(Exception):
    """The whole source was needed in memory (a comparison, a pretty print) but exceeds the limit."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size:,} bytes is over the {limit:,} byte limit for this view")
        self.size = size
        self.limit = limit


async def read_all(source: ByteSource, *, limit: int, read_size: int = DEFAULT_READ_SIZE) -> bytes:
    """Every byte of `source`, read in ranges; refuses (SourceTooLarge) above `limit` bytes."""
    if source.size > limit:
        raise SourceTooLarge(source.size, limit)
    parts: list[bytes] = []
    offset = 0
    while offset < source.size:
        part = await source.read(offset, min(read_size, source.size - offset))
        if not part:
            break  # the source shrank under us; what we have is all there is
        parts.append(part)
        offset += len(part)
    return b"".join(parts)
