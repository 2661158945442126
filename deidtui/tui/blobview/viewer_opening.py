"""Opening a blob in the viewer: its source, what kind of blob it is, and its first screen.

Small JSON opens pretty-printed (`p` builds the pretty text of a larger one, up to a limit), and a
small blob is then indexed whole, so its line count and scrollbar are exact. A mixin of
`BlobViewer`, which holds the state; a plain class at run time, since Textual takes a widget's
default CSS along its first widget base only.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

from ..workers import guarded_work
from .chunks import ChunkStore
from .decode import looks_binary, looks_json
from .source import ByteSource, MemorySource, SourceOpener, SourceTooLarge, read_all
from .status import human_size

if TYPE_CHECKING:
    from textual.containers import Vertical

    from .lines import BlobLines
    from .render import LineDecorator
    from .viewer import BlobViewer

    _Viewer = Vertical
else:
    _Viewer = object

AUTO_PRETTY_BYTES = 1024 * 1024  # small JSON opens pretty-printed
PRETTY_LIMIT = 5 * 1024 * 1024  # above this, parsing would cost too much memory and time
EAGER_INDEX_BYTES = 4 * 1024 * 1024  # small blobs are indexed at once, for an exact scrollbar


class ViewerOpening(_Viewer):
    source: ByteSource | None
    decorator: LineDecorator | None
    raw_store: ChunkStore | None
    pretty_store: ChunkStore | None
    kind: str
    pretty: bool
    open_error: Exception | None
    first_screen: asyncio.Event
    _opener: SourceOpener | None

    if TYPE_CHECKING:  # `BlobViewer` has them
        OpenFailed = BlobViewer.OpenFailed

        @property
        def lines(self) -> BlobLines: ...
        @property
        def opened(self) -> ByteSource: ...
        @property
        def raw(self) -> ChunkStore: ...
        def _toast(self, text: str, severity: str) -> None: ...

    @guarded_work(group="blobview-open")
    async def _open(self) -> None:
        try:
            await self._show_first_screen()
        finally:
            self.first_screen.set()

    async def _show_first_screen(self) -> None:
        if self.raw_store is None:
            assert self._opener is not None
            try:
                self.source = await self._opener()
            except Exception as error:  # noqa: BLE001 - any transport error: the screen closes, says why
                self.open_error = error
                self.post_message(self.OpenFailed(error))
                return
            self.raw_store = ChunkStore(self.source)
        store = self.raw_store
        sample = b""
        if store.size:
            try:
                sample = (await store.load(0)).data
            except Exception as error:  # noqa: BLE001 - any transport error: shown, r retries
                self.kind = "text"
                self.lines.show(store, hex=False)  # shows the read error and lets `r` retry
                self._toast(f"Could not read the blob: {error}", "error")
                return
        if looks_binary(sample):
            self.kind = "binary"
        elif self.decorator is None and looks_json(self.opened.name, sample):
            # (A decorated view's highlights point into these exact bytes: never reformat it.)
            self.kind = "json"
        else:
            self.kind = "text"
        pretty = store.size <= AUTO_PRETTY_BYTES and self.kind == "json" and await self._build_pretty(quiet=True)
        if pretty and self.pretty_store is not None:
            self.pretty = True
            self.lines.show(self.pretty_store, hex=False)
        else:
            self.lines.show(store, hex=self.kind == "binary")
        self.refresh_bindings()
        self.first_screen.set()
        if store.size <= EAGER_INDEX_BYTES:
            await self._index_all(store)

    async def _index_all(self, store: ChunkStore) -> None:
        """Summarise every chunk of a small blob, so its line count and scrollbar are exact.

        The chunks are kept: a small blob fits the cache (EAGER_INDEX_BYTES is below it), and the
        screen's own reads of the same chunks then wait for these instead of reading them again."""
        try:
            await store.load_many(i for i in range(store.count) if not store.index.known(i))
        except Exception as error:  # noqa: BLE001 - any transport error: counts stay estimates
            self._toast(f"Could not read the blob: {error}", "error")
        self.lines.relayout()

    async def _build_pretty(self, *, quiet: bool = False) -> bool:
        if self.pretty_store is not None:
            return True
        try:
            data = await self._all_bytes(limit=PRETTY_LIMIT)
            text = await asyncio.to_thread(_pretty_json, data)
        except SourceTooLarge:
            if not quiet:
                self._toast(
                    f"Too large to pretty-print ({human_size(self.opened.size)}; the limit is "
                    f"{human_size(PRETTY_LIMIT)}): showing it raw",
                    "warning",
                )
            return False
        except Exception as error:  # noqa: BLE001 - not JSON, too deep, unreadable: shown raw
            if not quiet:
                self._toast(f"Cannot pretty-print: {error}", "warning")
            return False
        self.pretty_store = ChunkStore(MemorySource(self.opened.name, text.encode("utf-8", "surrogatepass")))
        return True

    async def _all_bytes(self, *, limit: int) -> bytes:
        """Every byte of the blob, read through its chunk store when the blob fits the store's cache:
        the screen and the line index then find those chunks already read."""
        store = self.raw
        if store.size > limit:
            raise SourceTooLarge(store.size, limit)
        if store.count > store.max_chunks:
            return await read_all(self.opened, limit=limit)
        await store.load_many(range(store.count))
        return store.bytes_at(0, store.size)


def _pretty_json(data: bytes) -> str:
    """Indented JSON (runs in a thread). Control characters stay escaped by the encoder."""
    return json.dumps(json.loads(data), indent=2, ensure_ascii=False)
