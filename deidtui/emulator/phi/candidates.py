"""The detectors' common output and the overlap resolution that turns it into entities."""

from __future__ import annotations

from typing import NamedTuple


class Candidate(NamedTuple):
    """A proposed PHI span. Higher `priority` wins an overlap; then the longer span."""

    start: int
    end: int
    category: str
    confidence: float
    priority: int


def resolve_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep a non-overlapping subset, preferring priority, then length; sorted by start."""
    ranked = sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start))
    kept: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for cand in ranked:
        if cand.end <= cand.start:
            continue
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        kept.append(cand)
        taken.append((cand.start, cand.end))
    kept.sort(key=lambda c: c.start)
    return kept


def covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True if [start, end) overlaps any of `spans`."""
    return any(start < e and s < end for s, e in spans)
