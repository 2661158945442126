"""BlobRangeSource against a real Azurite and the real async SDK."""

from __future__ import annotations

import pytest
from azure.storage.blob.aio import BlobServiceClient

from deidtui.azure.blob_source import BlobChangedError, BlobRangeSource
from deidtui.tui.blobview.chunks import ChunkStore


@pytest.fixture
async def blob_client(azurite, container):
    service = BlobServiceClient.from_connection_string(azurite.connection_string)
    async with service:
        yield lambda name: service.get_blob_client(container.client.container_name, name)


MIB = bytes(range(256)) * 4096


class Budget:
    """Counts the requests a source announces to the engine's request budget."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self) -> None:
        self.calls += 1


async def test_size_comes_from_properties_and_reads_are_exact_ranges(container, blob_client):
    data = MIB
    container.put("docs/big.bin", data)
    budget = Budget()
    source = await BlobRangeSource.open(blob_client("docs/big.bin"), before_request=budget)
    assert source.size == len(data)
    assert source.name == "docs/big.bin"
    assert await source.read(1000, 300) == data[1000:1300]
    assert await source.read(len(data) - 5, 100) == data[-5:], "a read past the end is clipped"
    assert await source.read(len(data), 10) == b""
    assert budget.calls == 3, "one budget call for the properties and one per request made"


async def test_the_viewer_store_reads_chunks_from_the_blob(container, blob_client):
    data = b"".join(b"line %d\n" % i for i in range(100_000))
    container.put("note.txt", data)
    store = ChunkStore(await BlobRangeSource.open(blob_client("note.txt")))
    chunk = await store.load(2)
    assert chunk.data == data[2 * store.chunk_size : 3 * store.chunk_size]
    assert store.requests == 1


async def test_a_blob_overwritten_after_opening_fails_instead_of_mixing_versions(container, blob_client):
    container.put("changing.txt", b"version one\n" * 100)
    source = await BlobRangeSource.open(blob_client("changing.txt"))
    container.put("changing.txt", b"version two\n" * 100)
    with pytest.raises(BlobChangedError):
        await source.read(0, 100)


async def test_opened_with_a_head_one_request_brings_the_size_and_the_first_screen(container, blob_client):
    data = MIB
    container.put("docs/big.bin", data)
    budget = Budget()
    source = await BlobRangeSource.open(blob_client("docs/big.bin"), head=256 * 1024, before_request=budget)
    assert source.size == len(data), "the size comes from the GET's Content-Range, not from the 256 KiB read"
    assert source.etag and source.head == data[: 256 * 1024]
    assert await source.read(0, 256 * 1024) == data[: 256 * 1024]
    assert await source.read(1000, 300) == data[1000:1300]
    assert budget.calls == 1, "reads inside the head make no request"
    assert await source.read(256 * 1024 - 10, 20) == data[256 * 1024 - 10 : 256 * 1024 + 10]
    assert budget.calls == 2


async def test_a_head_longer_than_the_blob_holds_all_of_it_and_an_empty_blob_opens(container, blob_client):
    container.put("small.txt", b"abc\n")
    container.put("empty.txt", b"")
    small = await BlobRangeSource.open(blob_client("small.txt"), head=256 * 1024)
    assert (small.size, small.head) == (4, b"abc\n")
    assert await small.read(0, 100) == b"abc\n"
    empty = await BlobRangeSource.open(blob_client("empty.txt"), head=256 * 1024)
    assert empty.size == 0 and await empty.read(0, 10) == b""


async def test_opened_with_a_head_the_version_read_is_the_one_pinned(container, blob_client):
    container.put("changing.txt", b"version one\n" * 100_000)
    source = await BlobRangeSource.open(blob_client("changing.txt"), head=1024)
    container.put("changing.txt", b"version two\n" * 100_000)
    assert (await source.read(0, 12)) == b"version one\n", "the head is the version opened"
    with pytest.raises(BlobChangedError):
        await source.read(500_000, 100)
