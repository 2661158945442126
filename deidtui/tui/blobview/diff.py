"""What changed within a line, for the side-by-side view (no UI here).

Redact and Surrogate outputs keep the input's line structure, so lines are paired by number
and only the spans inside a pair are diffed, word by word.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

INTRALINE_LIMIT = 4000
"""Above this many characters, a changed line is marked as a whole (SequenceMatcher is quadratic)."""
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_SEPARATOR = re.compile(r"[\s\-/.:,]+")

Spans = list[tuple[int, int]]


def _tokens(text: str) -> tuple[list[str], list[int]]:
    words, starts = [], []
    for match in _TOKEN.finditer(text):
        words.append(match.group())
        starts.append(match.start())
    starts.append(len(text))
    return words, starts


def _merge(spans: Spans) -> Spans:
    merged: Spans = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif end > start:
            merged.append((start, end))
    return merged


def changed_spans(before: str, after: str) -> tuple[Spans, Spans]:
    """Character spans of `before` that were replaced or removed, and of `after` that replaced them."""
    if before == after:
        return [], []
    if len(before) > INTRALINE_LIMIT or len(after) > INTRALINE_LIMIT:
        return _merge([(0, len(before))]), _merge([(0, len(after))])
    left, left_at = _tokens(before)
    right, right_at = _tokens(after)
    old: Spans = []
    new: Spans = []
    opcodes = SequenceMatcher(None, left, right, autojunk=False).get_opcodes()
    for k, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            # A space or a dash between two changes is part of one replacement: "Julie Tremblay"
            # became "Marie Gagnon", not "Julie" and "Tremblay" separately.
            between = 0 < k < len(opcodes) - 1 and left_at[i2] - left_at[i1] <= 2
            if not (between and _SEPARATOR.fullmatch(before[left_at[i1] : left_at[i2]])):
                continue
        old.append((left_at[i1], left_at[i2]))
        new.append((right_at[j1], right_at[j2]))
    return _merge(old), _merge(new)


def split_lines(data: bytes) -> list[str]:
    """A document's lines (no newline, no CR of CRLF); invalid UTF-8 kept as escapes, shown as U+FFFD."""
    text = data.decode("utf-8", errors="surrogateescape")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # a final newline ends the last line, it does not start another
    return [line[:-1] if line.endswith("\r") else line for line in lines]
