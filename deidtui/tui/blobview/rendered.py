"""`RenderedLines`: a blob's display lines turned into Strips, once, and kept while they may be shown.

`BlobLines` decides which rows are on screen; this module renders those rows (decoding, PHI and
search highlights, folding, hex rows) and caches the result, so scrolling back over rows already
drawn renders nothing. Only the rows asked for are ever rendered: the cost of a screen is its
rows, whatever the blob.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.strip import Strip

from .chunks import ChunkStore
from .decode import HEX_WIDTH, MAX_LINE_BYTES, decode_line, display_text, hex_offset_width
from .render import LineDecorator, LineStyles, hex_strip, message_strip, search_highlights, text_line_strips
from .search import Match, Query

LINE_CACHE_SIZE = 2000
LONG_LINE_BYTES = 16 * 1024  # longer lines are kept in a cache sized by the screen, not by count


class RenderedLines:
    """Rendered display lines (text, as their wrapped rows) and hex rows of one store, cached.

    Anything that changes how a line looks (another store, search, markers) calls `invalidate`;
    the wrap width is part of each line's key, so a resize re-renders only what is then shown."""

    def __init__(self) -> None:
        self._cache: LRUCache[tuple, list[Strip]] = LRUCache(LINE_CACHE_SIZE)
        # Lines of up to 512 KiB, kept for about a screen's worth of rows: memory stays bounded by
        # the screen whatever the blob, and scrolling back one screen costs nothing.
        self._long_cache: LRUCache[tuple, list[Strip]] = LRUCache(16)
        self._generation = 0
        self.renders = 0
        """Lines rendered (cache misses): lets tests prove scrolling reuses rendered lines."""

    def invalidate(self) -> None:
        """Forget every rendered line (kept entries of older generations are never read again)."""
        self._generation += 1

    def fit_screen(self, height: int) -> None:
        """Keep at least a screen of long lines (`height` rows) and a few more."""
        if height + 8 > self._long_cache.maxsize:
            self._long_cache.grow(height + 8)

    def text(
        self,
        store: ChunkStore,
        start: int,
        *,
        width: int,
        styles: LineStyles,
        decorator: LineDecorator | None,
        query: Query | None,
        current: Match | None,
        markers: bool,
    ) -> list[Strip]:
        """The rows of the display line starting at byte `start`: one, or its rows folded to
        `width` cells (0: not wrapped). Raises NeedChunks if its bytes are not loaded."""
        key = (start, self._generation, width)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._long_cache.get(key)
        if cached is not None:
            return cached
        end = store.next_start(start)
        take = min(end - start, MAX_LINE_BYTES)
        raw = store.bytes_at(start, start + take)
        content = end - start
        if end > start and store.is_newline(end - 1):
            content -= 1
            raw = raw[:content]
        text, _ = decode_line(raw, complete=len(raw) == content)
        highlights = list(decorator.highlights(start, text)) if decorator else []
        highlights += search_highlights(query, current, start, raw, text, styles.match, styles.current)
        next_row = bool(store.is_continuation(end)) and end < store.size
        strips = text_line_strips(
            start,
            raw,
            content,
            next_row=next_row,
            styles=styles,
            highlights=highlights,
            markers=markers,
            wrap_width=width,
        )
        cache = self._long_cache if take > LONG_LINE_BYTES else self._cache
        cache.set(key, strips)
        self.renders += 1
        return strips

    def hex(self, store: ChunkStore, offset: int, *, styles: LineStyles, current: Match | None) -> Strip:
        """The hex row of the bytes from `offset`, the current match highlighted."""
        key = ("hex", offset, self._generation)
        cached = self._cache.get(key)
        if cached is not None:
            return cached[0]
        data = store.bytes_at(offset, offset + HEX_WIDTH)
        span = None if current is None else (current.start, current.end)
        strip = hex_strip(offset, data, hex_offset_width(store.size), styles.base, span, styles.current)
        self._cache.set(key, [strip])
        self.renders += 1
        return strip


def column_of(store: ChunkStore, offset: int) -> int:
    """The display column of byte `offset` in its line (tabs expanded, wide characters counted).
    Raises NeedChunks if the bytes before it on its line are not loaded."""
    start = store.start_of(offset)
    text, _ = decode_line(store.bytes_at(start, min(offset, start + MAX_LINE_BYTES)), complete=False)
    return cell_len(display_text(text)[0])


def notice_for(store: ChunkStore, need: set[int], notice_style: Style, error_style: Style) -> Strip:
    """The row shown while chunks `need` are read, or why one of them could not be (r retries)."""
    failed = sorted(i for i in need if i in store.errors)
    if failed:
        first = failed[0] * store.chunk_size
        error = store.errors[failed[0]]
        return message_strip(f"⚠ could not read bytes from {first:,}: {error} (r: retry)", error_style)
    lo = min(need) * store.chunk_size
    return message_strip(f"… reading from byte {lo:,} of {store.size:,}", notice_style)


def padded_row(left: Strip, body: Strip, width: int, base: Style) -> Strip:
    """`left` then `body`, blank-padded in `base` to `width` cells, built as one Strip: a row that
    fits its pane (most rows) costs one Strip, not a crop, an extension and a join of three.
    `body` must fit: `left.cell_length + body.cell_length <= width`."""
    segments = [*left, *body]
    pad = width - left.cell_length - body.cell_length
    if pad > 0:
        segments.append(Segment(" " * pad, base))
    return Strip(segments, max(width, left.cell_length + body.cell_length))
