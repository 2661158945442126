"""Shifting a date mention by a number of days while keeping how it was written."""

from __future__ import annotations

import datetime as dt

from .date_patterns import EN_MONTHS, FR_MONTHS, ParsedDate, parse_date
from .text_utils import strip_accents

# Year assumed for dates written without one when the document gives no other hint. A leap
# year, so "February 29" without a year still parses.
DEFAULT_REFERENCE_YEAR = 2024

_EN_FULL = {v: k for k, v in EN_MONTHS.items()}
_FR_FULL = {v: k for k, v in FR_MONTHS.items()}
_EN_SHORT = {
    1: "Jan",
    2: "Feb",
    3: "Mar",
    4: "Apr",
    5: "May",
    6: "Jun",
    7: "Jul",
    8: "Aug",
    9: "Sep",
    10: "Oct",
    11: "Nov",
    12: "Dec",
}
_FR_SHORT = {
    1: "janv",
    2: "févr",
    3: "mars",
    4: "avr",
    5: "mai",
    6: "juin",
    7: "juil",
    8: "août",
    9: "sept",
    10: "oct",
    11: "nov",
    12: "déc",
}


def _en_ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _render_day(original: str, day: int, padded: bool) -> str:
    digits = original.rstrip("abcdefghijklmnopqrstuvwxyzèé")
    suffix = original[len(digits) :]
    number = f"{day:02d}" if padded else str(day)
    if not suffix:
        return number
    if suffix.lower() in ("st", "nd", "rd", "th"):
        out = _en_ordinal(day)
        return number + (out.upper() if suffix.isupper() else out)
    # French ordinal ("1er", "1re"): only the first of the month takes it.
    return number + suffix if day == 1 else number


def _render_month_word(original: str, parsed: ParsedDate, month: int) -> str:
    word = parsed.month_word
    assert word is not None
    if word.language == "fr":
        name = _FR_SHORT[month] if word.abbreviated else _FR_FULL[month]
        if not word.accented:
            name = strip_accents(name)
    else:
        name = _EN_SHORT[month] if word.abbreviated else _EN_FULL[month]
    if original.isupper():
        return name.upper()
    if original[:1].isupper():
        return name[:1].upper() + name[1:]
    return name.lower()


def _numeric_padded(text: str, parsed: ParsedDate) -> bool:
    """Zero-padded style: some part has a leading zero, or day and month are both 2 digits."""
    spans = (parsed.day_span, parsed.month_span)
    parts = [text[span[0] : span[1]] for span in spans if span is not None]
    parts = [p for p in parts if p.isdigit()]
    return any(p.startswith("0") for p in parts) or (bool(parts) and all(len(p) == 2 for p in parts))


def _replace_spans(text: str, replacements: list[tuple[tuple[int, int], str]]) -> str:
    out = text
    for (start, end), value in sorted(replacements, key=lambda r: r[0][0], reverse=True):
        out = out[:start] + value + out[end:]
    return out


def _fix_month_dot(text: str, parsed: ParsedDate, new_month_text: str) -> tuple[tuple[int, int], str]:
    """An abbreviation's dot is dropped when the new month is a full word ("Sept." -> "May")."""
    start, end = parsed.month_span
    has_dot = end < len(text) and text[end] == "."
    word = parsed.month_word
    if has_dot and word is not None and word.abbreviated:
        full = _FR_FULL if word.language == "fr" else _EN_FULL
        names = {strip_accents(n).lower() for n in full.values()}
        if strip_accents(new_month_text).lower() in names:
            return (start, end + 1), new_month_text
    return (start, end), new_month_text


def shift_parsed(parsed: ParsedDate, days: int, reference_year: int) -> str | None:
    """Render `parsed` moved by `days`; None if the date is impossible (e.g. 31/02)."""
    year = parsed.year if parsed.year is not None else reference_year
    day = parsed.day if parsed.day is not None else 15  # month-precision dates shift by mid-month
    try:
        original = dt.date(year, parsed.month, day)
    except ValueError:
        if parsed.year is None and parsed.month == 2 and day == 29:
            original = dt.date(DEFAULT_REFERENCE_YEAR, 2, 29)
        else:
            return None
    try:
        moved = original + dt.timedelta(days=days)
    except OverflowError:
        return None
    text = parsed.text
    replacements: list[tuple[tuple[int, int], str]] = []
    numeric = parsed.month_word is None
    padded = _numeric_padded(text, parsed) if numeric else False
    if parsed.day_span is not None:
        s, e = parsed.day_span
        day_text = text[s:e]
        replacements.append(((s, e), _render_day(day_text, moved.day, padded or day_text.startswith("0"))))
    s, e = parsed.month_span
    if parsed.month_word is not None:
        replacements.append(_fix_month_dot(text, parsed, _render_month_word(text[s:e], parsed, moved.month)))
    else:
        replacements.append(((s, e), f"{moved.month:02d}" if padded else str(moved.month)))
    if parsed.year_span is not None:
        s, e = parsed.year_span
        new_year = f"{moved.year % 100:02d}" if parsed.year_digits == 2 else f"{moved.year:04d}"
        replacements.append(((s, e), new_year))
    return _replace_spans(text, replacements)


def shift_date_text(mention: str, days: int, *, prefer_day_first: bool, reference_year: int) -> str | None:
    """Shift a date mention by `days`, same layout; None when it cannot be parsed."""
    parsed = parse_date(mention, prefer_day_first=prefer_day_first)
    if parsed is None:
        return None
    return shift_parsed(parsed, days, reference_year)


def reference_year_for(mentions: list[str], *, prefer_day_first: bool) -> int:
    """Year used for year-less dates of one document: the first explicit year it mentions."""
    for mention in mentions:
        parsed = parse_date(mention, prefer_day_first=prefer_day_first)
        if parsed is not None and parsed.year is not None:
            return parsed.year
    return DEFAULT_REFERENCE_YEAR
