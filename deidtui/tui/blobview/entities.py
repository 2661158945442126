"""Tag job output: the PHI entities of a document, validated before anything is drawn (no UI here).

The output is untrusted JSON. An entity is kept only if its code point offset and length are
plain non-negative integers inside the document and it does not overlap an entity already
kept; everything else is counted, so the view can say how much it could not show.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

CATEGORIES: tuple[str, ...] = (
    "Unknown",
    "Account",
    "Age",
    "BioID",
    "City",
    "CountryOrRegion",
    "Date",
    "Device",
    "Doctor",
    "Email",
    "Fax",
    "HealthPlan",
    "Hospital",
    "IDNum",
    "IPAddress",
    "License",
    "LocationOther",
    "MedicalRecord",
    "Organization",
    "Patient",
    "Phone",
    "Profession",
    "SocialSecurity",
    "State",
    "Street",
    "Url",
    "Username",
    "Vehicle",
    "Zip",
)


class NotATagResult(ValueError):
    """The output is not the JSON a Tag job writes."""


@dataclass(frozen=True, slots=True)
class Entity:
    """One PHI mention: characters [start, end) of the input document (code points)."""

    category: str
    start: int
    end: int
    confidence: float | None = None


@dataclass
class TagResult:
    """The usable entities (sorted, non-overlapping) and what had to be skipped, by reason."""

    entities: list[Entity] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def counts(self) -> Counter[str]:
        return Counter(entity.category for entity in self.entities)


def _plain_int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def parse_tag_result(payload: bytes, text_length: int) -> TagResult:
    """Validate a Tag output against a document of `text_length` code points."""
    try:
        document = json.loads(payload)
    except (ValueError, RecursionError) as error:
        raise NotATagResult(f"not valid JSON: {error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("entities"), list):
        raise NotATagResult('no "entities" list in the output')
    result = TagResult()
    candidates: list[Entity] = []
    for item in document["entities"]:
        if not isinstance(item, dict):
            result.skipped["not an object"] += 1
            continue
        category = item.get("category")
        offset, length = item.get("offset"), item.get("length")
        start = _plain_int(offset.get("codePoint")) if isinstance(offset, dict) else None
        size = _plain_int(length.get("codePoint")) if isinstance(length, dict) else None
        if not isinstance(category, str) or not category:
            result.skipped["no category"] += 1
        elif start is None or size is None:
            result.skipped["offset or length not an integer"] += 1
        elif start < 0 or size <= 0 or start + size > text_length:
            result.skipped["outside the document"] += 1
        else:
            score = item.get("confidenceScore")
            confidence = None
            if isinstance(score, (int, float)) and not isinstance(score, bool):
                try:
                    confidence = float(score)
                except OverflowError:  # a 400-digit integer is not a score
                    confidence = None
            candidates.append(Entity(category, start, start + size, confidence))
    candidates.sort(key=lambda e: (e.start, -e.end))
    for entity in candidates:
        if result.entities and entity.start < result.entities[-1].end:
            result.skipped["overlaps another entity"] += 1
            continue
        result.entities.append(entity)
    return result


class EntityLookup:
    """Entities overlapping a character range, for drawing one line at a time."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = entities  # sorted and non-overlapping, so ends are sorted too
        self._starts = [e.start for e in entities]

    def overlapping(self, start: int, end: int) -> list[Entity]:
        out = []
        i = max(bisect_right(self._starts, start) - 1, 0)
        while i < len(self.entities) and self.entities[i].start < end:
            if self.entities[i].end > start:
                out.append(self.entities[i])
            i += 1
        return out


class CharOffsets:
    """Byte offset of a line start -> code point offset in the decoded document.

    Built in one pass over the newlines; a line start that is not after a newline (a segment of
    a very long line) is measured from the line start before it.
    """

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._chars: dict[int, int] = {0: 0}
        byte, char = 0, 0
        for line in data.split(b"\n"):
            byte += len(line) + 1
            char += len(line.decode("utf-8", errors="surrogateescape")) + 1
            self._chars[byte] = char
        self._sorted: list[int] | None = None

    def __call__(self, byte: int) -> int:
        found = self._chars.get(byte)
        if found is not None:
            return found
        if self._sorted is None:
            self._sorted = sorted(self._chars)
        anchor = self._sorted[bisect_right(self._sorted, byte) - 1]
        return self._chars[anchor] + len(self._data[anchor:byte].decode("utf-8", errors="surrogateescape"))
