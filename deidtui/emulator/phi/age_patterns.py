"""Ages: "45-year-old", "45 y/o", "aged 80", "âgé de 72 ans". Only the number is tagged."""

from __future__ import annotations

import re

from .candidates import Candidate

_NUM = r"(?P<age>1[0-2]\d|\d{1,2})"
AGE_PATTERNS = (
    # 45-year-old, 45 year old, 45-yr-old, 3-month-old, 45 years of age
    re.compile(rf"(?<![\w.,/]){_NUM}[- ](?:year|yr|month|week|day)s?[- ]old\b", re.IGNORECASE),
    re.compile(rf"(?<![\w.,/]){_NUM} (?:years?|yrs?) (?:of age|old)\b", re.IGNORECASE),
    # 45 y/o, 45 yo, 45yo, 45 y.o.
    re.compile(rf"(?<![\w.,/]){_NUM} ?(?:y/o|y\.o\.|yo|y\.?o\b)", re.IGNORECASE),
    # aged 80, age 80, Age: 80, age of 80, âge : 72
    re.compile(rf"\b(?:aged?|âgée?|âge)(?: of)?\s*[:=]?\s*{_NUM}(?![\d.,/%])", re.IGNORECASE),
    # âgé de 72 ans, agée de 72 ans
    re.compile(rf"\b[âa]g[ée]e?s? de {_NUM} ans\b", re.IGNORECASE),
    # "Mme X, 81 ans", "(51 ans)", "enfant de 6 ans" — a number directly followed by "ans"
    # is an age unless it counts duration ("depuis 3 ans", "il y a 2 ans", "pendant 5 ans").
    re.compile(rf"(?<![\w.,/]){_NUM} ans\b(?! (?:plus tard|auparavant|après))"),
    # "Margaret, 67," / "Maria Gonzalez, 31, G2P1" — a bare number right after a name and comma
    # is handled by the name detector; this catches "M 45" / "F, 67" sex-age shorthand.
    re.compile(rf"\b(?:male|female|man|woman|homme|femme)\s*,?\s*{_NUM}\s*(?:yo|ans|years?)?\b(?![\d.,/%])",
               re.IGNORECASE),
)
_DURATION_BEFORE = re.compile(
    r"(?:depuis|pendant|durant|il y a|sur|dans|(?:plus|moins|près|environ) de|en|x|pour|apr[èe]s|pass[ée]s?)\s*$|(?:\d\s*(?:à|-|ou)\s*)$",
    re.IGNORECASE,
)


def find_ages(text: str) -> list[Candidate]:
    """Candidates for Age (the number only)."""
    out: list[Candidate] = []
    for index, pattern in enumerate(AGE_PATTERNS):
        for m in pattern.finditer(text):
            start, end = m.span("age")
            if index == 5:
                before = text[max(0, m.start() - 12):m.start()]
                if _DURATION_BEFORE.search(before):
                    continue
            out.append(Candidate(start, end, "Age", 0.9 if index < 5 else 0.75, 65))
    return out
