"""Phone, fax, e-mail, URL and IP address detection."""

from __future__ import annotations

import ipaddress
import re

from . import scan_context
from .candidates import Candidate
from .scan_context import ScanContext

_EMAIL_DOMAIN_RE = re.compile(r"@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_EMAIL_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
_TLD_RE = re.compile(r"\.(?:com|org|net|ca|fr|gov|edu|io|be|ch|uk|info|health)(?![\w@-])")
_DOMAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.")
IPV4_RE = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w]|\.\d)")
IPV6_RE = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")

_PHONE_PATTERNS = (
    # North America: (514) 555-0187, 514-555-0187, 514 555-0187, +1 514.555.0187
    re.compile(r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\d-])"),
    # France: 01 45 67 89 12, +33 1 45 67 89 12, 06.12.34.56.78
    re.compile(r"(?<![\w+])(?:\+33\s?(?:\(0\)\s?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)"),
    # UK: 020 7946 0958, 07700 900123, +44 20 7946 0958
    re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|0)\d{2,4}\s\d{3,4}\s?\d{3,4}(?!\d)"),
    # Australia: (02) 9374 4000, 0412 345 678, +61 2 9374 4000
    re.compile(r"(?<![\w+])(?:\(0\d\)[ ]?\d{4}[ ]?\d{4}|04\d{2}[ ]?\d{3}[ ]?\d{3}|\+61[ ]?\d[ ]?\d{4}[ ]?\d{4})(?!\d)"),
    # Other international numbers
    re.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?!\d)"),
)
# After an explicit cue any digit group shaped like a phone number counts.
_CUED_NUMBER_RE = re.compile(
    r"\.?[ \t:.#]*(?:(?:\((?:home|cell|work|domicile|travail)\)|at|au|:)[ \t]*)?"
    r"(?P<num>\+?\(?\d[\d \t().-]{5,18}\d)(?!\d)"
)
scan_context.register(
    "phone_cue",
    dict.fromkeys(
        (
            "tel",
            "tél",
            "tel.",
            "phone",
            "telephone",
            "téléphone",
            "cell",
            "cellulaire",
            "mobile",
            "portable",
            "pager",
            "joindre au",
            "call",
            "appeler au",
            "contact",
            "home",
            "work",
            "domicile",
            "travail",
            "cellphone",
            "cell phone",
            "phone number",
            "numéro de téléphone",
        ),
        "Phone",
    )
    | dict.fromkeys(("fax", "facsimile", "télécopieur", "télécopie", "téléc", "telecopieur", "fax number"), "Fax"),
)


def _digit_count(value: str) -> int:
    return sum(ch.isdigit() for ch in value)


def _phone_category(ctx: ScanContext, start: int) -> str:
    """Fax when the closest cue before the number (within 40 characters) is a fax cue."""
    hit = ctx.hits_ending_before(("phone_cue",), start)
    return hit[2] if hit is not None and start - hit[1] <= 40 else "Phone"


def _domains(ctx: ScanContext) -> list[Candidate]:
    low = ctx.low
    out = []
    for m in _TLD_RE.finditer(low):
        start = m.start()
        while start > 0 and low[start - 1] in _DOMAIN_CHARS:
            start -= 1
        if start > 0 and low[start - 1] in "@/":
            continue
        end = m.end()
        if end < len(low) and low[end] == "/":
            while end < len(low) and not low[end].isspace() and low[end] not in "<>\"'()":
                end += 1
        while end > m.end() and low[end - 1] in ".,;:!?":
            end -= 1
        first_label = low[start : m.start()].split(".")[0]
        if any(ch.isalpha() for ch in first_label):
            out.append(Candidate(start, end, "Url", 0.8, 84))
    return out


def find_contacts(ctx: ScanContext) -> list[Candidate]:
    """Candidates for Phone, Fax, Email, Url and IPAddress."""
    text = ctx.text
    out: list[Candidate] = []
    at = text.find("@")
    while at != -1:
        domain = _EMAIL_DOMAIN_RE.match(text, at)
        start = at
        while start > 0 and text[start - 1] in _EMAIL_LOCAL_CHARS:
            start -= 1
        while start < at and not text[start].isalnum():
            start += 1  # a local part starts with a letter or digit
        if domain and start < at:
            out.append(Candidate(start, domain.end(), "Email", 0.97, 90))
        at = text.find("@", at + 1)
    if "http" in ctx.low or "www." in ctx.low:
        for m in URL_RE.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1] in ".,;:!?":
                end -= 1
            out.append(Candidate(m.start(), end, "Url", 0.95, 85))
    out.extend(_domains(ctx))
    digit_regions = ctx.regions("digits")
    for r_start, r_end in digit_regions:
        if text.count(".", r_start, r_end) < 3:
            continue
        for m in IPV4_RE.finditer(text, r_start, r_end):
            if (m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == ".")) and all(
                int(octet) <= 255 for octet in m.group().split(".")
            ):
                out.append(Candidate(m.start(), m.end(), "IPAddress", 0.95, 88))
    if "::" in text or text.count(":") >= 7:
        for m in IPV6_RE.finditer(text):
            value = m.group()
            if ("::" in value or value.count(":") == 7) and any(c.isalpha() for c in value):
                try:
                    ipaddress.IPv6Address(value)
                except ValueError:
                    continue
                out.append(Candidate(m.start(), m.end(), "IPAddress", 0.95, 88))
    seen: set[tuple[int, int]] = set()
    for r_start, r_end in digit_regions:
        if _digit_count(text[r_start:r_end]) < 8:
            continue  # every phone pattern needs 8+ digits
        for pattern in _PHONE_PATTERNS:
            for m in pattern.finditer(text, r_start, r_end):
                if 8 <= _digit_count(m.group()) <= 15 and (m.start(), m.end()) not in seen:
                    seen.add((m.start(), m.end()))
                    out.append(Candidate(m.start(), m.end(), _phone_category(ctx, m.start()), 0.9, 70))
    for _, end, _cue in ctx.of("phone_cue"):
        cued = _CUED_NUMBER_RE.match(text, end)
        if not cued:
            continue
        start, stop = cued.span("num")
        while stop > start and not text[stop - 1].isdigit():
            stop -= 1
        if 7 <= _digit_count(text[start:stop]) <= 15:
            out.append(Candidate(start, stop, _phone_category(ctx, start), 0.85, 69))
    return out
