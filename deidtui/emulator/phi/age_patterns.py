"""Ages: "45-year-old", "45 y/o", "aged 80", "âgé de 72 ans". Only the number is tagged."""

from __future__ import annotations

import re

from . import scan_context
from .candidates import Candidate
from .scan_context import ScanContext

# Unit words that follow an age ("45-year-old", "72 ans"); the number is read backwards.
_AFTER = {
    "year-old": "strong",
    "year old": "strong",
    "years old": "strong",
    "yr-old": "strong",
    "yr old": "strong",
    "yrs old": "strong",
    "years of age": "strong",
    "year-old's": "strong",
    "month-old": "strong",
    "months old": "strong",
    "month old": "strong",
    "week-old": "strong",
    "weeks old": "strong",
    "day-old": "strong",
    "days old": "strong",
    "yo": "strong",
    "y/o": "strong",
    "y.o.": "strong",
    "y.o": "strong",
    "yr": "weak_yr",
    "ans": "ans",
    "yrs": "paren",
    "years": "paren",
    "y": "paren",
}
# Cues that precede an age ("aged 80", "âgée de 72 ans", "Age: 80", "male, 45").
_BEFORE = {
    "aged": "aged",
    "age": "aged",
    "age of": "aged",
    "âge": "aged",
    "âgé de": "aged",
    "âgée de": "aged",
    "agé de": "aged",
    "agée de": "aged",
    "âgés de": "aged",
    "at age": "aged",
    "âge :": "aged",
    "age:": "aged",
    "male": "sex",
    "female": "sex",
    "man": "sex",
    "woman": "sex",
    "homme": "sex",
    "femme": "sex",
}
scan_context.register("age_after", _AFTER)
scan_context.register("age_before", _BEFORE)

_NUMBER_BEFORE_RE = re.compile(r"(?P<age>1[0-2]\d|\d{1,2})(?:-| |)$")
_NUMBER_AFTER_RE = re.compile(
    r"[ \t]*(?:of[ \t]*)?[:=]?[ \t]*(?P<age>1[0-2]\d|\d{1,2})(?!\d|[.,]\d|/|[ \t]*(?:%|mg|kg|cm|mm|h\b|min))"
)
_SEX_AGE_RE = re.compile(r"[ \t]*,?[ \t]*(?P<age>1[0-2]\d|\d{1,2})(?=[ \t]*(?:yo|ans|years?|y/o|,|\)|$))", re.MULTILINE)
_DURATION_BEFORE = re.compile(
    r"(?:depuis|pendant|durant|il y a|sur|dans|(?:plus|moins|près|environ) de|en|x|pour|apr[èe]s|pass[ée]s?)\s*$|"
    r"(?:\d\s*(?:à|-|ou)\s*)$",
    re.IGNORECASE,
)


def find_ages(ctx: ScanContext) -> list[Candidate]:
    """Candidates for Age (the number only)."""
    text = ctx.text
    out: list[Candidate] = []
    for start, end, kind in ctx.of("age_after"):
        window = text[max(0, start - 4) : start]
        m = _NUMBER_BEFORE_RE.search(window)
        if not m:
            continue
        age_start = start - len(window) + m.start("age")
        age_end = age_start + len(m.group("age"))
        if age_start > 0 and (text[age_start - 1].isalnum() or text[age_start - 1] in ".,/"):
            continue
        if kind == "weak_yr" and not re.match(r"s?[ -]?old", text[end : end + 5]):
            continue
        if kind == "paren" and not (text[age_start - 1 : age_start] == "(" and text[end : end + 1] == ")"):
            continue  # "(86 yrs)" is an age; "for 3 years" is not
        if kind == "ans":
            if m.group()[-1:] != " " or text[end : end + 12].startswith((" plus tard", " auparavant", " après")):
                continue
            if _DURATION_BEFORE.search(text[max(0, age_start - 12) : age_start]):
                continue
        out.append(Candidate(age_start, age_end, "Age", 0.9 if kind == "strong" else 0.75, 65))
    for _, end, kind in ctx.of("age_before"):
        m = (_SEX_AGE_RE if kind == "sex" else _NUMBER_AFTER_RE).match(text, end)
        if m:
            out.append(Candidate(m.start("age"), m.end("age"), "Age", 0.85 if kind == "aged" else 0.7, 65))
    return out
