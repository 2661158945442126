"""Scoring the tagger against gold-annotated notes (used by the accuracy test and benchmark).

Gold notes are written with inline markup, `[[Category|text]]`; notes are separated by a
line holding only `---`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .categories import CATEGORY_SET
from .entity import PhiEntity

_MARK_RE = re.compile(r"\[\[(\w+)\|(.*?)\]\]")


@dataclass(frozen=True, slots=True)
class GoldNote:
    """One note: plain text and its gold (category, start, end) mentions."""

    text: str
    mentions: tuple[tuple[str, int, int], ...]


def parse_marked_note(marked: str) -> GoldNote:
    """Turn `[[Patient|John]] came` into text `John came` with gold ("Patient", 0, 4)."""
    parts: list[str] = []
    mentions: list[tuple[str, int, int]] = []
    pos = length = 0
    for m in _MARK_RE.finditer(marked):
        plain = marked[pos : m.start()]
        parts.append(plain)
        length += len(plain)
        category, value = m.group(1), m.group(2)
        if category not in CATEGORY_SET:
            raise ValueError(f"unknown category {category!r} in corpus")
        mentions.append((category, length, length + len(value)))
        parts.append(value)
        length += len(value)
        pos = m.end()
    parts.append(marked[pos:])
    return GoldNote("".join(parts), tuple(mentions))


def parse_corpus(content: str) -> list[GoldNote]:
    """Split a corpus file into notes at `---` lines and parse each."""
    notes = re.split(r"(?m)^---[ \t]*$\n?", content)
    return [parse_marked_note(n.strip("\n")) for n in notes if n.strip()]


@dataclass
class Score:
    """Aggregated accuracy over a set of notes."""

    gold: int = 0
    detected: int = 0  # gold mentions overlapped by some prediction
    exact: int = 0  # gold mentions whose exact span was predicted
    right_category: int = 0  # detected mentions whose best-overlapping prediction has their category
    predicted: int = 0
    predicted_matching: int = 0  # predictions overlapping some gold mention
    per_category_gold: Counter = field(default_factory=Counter)
    per_category_detected: Counter = field(default_factory=Counter)
    misses: list[tuple[str, str]] = field(default_factory=list)
    false_positives: list[tuple[str, str]] = field(default_factory=list)
    confusions: list[tuple[str, str, str]] = field(default_factory=list)
    inexact: list[tuple[str, str, str]] = field(default_factory=list)  # (category, gold text, predicted text)

    @property
    def recall(self) -> float:
        """Share of gold mentions overlapped by a prediction."""
        return self.detected / self.gold if self.gold else 1.0

    @property
    def exact_recall(self) -> float:
        """Share of gold mentions predicted with exactly their span."""
        return self.exact / self.gold if self.gold else 1.0

    @property
    def category_accuracy(self) -> float:
        """Among detected mentions, share whose best-overlapping prediction has their category."""
        return self.right_category / self.detected if self.detected else 1.0

    @property
    def precision(self) -> float:
        """Share of predictions that overlap some gold mention."""
        return self.predicted_matching / self.predicted if self.predicted else 1.0


def score_notes(notes: Iterable[GoldNote], tagger: Callable[[str], list[PhiEntity]]) -> Score:
    """Run `tagger` on every note and compare with the gold mentions."""
    score = Score()
    for note in notes:
        predictions = tagger(note.text)
        score.predicted += len(predictions)
        for p in predictions:
            if any(p.start < e and s < p.end for _, s, e in note.mentions):
                score.predicted_matching += 1
            else:
                score.false_positives.append((p.category, p.text))
        for category, start, end in note.mentions:
            score.gold += 1
            score.per_category_gold[category] += 1
            overlapping = [p for p in predictions if p.start < end and start < p.end]
            if not overlapping:
                score.misses.append((category, note.text[start:end]))
                continue
            score.detected += 1
            score.per_category_detected[category] += 1
            best = max(overlapping, key=lambda p: min(end, p.end) - max(start, p.start))
            if any(p.start == start and p.end == end for p in overlapping):
                score.exact += 1
            else:
                score.inexact.append((category, note.text[start:end], best.text))
            if best.category == category:
                score.right_category += 1
            else:
                score.confusions.append((category, best.category, note.text[start:end]))
    return score
