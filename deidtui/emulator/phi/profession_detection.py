"""Professions: "works as a welder", "retired firefighter", "enseignante", "menuisier"."""

from __future__ import annotations

import re

from . import lexicon_en, lexicon_fr
from .candidates import Candidate

_ALL = lexicon_en.PROFESSIONS | lexicon_fr.PROFESSIONS
_CUE_ONLY = lexicon_en.CLINICAL_PROFESSIONS | lexicon_fr.CLINICAL_PROFESSIONS
# "works as a", "occupation:" introduce an occupation even if it is not in the lexicon;
# weaker cues ("retired", "former") only confirm a lexicon word.
STRONG_CUE_RE = re.compile(
    r"(?i:\b(?:works?|worked|working|employed|travaille|travaillait|exerce|employée?)[ \t]+"
    r"(?:as|comme|en tant que)[ \t]+(?:an?[ \t]+|une?[ \t]+)?|"
    r"\b(?:occupation|profession|métier|emploi|job)[ \t]*:[ \t]*(?:an?[ \t]+|une?[ \t]+)?)"
)
WEAK_CUE_RE = re.compile(r"(?i:\b(?:retired|former|ancienne?|retraitée?[ \t]+(?:comme|de))[ \t]+)")
_ANY_WORD_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'’-]*")
_WORD_RE = re.compile(r"(?<![\w'’-])[a-zà-öø-ÿ][\w'’-]*")
_STOP = frozenset(
    "at for in with who and since from of on by to chez à au aux pour depuis avec et qui de du des dans "
    "the a an le la les un une".split()
)
# First word -> phrases starting with it, longest first, so "bus driver" beats "driver".
_INDEX: dict[str, list[str]] = {}
for _phrase in _ALL | _CUE_ONLY:
    _INDEX.setdefault(_phrase.split()[0], []).append(_phrase)
for _values in _INDEX.values():
    _values.sort(key=len, reverse=True)


def _lexicon_match(text: str, start: int) -> int | None:
    word = _ANY_WORD_RE.match(text, start)
    if not word:
        return None
    for phrase in _INDEX.get(word.group().lower(), ()):
        end = start + len(phrase)
        if text[start:end].lower() == phrase and (end == len(text) or not text[end].isalnum()):
            return end
    return None


def find_professions(text: str) -> list[Candidate]:
    """Candidates for Profession."""
    out: list[Candidate] = []
    cued: set[int] = set()
    for m in list(STRONG_CUE_RE.finditer(text)) + list(WEAK_CUE_RE.finditer(text)):
        start = m.end()
        end = _lexicon_match(text, start)
        if end is None and m.re is STRONG_CUE_RE:
            # Unknown occupation after a strong cue: take up to three words before a stop word.
            pos, words = start, 0
            while words < 3:
                w = _ANY_WORD_RE.match(text, pos)
                if not w or w.group().lower() in _STOP:
                    break
                end, pos, words = w.end(), w.end(), words + 1
                if pos < len(text) and text[pos] == " ":
                    pos += 1
                else:
                    break
        if end is not None and end > start:
            cued.add(start)
            out.append(Candidate(start, end, "Profession", 0.8, 40))
    for m in _WORD_RE.finditer(text):
        if m.start() in cued or m.group().lower() not in _INDEX:
            continue
        end = _lexicon_match(text, m.start())
        if end is not None and text[m.start():end].lower() not in _CUE_ONLY:
            out.append(Candidate(m.start(), end, "Profession", 0.65, 39))
    return out
