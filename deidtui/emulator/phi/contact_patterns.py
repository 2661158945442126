"""Phone, fax, e-mail, URL and IP address detection."""

from __future__ import annotations

import ipaddress
import re

from .candidates import Candidate

EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
URL_RE = re.compile(r"(?<![\w@/])(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
BARE_DOMAIN_RE = re.compile(
    r"(?<![\w@./-])(?:[a-z0-9-]+\.)+(?:com|org|net|ca|fr|gov|edu|io|be|ch|uk|info|health)(?:/[^\s<>\"'()]*)?(?![\w@-])"
)
IPV4_RE = re.compile(r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w]|\.\d)")
IPV6_RE = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")

_PHONE_PATTERNS = (
    # North America: (514) 555-0187, 514-555-0187, 514 555-0187, +1 514.555.0187
    re.compile(r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\d-])"),
    # France: 01 45 67 89 12, +33 1 45 67 89 12, 06.12.34.56.78
    re.compile(r"(?<![\w+])(?:\+33\s?(?:\(0\)\s?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)"),
    # UK: 020 7946 0958, 07700 900123, +44 20 7946 0958
    re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|0)\d{2,4}\s\d{3,4}\s?\d{3,4}(?!\d)"),
    # Other international numbers
    re.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?!\d)"),
)
# After an explicit cue any digit group shaped like a phone number counts.
_CUED_PHONE_RE = re.compile(
    r"(?i:\b(?:tel|tél|phone|telephone|téléphone|cell|cellulaire|mobile|portable|fax|télécopieur|"
    r"téléc|pager|home|work|joindre au|call|appeler au|contact)\b\.?)"
    r"[\s:.#]*(?:(?:\((?:home|cell|work)\)|at|au)\s*)?(?P<num>\+?\(?\d[\d\s().-]{5,18}\d)(?!\d)"
)
_CUE_RE = re.compile(
    r"\b(?P<fax>fax|facsimile|télécopieur|télécopie|téléc|telecopieur)\b|"
    r"\b(?:tel|tél|phone|telephone|téléphone|cell|cellulaire|mobile|portable|pager|call)\b",
    re.IGNORECASE,
)


def _digit_count(value: str) -> int:
    return sum(ch.isdigit() for ch in value)


def _phone_category(text: str, start: int) -> str:
    window = text[max(0, start - 40):start]
    last = None
    for last in _CUE_RE.finditer(window):
        pass
    return "Fax" if last is not None and last.group("fax") else "Phone"


def find_contacts(text: str) -> list[Candidate]:
    """Candidates for Phone, Fax, Email, Url and IPAddress."""
    out: list[Candidate] = []
    for m in EMAIL_RE.finditer(text):
        out.append(Candidate(m.start(), m.end(), "Email", 0.97, 90))
    for m in URL_RE.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?":
            end -= 1
        out.append(Candidate(m.start(), end, "Url", 0.95, 85))
    for m in BARE_DOMAIN_RE.finditer(text):
        if any(ch.isalpha() for ch in m.group().split(".")[0]):
            out.append(Candidate(m.start(), m.end(), "Url", 0.8, 84))
    for m in IPV4_RE.finditer(text):
        out.append(Candidate(m.start(), m.end(), "IPAddress", 0.95, 88))
    for m in IPV6_RE.finditer(text):
        value = m.group()
        if ("::" in value or value.count(":") == 7) and any(c.isalpha() for c in value):
            try:
                ipaddress.IPv6Address(value)
            except ValueError:
                continue
            out.append(Candidate(m.start(), m.end(), "IPAddress", 0.95, 88))
    seen: set[tuple[int, int]] = set()
    for pattern in _PHONE_PATTERNS:
        for m in pattern.finditer(text):
            if 8 <= _digit_count(m.group()) <= 15 and (m.start(), m.end()) not in seen:
                seen.add((m.start(), m.end()))
                out.append(Candidate(m.start(), m.end(), _phone_category(text, m.start()), 0.9, 70))
    for m in _CUED_PHONE_RE.finditer(text):
        start, end = m.span("num")
        while end > start and not text[end - 1].isdigit():
            end -= 1
        if 7 <= _digit_count(text[start:end]) <= 15:
            out.append(Candidate(start, end, _phone_category(text, start), 0.85, 69))
    return out
