"""One pass over a text that every detector shares.

Python regexes cost ~30 ns per character per pattern, so scanning a note once per cue list
would dominate tagging. Instead every detector registers its cue phrases here; they are
compiled into one prefix-trie regex over the lower-cased text and matched in a single
scan, case-sensitive cues (titles, acronyms) being checked against the original spelling.
Detectors then read the hits of their own families and run small anchored regexes only
where a cue was found.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .text_utils import strip_accents

Hit = tuple[int, int, str]  # start, end, label

# lower-case key -> [(family, label, exact spelling or None)]; cased phrases are matched on
# the lower-cased text with everything else, then checked against the original spelling.
_TABLE: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
_compiled: list[re.Pattern[str]] = []
_compile_lock = threading.Lock()
# key -> registered keys that are prefixes of it (itself included), longest first
_prefixes: dict[str, list[str]] = {}


def register(family: str, phrases: Mapping[str, str] | Iterable[str], *, cased: bool = False) -> None:
    """Add cue phrases for `family`. A mapping gives each phrase a label (e.g. a category).

    Lower-case phrases match any letter case; accented phrases also match unaccented text.
    `cased` phrases (acronyms, titles) match exactly as written.
    """
    items = phrases.items() if isinstance(phrases, Mapping) else ((p, p) for p in phrases)
    for phrase, label in items:
        if cased:
            entries = {(phrase.lower(), phrase)}
        else:
            entries = {(phrase.lower(), None), (strip_accents(phrase.lower()), None)}
        for key, exact in entries:
            if len(key) != len(phrase):
                continue  # lower-casing changed the length; the offsets would not line up
            if (family, label, exact) not in _TABLE[key]:
                _TABLE[key].append((family, label, exact))
    with _compile_lock:
        _compiled.clear()
        _prefixes.clear()


def _trie_regex(phrases: Iterable[str]) -> str:
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return f"(?:{body})?" if len(alts) == 1 else body + "?"
        return body

    return emit(trie)


def _pattern() -> re.Pattern[str]:
    if not _compiled:
        with _compile_lock:
            if not _compiled:
                _prefixes.update(
                    {key: [key[:k] for k in range(len(key), 0, -1) if key[:k] in _TABLE] for key in _TABLE}
                )
                # Starts at a word start; ends where a word ends (or after punctuation such as
                # "#"), backtracking to a shorter phrase when the longest one ends mid-word.
                _compiled.append(re.compile(r"(?<![\w])" + _trie_regex(_TABLE) + r"(?:(?<![\w])|(?![\w]))"))
    return _compiled[0]


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _collect(text: str, low: str, into: dict[str, list[Hit]]) -> None:
    pattern = _pattern()
    n = len(low)
    for m in pattern.finditer(low):
        start, matched = m.start(), m.group()
        # The longest phrase matched; registered prefixes of it that also end a word are
        # hits too ("patient" inside "patient id").
        for index, key in enumerate(_prefixes[matched]):
            end = start + len(key)
            if index and end < n and _is_word(key[-1]) and _is_word(low[end]):
                continue
            for family, label, exact in _TABLE[key]:
                if exact is None or text.startswith(exact, start):
                    into[family].append((start, end, label))


_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
# A capitalised word: O'Connor, McAllister, Jean-Pierre, LeMoyne, HERNANDEZ.
CAP_TOKEN = rf"[{_UP}][{_LOW}{_UP}'’]*(?:-[{_UP}{_LOW}][{_LOW}{_UP}'’]*)*"
_CAP_TOKEN_RE = re.compile(CAP_TOKEN)
# Cheap pre-scans: precise patterns then run only inside these regions.
_DIGIT_REGION_RE = re.compile(r"[+(]?\d[\d \t().-]{6,22}\d")  # phones, IPs, SSN, NIR
_CODE_REGION_RE = re.compile(r"[A-Z0-9][A-Z0-9 -]{4,18}[A-Z0-9]")  # RAMQ, VIN, postal codes
# "12 rue", "75012 Paris"
_NUMBER_WORD_RE = re.compile(r"\d{1,6}(?:[A-Za-z]|-\d{1,5}|[ \t]?(?:bis|ter))?,?[ \t]+[^\W\d_]")
_DATE_SEPARATOR_RE = re.compile(r"\d{1,4}[/.-]\d")  # 10/12/2023, 2023-10-12, 12.10.2023


@dataclass(slots=True)
class ScanContext:
    """A text plus the cue hits found in it, shared by all detectors."""

    text: str
    low: str
    hits: dict[str, list[Hit]] = field(default_factory=lambda: defaultdict(list))
    _caps: list[tuple[int, int]] | None = None
    _regions: dict = field(default_factory=dict)  # lazily computed pre-scans and indexes

    def of(self, family: str) -> list[Hit]:
        """Hits of one cue family, in text order."""
        return self.hits.get(family, [])

    def hits_ending_before(self, families: tuple[str, ...], pos: int, label: str | None = None) -> Hit | None:
        """The hit (of these families, with this label if given) ending last at or before `pos`."""
        key = ("ends", families, label)
        index = self._regions.get(key)
        if index is None:
            hits = sorted(
                (h for f in families for h in self.of(f) if label is None or h[2] == label), key=lambda h: h[1]
            )
            index = self._regions[key] = ([h[1] for h in hits], hits)
        ends, hits = index
        i = bisect_right(ends, pos)
        return hits[i - 1] if i else None

    def first_hit_from(self, family: str, pos: int) -> Hit | None:
        """The hit of `family` starting first at or after `pos`."""
        hits = self.of(family)
        i = bisect_left(hits, (pos,))
        return hits[i] if i < len(hits) else None

    def regions(self, kind: str) -> list[tuple[int, int]]:
        """Spans of one pre-scan: "digits", "codes", "number_word" or "date_separator"."""
        spans = self._regions.get(kind)
        if spans is None:
            pattern = {
                "digits": _DIGIT_REGION_RE,
                "codes": _CODE_REGION_RE,
                "number_word": _NUMBER_WORD_RE,
                "date_separator": _DATE_SEPARATOR_RE,
            }[kind]
            spans = self._regions[kind] = [m.span() for m in pattern.finditer(self.text)]
        return spans

    def capitalised_tokens(self) -> list[tuple[int, int]]:
        """(start, end) of every capitalised word that starts at a word boundary."""
        if self._caps is None:
            text = self.text
            self._caps = [
                m.span()
                for m in _CAP_TOKEN_RE.finditer(text)
                if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] in "'’-_")
            ]
        return self._caps


def scan(text: str) -> ScanContext:
    """Lower-case the text once and find every registered cue phrase in it."""
    low = text.lower().replace("’", "'")
    if len(low) != len(text):  # a few characters (e.g. "İ") change length when lowered
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text).replace("’", "'")
    ctx = ScanContext(text, low)
    _collect(text, low, ctx.hits)
    for hits in ctx.hits.values():
        hits.sort()
    return ctx
