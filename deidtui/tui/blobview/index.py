"""The raw pieces the chunk store keeps: one chunk's bytes, and the per-chunk newline summaries.

The index never holds every line break of a 200 MB blob: per chunk it keeps the number of
newlines and the positions of the first and the last (12 bytes per chunk). That is enough to
number lines exactly over the scanned prefix (chunks 0..k all summarised), to step over a
10 MB line without its bytes, and to estimate the average line length for everything else.
"""

from __future__ import annotations

import re
from array import array

_NEWLINE = re.compile(b"\n")


class Chunk:
    """The bytes of one chunk, with its newline positions computed on first use."""

    __slots__ = ("_newlines", "data", "index", "start")

    def __init__(self, index: int, start: int, data: bytes) -> None:
        self.index = index
        self.start = start
        self.data = data
        self._newlines: array | None = None

    @property
    def end(self) -> int:
        return self.start + len(self.data)

    def newlines(self) -> array:
        """Offsets (relative to the chunk) of every newline in it."""
        if self._newlines is None:
            self._newlines = array("i", (m.start() for m in _NEWLINE.finditer(self.data)))
        return self._newlines


class LineIndex:
    """Per-chunk newline summaries and exact cumulative counts over the scanned prefix.

    `cum[i]` counts newlines in chunks [0, i), `forced[i]` the chunk-end breaks of display lines
    before chunk i (see `ChunkStore.next_start`), `starts[i]` their sum: display lines starting
    in (0, i * chunk_size]. All three exist for i <= prefix_chunks.
    """

    def __init__(self, chunk_count: int) -> None:
        self.counts = array("i", [-1]) * chunk_count  # -1: not scanned yet
        self.first = array("i", [-1]) * chunk_count
        self.last = array("i", [-1]) * chunk_count
        self.prefix_chunks = 0
        self.cum = array("q", [0])
        self.forced = array("q", [0])
        self.starts = array("q", [0])
        self.scanned_bytes = 0
        self.scanned_breaks = 0

    def add(self, chunk: Chunk) -> bool:
        """Record a chunk's summary; True when the exact prefix grew."""
        i = chunk.index
        if self.counts[i] >= 0:
            return False
        data = chunk.data
        count = data.count(b"\n")
        self.counts[i] = count
        self.first[i] = data.find(b"\n")
        self.last[i] = data.rfind(b"\n")
        self.scanned_bytes += len(data)
        self.scanned_breaks += max(count, 1)  # a newline-free chunk still ends a display line
        grew = False
        total = len(self.counts)
        while self.prefix_chunks < total and self.counts[self.prefix_chunks] >= 0:
            j = self.prefix_chunks
            self.cum.append(self.cum[j] + self.counts[j])
            self.forced.append(self.forced[j] + (1 if self.counts[j] == 0 and j + 1 < total else 0))
            self.starts.append(self.cum[j + 1] + self.forced[j + 1])
            self.prefix_chunks += 1
            grew = True
        return grew

    def known(self, i: int) -> bool:
        return self.counts[i] >= 0

    @property
    def complete(self) -> bool:
        return self.prefix_chunks == len(self.counts)

    @property
    def prefix_newlines(self) -> int:
        return self.cum[-1]

    def forced_before(self, i: int) -> int:
        return self.forced[min(i, self.prefix_chunks)]

    def avg_line_bytes(self, size: int) -> float:
        """Average bytes per display line over everything scanned (all of it is one line until then)."""
        if self.scanned_breaks == 0:
            return float(max(size, 1))
        return max(self.scanned_bytes / self.scanned_breaks, 1.0)
