"""Offsets in the three units the REST API reports: UTF-8 bytes, UTF-16 code units, code points."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StringIndex:
    """One position or length counted in UTF-8 bytes, UTF-16 code units and code points."""

    utf8: int
    utf16: int
    code_point: int

    def to_rest(self) -> dict[str, int]:
        """The `{"utf8", "utf16", "codePoint"}` object of the REST API."""
        return {"utf8": self.utf8, "utf16": self.utf16, "codePoint": self.code_point}


def measure(segment: str) -> StringIndex:
    """Size of `segment` in each unit."""
    if segment.isascii():
        n = len(segment)
        return StringIndex(n, n, n)
    # surrogatepass: a str may hold lone surrogates (e.g. from a lenient decoder); count them
    # as the single code unit / three bytes they would occupy rather than crashing.
    utf8 = len(segment.encode("utf-8", "surrogatepass"))
    utf16 = len(segment.encode("utf-16-le", "surrogatepass")) // 2
    return StringIndex(utf8, utf16, len(segment))


def offsets_for_spans(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[StringIndex, StringIndex]]:
    """(offset, length) for each (start, end) code-point span, sorted or not.

    Walks the text once in order so a note with many entities costs one pass, not one
    prefix encoding per entity.
    """
    spans = list(spans)
    if text.isascii():
        return [(StringIndex(s, s, s), StringIndex(e - s, e - s, e - s)) for s, e in spans]
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    result: list[tuple[StringIndex, StringIndex] | None] = [None] * len(spans)
    pos = u8 = u16 = 0
    for i in order:
        start, end = spans[i]
        if start >= pos:
            step = measure(text[pos:start])
            u8, u16, pos = u8 + step.utf8, u16 + step.utf16, start
            offset = StringIndex(u8, u16, start)
        else:  # overlapping input: measure this prefix from scratch
            offset = measure(text[:start])
        result[i] = (offset, measure(text[start:end]))
    return result  # type: ignore[return-value]


_UNIT_SIZE = {
    "Utf8": lambda ch: len(ch.encode("utf-8", "surrogatepass")),
    "Utf16": lambda ch: 2 if ord(ch) > 0xFFFF else 1,
}


def code_point_span(text: str, offset: int, length: int, unit: str) -> tuple[int, int]:
    """The Python (code point) span of `offset`/`length` counted in `unit`: "Utf8", "Utf16" or
    "CodePoint". Raises ValueError when the span leaves the text or splits a character."""
    if offset < 0 or length < 0:
        raise ValueError("offset and length cannot be negative")
    if unit == "CodePoint":
        if offset + length > len(text):
            raise ValueError("the span ends after the text")
        return offset, offset + length
    size = _UNIT_SIZE[unit]
    boundaries: dict[int, int] = {}  # units before a character -> its code point index
    units = 0
    for index, ch in enumerate(text):
        boundaries[units] = index
        units += size(ch)
    boundaries[units] = len(text)
    try:
        return boundaries[offset], boundaries[offset + length]
    except KeyError:
        raise ValueError("the span leaves the text or splits a character") from None
