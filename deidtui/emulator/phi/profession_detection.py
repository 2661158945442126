"""Professions: "works as a welder", "retired firefighter", "enseignante", "menuisier"."""

from __future__ import annotations

import re

from . import lexicon_en, lexicon_fr, scan_context
from .candidates import Candidate
from .scan_context import ScanContext

_ALL = lexicon_en.PROFESSIONS | lexicon_fr.PROFESSIONS
# Roles also used for the care team or in other senses ("nurse", "student", "pilot study")
# only count after a cue.
_CUE_ONLY = lexicon_en.CLINICAL_PROFESSIONS | lexicon_fr.CLINICAL_PROFESSIONS
# "works as a", "occupation:" introduce an occupation even if it is not in the lexicon;
# weaker cues ("retired", "former") only confirm a lexicon word.
scan_context.register(
    "prof_strong",
    [
        f"{verb} {link}"
        for verb in (
            "works",
            "work",
            "worked",
            "working",
            "employed",
            "travaille",
            "travaillait",
            "exerce",
            "employé",
            "employée",
        )
        for link in ("as", "comme", "en tant que")
    ]
    + [
        "occupation:",
        "occupation :",
        "profession:",
        "profession :",
        "métier:",
        "métier :",
        "emploi:",
        "job:",
        "occupation",
        "profession",
    ],
)
scan_context.register(
    "prof_weak",
    (
        "retired",
        "former",
        "ancien",
        "ancienne",
        "retraité comme",
        "retraitée comme",
        "retraité de",
        "retraitée de",
        "ex",
        "is a",
        "is an",
        "was a",
        "was an",
        "est",
        "était",
        "est un",
        "est une",
    ),
)
scan_context.register("prof_lex", _ALL | _CUE_ONLY)

_ARTICLE_RE = re.compile(r"[ \t]*:?[ \t]*(?:(?:an?|une?)[ \t]+)?")
_WORD_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'’-]*")
_STOP = frozenset(
    [
        "at",
        "for",
        "in",
        "with",
        "who",
        "and",
        "since",
        "from",
        "of",
        "on",
        "by",
        "to",
        "chez",
        "à",
        "au",
        "aux",
        "pour",
        "depuis",
        "avec",
        "et",
        "qui",
        "de",
        "du",
        "des",
        "dans",
        "the",
        "a",
        "an",
        "le",
        "la",
        "les",
        "un",
        "une",
    ]
)


def find_professions(ctx: ScanContext) -> list[Candidate]:
    """Candidates for Profession."""
    text = ctx.text
    out: list[Candidate] = []
    lexicon = {s: (e, label) for s, e, label in ctx.of("prof_lex")}
    cued: set[int] = set()
    for family in ("prof_strong", "prof_weak"):
        for _, cue_end, cue in ctx.of(family):
            if (
                family == "prof_strong"
                and cue in ("occupation", "profession")
                and ":" not in text[cue_end : cue_end + 3]
            ):
                continue
            start = _ARTICLE_RE.match(text, cue_end).end()  # type: ignore[union-attr]
            end = lexicon[start][0] if start in lexicon else None
            if end is None and family == "prof_strong":
                # Unknown occupation after a strong cue: up to three words before a stop word.
                pos, words = start, 0
                while words < 3:
                    w = _WORD_RE.match(text, pos)
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
    for start, (end, label) in lexicon.items():
        if start in cued or label in _CUE_ONLY or text[start].isupper():
            continue
        out.append(Candidate(start, end, "Profession", 0.65, 39))
    return out
