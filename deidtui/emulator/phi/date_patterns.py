"""Finding dates in English and French text and parsing them into editable parts.

A parsed date keeps the character spans of its day, month and year inside the original
text, so a shifted date can be written back into exactly the same layout ("Nov. 4, 2023",
"le 1er avril", "2023-10-12") by replacing only those parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import scan_context
from .scan_context import ScanContext
from .text_utils import strip_accents

EN_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
EN_ABBR = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
FR_MONTHS = {
    "janvier": 1,
    "février": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
}
FR_ABBR = {
    "janv": 1,
    "févr": 2,
    "fév": 2,
    "avr": 4,
    "juil": 7,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "déc": 12,
}


@dataclass(frozen=True, slots=True)
class MonthWord:
    """How a month was written, so a replacement month is written the same way."""

    month: int
    language: str  # "en" or "fr"
    abbreviated: bool
    accented: bool


def _month_table() -> dict[str, MonthWord]:
    table: dict[str, MonthWord] = {}
    for name, num in EN_MONTHS.items():
        table[name] = MonthWord(num, "en", False, True)
    for name, num in EN_ABBR.items():
        table[name] = MonthWord(num, "en", True, True)
    for names, abbreviated in ((FR_MONTHS, False), (FR_ABBR, True)):
        for name, num in names.items():
            table[name] = MonthWord(num, "fr", abbreviated, True)
            plain = strip_accents(name)
            if plain != name:
                table[plain] = MonthWord(num, "fr", abbreviated, False)
    # Shared spellings: an English reading wins for "sept/oct/nov", French for "mars".
    table["sept"] = MonthWord(9, "en", True, True)
    table["oct"] = MonthWord(10, "en", True, True)
    table["nov"] = MonthWord(11, "en", True, True)
    table["dec"] = MonthWord(12, "en", True, True)
    return table


MONTH_WORDS = _month_table()

_EN_FULL_NAMES = sorted(EN_MONTHS, key=len, reverse=True)
_EN_ABBR_NAMES = sorted(EN_ABBR, key=len, reverse=True)
_EN_NAMES = _EN_FULL_NAMES + _EN_ABBR_NAMES
_FR_FULL_NAMES = sorted(
    (n for n, w in MONTH_WORDS.items() if w.language == "fr" and not w.abbreviated), key=len, reverse=True
)
_FR_ABBR_NAMES = sorted(
    (n for n, w in MONTH_WORDS.items() if w.language == "fr" and w.abbreviated), key=len, reverse=True
)


def _cap_alternation(names: list[str]) -> str:
    return "|".join([n.capitalize() for n in names] + [n.upper() for n in names])


# English month names must be capitalised ("may" and "march" are ordinary words); French
# months are written lower-case in running text, so any case is accepted for them. Only an
# abbreviation takes a trailing dot ("Nov. 4"); after a full name the dot ends the sentence.
_EN_MONTH = rf"(?:{_cap_alternation(_EN_FULL_NAMES)}|(?:{_cap_alternation(_EN_ABBR_NAMES)})\.?)"
_FR_MONTH = rf"(?i:{'|'.join(_FR_FULL_NAMES)}|(?:{'|'.join([*_FR_ABBR_NAMES, 'sept', 'oct', 'nov', 'dec'])})\.?)"
_MONTH_DAY_FIRST = rf"(?P<month>{_EN_MONTH}|{_FR_MONTH})(?![\w])"
_MONTH_FIRST = rf"(?P<month>{_EN_MONTH})(?![\w])"

_COMPACT_MONTHS = "|".join([*_EN_NAMES, "janv", "févr", "avr", "juil", "déc"])
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})(?![\d])"
_DAY = r"(?P<day>(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th|er|re|ère)?)"

WRITTEN_PATTERNS = (
    # 4 November 2023, 10 Janvier, 15 mars 2024, 1er avril, 4th of July
    re.compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH_DAY_FIRST}(?:,?\s+{_YEAR})?"),
    # November 4th, Nov 4, 2023, Nov. 4 2023
    re.compile(rf"{_MONTH_FIRST}\s+{_DAY}(?![\d:])(?:(?:,\s*|\s+){_YEAR})?(?![\w])"),
    # 04-Nov-2023, 4/Nov/2023, 04NOV2023
    re.compile(rf"{_DAY}[-/ ]?(?P<month>(?i:{_COMPACT_MONTHS}))[-/ ]?{_YEAR}"),
    # October 2023, mars 2024, March of 2021
    re.compile(rf"{_MONTH_DAY_FIRST}\s+(?:of\s+|de\s+)?{_YEAR}"),
)

NUMERIC_PATTERNS = (
    # 2023-10-12, 2023/10/12
    re.compile(r"(?P<year>(?:1[89]|20)\d{2})(?P<sep>[-/.])(?P<a>\d{1,2})(?P=sep)(?P<b>\d{1,2})(?![\w/]|[.-]\d)"),
    # 10/12/2023, 12.10.2023, 10-12-23
    re.compile(r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:1[89]|20)\d{2}|\d{2})(?![\w/]|[.,-]\d)"),
    # 03/1985 (month and year only)
    re.compile(r"(?P<a>0?[1-9]|1[0-2])(?P<sep>/)(?P<year>(?:19|20)\d{2})(?![\w/]|[.-]\d)"),
)


scan_context.register("month", MONTH_WORDS.keys())
_DAY_BEFORE_MONTH_RE = re.compile(r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th|er|re|ère)?(?:[-/ ]?|\s+(?:of\s+)?)$")


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date mention: values plus where each part sits in `text`."""

    text: str
    year: int | None
    month: int
    day: int | None
    year_span: tuple[int, int] | None
    month_span: tuple[int, int]
    day_span: tuple[int, int] | None
    month_word: MonthWord | None  # None when the month is numeric
    year_digits: int


