"""Small string helpers shared by detectors and surrogates."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_FR_MARKERS = (
    " le ",
    " la ",
    " les ",
    " des ",
    " du ",
    " est ",
    " une ",
    " avec ",
    " pour ",
    " dans ",
    " par ",
    " ans",
    " été ",
    " à ",
    " au ",
    " et ",
)
_EN_MARKERS = (
    " the ",
    " and ",
    " was ",
    " is ",
    " with ",
    " for ",
    " of ",
    " on ",
    "year-old",
    " she ",
    " he ",
    " her ",
    " his ",
    " to ",
    " in ",
    " at ",
)


@lru_cache(maxsize=4096)
def strip_accents(value: str) -> str:
    """'Hélène' -> 'Helene' (used to normalise values and to match unaccented spellings)."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_value(value: str) -> str:
    """Case-, accent- and whitespace-insensitive key for consistent surrogates."""
    if value.isascii():
        return " ".join(value.lower().split())
    return " ".join(strip_accents(value).casefold().split())


def detect_language(text: str) -> str:
    """'fr' or 'en' from function-word counts in the first few KB (cheap, good enough)."""
    sample = text[:4000].lower()
    fr = sum(sample.count(marker) for marker in _FR_MARKERS)
    en = sum(sample.count(marker) for marker in _EN_MARKERS)
    return "fr" if fr > en else "en"


def match_case(template: str, value: str) -> str:
    """Give `value` the letter case style of `template` (UPPER, lower or as-is)."""
    letters = [c for c in template if c.isalpha()]
    if not letters:
        return value
    if all(c.isupper() for c in letters) and len(letters) > 1:
        return value.upper()
    if all(c.islower() for c in letters):
        return value.lower()
    return value
