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


async def test_size_comes_from_properties_and_reads_are_exact_ranges(container, blob_client):
    data = bytes(range(256)) * 4096  # 1 MiB
    container.put("docs/big.bin", data)
    calls = []

    async def budget() -> None:
        calls.append(1)

    source = await BlobRangeSource.open(blob_client("docs/big.bin"), before_request=budget)
    assert source.size == len(data)
    assert source.name == "docs/big.bin"
    assert await source.read(1000, 300) == data[1000:1300]
    assert await source.read(len(data) - 5, 100) == data[-5:], "a read past the end is clipped"
    assert await source.read(len(data), 10) == b""
    assert len(calls) == 3, "one budget call for the properties and one per request made"


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