def _valid(day: int | None, month: int) -> bool:
    return 1 <= month <= 12 and (day is None or 1 <= day <= 31)


def _day_value(token: str) -> int:
    return int(re.match(r"\d+", token).group())  # type: ignore[union-attr]


def _written(m: re.Match[str], text: str) -> ParsedDate | None:
    month_token = m.group("month").rstrip(".")
    word = MONTH_WORDS.get(month_token.lower())
    if word is None:
        return None
    groups = m.groupdict()
    day = _day_value(groups["day"]) if groups.get("day") else None
    year = int(groups["year"]) if groups.get("year") else None
    if not _valid(day, word.month) or (day is None and year is None):
        return None
    base = m.start()
    return ParsedDate(
        text=text,
        year=year,
        month=word.month,
        day=day,
        year_span=(m.start("year") - base, m.end("year") - base) if year is not None else None,
        month_span=(m.start("month") - base, m.start("month") - base + len(month_token)),
        day_span=(m.start("day") - base, m.end("day") - base) if day is not None else None,
        month_word=word,
        year_digits=4,
    )


def _numeric(m: re.Match[str], text: str, prefer_day_first: bool) -> ParsedDate | None:
    groups = m.groupdict()
    base = m.start()
    year_token = groups["year"]
    year = int(year_token)
    if len(year_token) == 2:
        year += 2000 if year < 50 else 1900
    a = int(groups["a"])
    b_token = groups.get("b")
    a_span = (m.start("a") - base, m.end("a") - base)
    if b_token is None:  # MM/YYYY
        return (
            ParsedDate(
                text, year, a, None, (m.start("year") - base, m.end("year") - base), a_span, None, None, len(year_token)
            )
            if 1 <= a <= 12
            else None
        )
    b = int(b_token)
    b_span = (m.start("b") - base, m.end("b") - base)
    year_span = (m.start("year") - base, m.end("year") - base)
    if m.group("sep") == ".":
        prefer_day_first = True  # 12.10.2023 is European day-first
    if m.start("year") < m.start("a"):  # ISO order: year, month, day
        month, day, month_span, day_span = a, b, a_span, b_span
    elif a > 12 or (prefer_day_first and b <= 12):
        month, day, month_span, day_span = b, a, b_span, a_span
    else:
        month, day, month_span, day_span = a, b, a_span, b_span
    if not _valid(day, month) or (m.group("sep") == "." and len(year_token) == 2):
        return None
    return ParsedDate(text, year, month, day, year_span, month_span, day_span, None, len(year_token))


def _month_hit_starts(text: str, month_start: int) -> list[int]:
    """Where a written date around a month word may start: the month itself or a day
    number just before it ("4 November", "1er avril", "04-Nov")."""
    starts = [month_start]
    window = text[max(0, month_start - 12) : month_start]
    m = _DAY_BEFORE_MONTH_RE.search(window)
    if m:
        starts.append(month_start - len(window) + m.start())
    return starts


def find_dates(ctx: ScanContext) -> list[tuple[int, int]]:
    """(start, end) of every date mention; overlapping readings are all returned."""
    text = ctx.text
    found: list[tuple[int, int]] = []
    for month_start, _, _ in ctx.of("month"):
        for start in _month_hit_starts(text, month_start):
            if start > 0 and (text[start - 1].isalnum() or (start < month_start and text[start - 1] in "/.-")):
                continue
            for pattern in WRITTEN_PATTERNS:
                m = pattern.match(text, start)
                if m and _written(m, m.group()) is not None:
                    found.append((m.start(), m.end()))
    for start, _ in ctx.regions("date_separator"):
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "/.,-_"):
            continue
        for pattern in NUMERIC_PATTERNS:
            m = pattern.match(text, start)
            if m and (_numeric(m, m.group(), False) is not None or _numeric(m, m.group(), True) is not None):
                found.append((m.start(), m.end()))
                break
    return found


def parse_date(mention: str, *, prefer_day_first: bool) -> ParsedDate | None:
    """Parse a whole date mention (as tagged) or return None if it is not one we can edit."""
    mention_stripped = mention.strip()
    if not mention_stripped or mention_stripped != mention:
        return None
    for pattern in WRITTEN_PATTERNS:
        m = pattern.fullmatch(mention)
        if m:
            parsed = _written(m, mention)
            if parsed:
                return parsed
    for pattern in NUMERIC_PATTERNS:
        m = pattern.fullmatch(mention)
        if m:
            parsed = _numeric(m, mention, prefer_day_first)
            if parsed:
                return parsed
    return None
