"""The tagged-entity value object shared by tagging, redaction and surrogation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .offsets import StringIndex, measure, offsets_for_spans


@dataclass(frozen=True, slots=True)
class PhiEntity:
    """One PHI mention. `start`/`end` are Python (code point) indexes into the source text."""

    category: str
    start: int
    end: int
    text: str
    confidence: float
    offset: StringIndex
    length: StringIndex

    @classmethod
    def from_span(cls, source: str, category: str, start: int, end: int, confidence: float) -> PhiEntity:
        """Build an entity for `source[start:end]`, computing the REST offsets."""
        return cls(
            category, start, end, source[start:end], confidence, measure(source[:start]), measure(source[start:end])
        )

    def to_rest(self) -> dict[str, Any]:
        """The REST JSON object of one tagged entity."""
        return {
            "category": self.category,
            "offset": self.offset.to_rest(),
            "length": self.length.to_rest(),
            "text": self.text,
            "confidenceScore": round(self.confidence, 2),
        }


def build_entities(source: str, spans: list[tuple[str, int, int, float]]) -> list[PhiEntity]:
    """Entities for (category, start, end, confidence) spans, offsets computed in one pass."""
    measured = offsets_for_spans(source, [(s, e) for _, s, e, _ in spans])
    return [
        PhiEntity(category, start, end, source[start:end], confidence, offset, length)
        for (category, start, end, confidence), (offset, length) in zip(spans, measured, strict=True)
    ]
