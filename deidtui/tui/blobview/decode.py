"""Bytes to displayable text: content detection, line decoding, tab expansion, hex rows.

Everything here returns plain strings that have been through `deidtui.domain.sanitize`;
styling happens later, on these strings, with markup off.
"""

from __future__ import annotations

from deidtui.domain.sanitize import sanitize, sanitize_line

MAX_LINE_BYTES = 512 * 1024
"""The longest display line the viewer draws whole: two chunks, the most a display line can span
(a line with no newline in a chunk ends at the chunk's end; see `ChunkStore.next_start`)."""
MAX_LINE_CHARS = MAX_LINE_BYTES
"""A longer line is clipped, with a marker: only a whole document's line can be longer (the
compare view), as a character is at least one byte."""
TAB_SIZE = 4
HEX_WIDTH = 16
_SAMPLE = 8192
_CONTROLS = bytes(b for b in [*range(0x20), 0x7F] if b not in b"\t\n\r\f\b")  # layout is not control


def looks_binary(sample: bytes) -> bool:
    """True for bytes that are not text: a NUL (as git decides), or mostly control or undecodable bytes."""
    sample = sample[:_SAMPLE]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    if controls > len(sample) * 0.3:
        return True
    text = sample.decode("utf-8", errors="replace")
    # The sample may end in the middle of a character; one stray replacement is not evidence.
    return text.count("\ufffd") > max(len(text) * 0.3, 1)


def looks_json(name: str, sample: bytes) -> bool:
    """A `.json` blob, or one whose first non-blank byte opens an object or array."""
    if name.lower().endswith(".json"):
        return True
    head = sample[:_SAMPLE].lstrip(b"\xef\xbb\xbf").lstrip()
    return head[:1] in (b"{", b"[")


def decode_line(raw: bytes, *, complete: bool) -> tuple[str, bool]:
    """Text of a line's bytes (no newline); returns (text, clipped).

    Invalid UTF-8 bytes decode to lone surrogates (one per byte, so the text maps back to the
    exact bytes), which the sanitizer shows as U+FFFD. `complete` is False when `raw` is only
    the beginning of a longer line.
    """
    if complete and raw.endswith(b"\r"):
        raw = raw[:-1]  # CRLF is layout, not content
    text = raw.decode("utf-8", errors="surrogateescape")
    clipped = not complete
    if len(text) > MAX_LINE_CHARS:
        text = text[:MAX_LINE_CHARS]
        clipped = True
    return text, clipped


def display_text(text: str) -> tuple[str, list[int] | None]:
    """Sanitized text with tabs expanded, and a map from text index to display index (None: identity).

    `sanitize` replaces each unsafe character by exactly one stand-in, so indexes into the raw text
    stay valid; only tab expansion moves them, hence the map.
    """
    safe = sanitize(text)
    if "\t" not in safe:
        return safe, None
    out: list[str] = []
    positions: list[int] = []
    column = 0
    for char in safe:
        positions.append(column)
        if char == "\t":
            width = TAB_SIZE - column % TAB_SIZE
            out.append(" " * width)
            column += width
        else:
            out.append(char)
            column += 1
    positions.append(column)
    return "".join(out), positions


def hex_offset_width(size: int) -> int:
    """Digits needed for the offsets of a blob of `size` bytes (at least 8)."""
    return max(8, len(f"{max(size - 1, 0):x}"))


def hex_row(offset: int, data: bytes, offset_width: int = 8) -> str:
    """`offset  hex bytes  |ascii|` for up to HEX_WIDTH bytes; non-printable bytes show as '.'."""
    cells = [f"{b:02x}" for b in data] + ["  "] * (HEX_WIDTH - len(data))
    half = HEX_WIDTH // 2
    hex_part = " ".join(cells[:half]) + "  " + " ".join(cells[half:])
    ascii_part = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in data)
    # Printable ASCII is already inert; the sanitizer is applied anyway so no path skips it.
    return sanitize_line(f"{offset:0{offset_width}x}  {hex_part}  |{ascii_part}|")


def hex_span(index: int) -> tuple[int, int, int]:
    """For byte `index` (0..15) of a row: start of its hex cell, and its column in the ascii part (offsets
    relative to the end of the offset field plus its two spaces)."""
    half = HEX_WIDTH // 2
    hex_col = index * 3 + (1 if index >= half else 0)
    ascii_col = HEX_WIDTH * 3 + 1 + 2 + index  # "xx " * 16, the extra gap, "  |"
    return hex_col, hex_col + 2, ascii_col
