"""Runs every detector over a text and merges their candidates into PHI entities."""

from __future__ import annotations

import re

from .age_patterns import find_ages
from .candidates import Candidate, resolve_overlaps
from .contact_patterns import find_contacts
from .date_patterns import find_dates
from .entity import PhiEntity, build_entities
from .identifier_patterns import find_identifiers
from .institution_detection import find_institutions
from .name_detection import find_names, propagate_names
from .place_detection import find_places
from .profession_detection import find_professions
from .scan_context import scan

# "Maria Gonzalez, 31, G2P1": a bare number right after a patient's name is their age.
_AGE_AFTER_NAME_RE = re.compile(
    r",[ \t]*(\d{1,3})(?=[ \t]*(?:,|\)|;|$|[ \t](?:y|yo|ans|M|F|male|female|homme|femme)\b))", re.MULTILINE
)
# Longer than this, a "text" is almost certainly not prose; we still scan it, in chunks
# split at line breaks, so a pathological single line cannot make the regexes quadratic.
_CHUNK = 20_000


def _candidates(text: str) -> list[Candidate]:
    ctx = scan(text)
    cands: list[Candidate] = []
    cands += [Candidate(s, e, "Date", 0.9, 72) for s, e in find_dates(ctx)]
    cands += find_contacts(ctx)
    cands += find_identifiers(ctx)
    cands += find_ages(ctx)
    cands += find_places(ctx)
    cands += find_institutions(ctx)
    cands += find_professions(ctx)
    cands += find_names(ctx)
    kept = resolve_overlaps(cands)
    persons = [c for c in kept if c.category in ("Patient", "Doctor")]
    extra = propagate_names(ctx, persons, [(c.start, c.end) for c in kept])
    for person in persons:
        if person.category == "Patient":
            m = _AGE_AFTER_NAME_RE.match(text, person.end)
            if m and int(m.group(1)) <= 120:
                extra.append(Candidate(m.start(1), m.end(1), "Age", 0.7, 64))
    if extra:
        kept = resolve_overlaps(kept + extra)
    return kept


def _chunks(text: str) -> list[tuple[int, str]]:
    if len(text) <= _CHUNK:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + _CHUNK)
        if end < len(text):
            cut = text.rfind("\n", pos + _CHUNK // 2, end)
            if cut == -1:
                cut = text.rfind(" ", pos + _CHUNK // 2, end)
            end = cut + 1 if cut != -1 else end
        out.append((pos, text[pos:end]))
        pos = end
    return out


def tag(text: str) -> list[PhiEntity]:
    """Detect PHI in English and French clinical text; sorted by start, non-overlapping."""
    if not text or text.isspace():
        return []
    spans: list[tuple[str, int, int, float]] = []
    for base, chunk in _chunks(text):
        for c in _candidates(chunk):
            spans.append((c.category, base + c.start, base + c.end, c.confidence))
    return build_entities(text, spans)


def tagger_result(text: str) -> dict:
    """The `taggerResult` object of the REST API: `{"entities": [...]}`."""
    return {"entities": [e.to_rest() for e in tag(text)]}
