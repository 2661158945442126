"""The detectors' common output and the overlap resolution that turns it into entities."""

from __future__ import annotations

from bisect import bisect_right
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
    starts: list[int] = []  # kept spans, sorted and disjoint
    ends: list[int] = []
    kept: list[Candidate] = []
    for cand in ranked:
        if cand.end <= cand.start:
            continue
        i = bisect_right(starts, cand.start)
        if i > 0 and ends[i - 1] > cand.start:
            continue  # overlaps the kept span starting before it
        if i < len(starts) and starts[i] < cand.end:
            continue  # overlaps the kept span starting after it
        starts.insert(i, cand.start)
        ends.insert(i, cand.end)
        kept.append(cand)
    kept.sort(key=lambda c: c.start)
    return kept
