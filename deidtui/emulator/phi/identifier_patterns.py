"""Identifiers: cue-introduced IDs (MRN, account, member ID, licence, serial...) and the few
numbering schemes recognisable on their own (US SSN, French NIR, RAMQ, VIN, postal codes)."""

from __future__ import annotations

import re

from .candidates import Candidate

# (category, cue phrases). Phrases are matched case-insensitively; ALL-CAPS acronyms in
# _ACRONYM_CUES only as written, because "sin", "nas" or "id" are ordinary words elsewhere.
_PHRASE_CUES: tuple[tuple[str, str], ...] = (
    ("SocialSecurity", r"social security(?: number| no\.?| #)?|social insurance number|"
                       r"num[ée]ro d'assurance sociale|n° d'assurance sociale|"
                       r"(?:num[ée]ro|n°|no) de s[ée]curit[ée] sociale|s[ée]curit[ée] sociale"),
    ("MedicalRecord", r"medical record(?: number| no\.?| #)?|record (?:number|no\.?|#)|chart (?:number|no\.?|#)|"
                      r"hospital (?:number|no\.?|#)|patient (?:id|number|no\.?|#)|unit number|"
                      r"(?:num[ée]ro|n°|no) de dossier|dossier(?: m[ée]dical)?(?: n°| no\.?| num[ée]ro| #)?"),
    ("Account", r"account(?: number| no\.?| #)?|acct\.?(?: #| no\.?)?|billing (?:number|no\.?|#|account)|"
                r"(?:num[ée]ro|n°|no) de compte|compte(?: n°| no\.?| #)?|invoice (?:number|no\.?|#)"),
    ("HealthPlan", r"member(?:ship)? (?:id|number|no\.?|#)|policy (?:number|no\.?|#)|insurance (?:id|number|no\.?|#)|"
                   r"subscriber (?:id|number|#)|health plan(?: id| number| #)?|group (?:number|no\.?|#)|"
                   r"medicare(?: number| no\.?| #| id)?|medicaid(?: number| no\.?| #| id)?|health card(?: number| no\.?)?|"
                   r"beneficiary (?:id|number)|carte d'assurance[- ]maladie|(?:num[ée]ro|n°|no) d'assurance[- ]maladie|"
                   r"carte vitale|mutuelle"),
    ("License", r"driver'?s licen[cs]e(?: number| no\.?| #)?|licen[cs]e (?:number|no\.?|#)|licen[cs]e|"
                r"permis de conduire(?: n°| no\.?)?|permis(?: n°| no\.?)|num[ée]ro de permis|dea (?:number|no\.?|#)"),
    ("Vehicle", r"licen[cs]e plate(?: number| no\.?| #)?|plate(?: number| no\.?| #)?|"
                r"plaque(?: d'immatriculation)?|immatriculation|vehicle identification number"),
    ("Device", r"serial(?: number| no\.?| #)?|device (?:id|serial|number|no\.?|#)|implant (?:id|serial|number)|"
               r"num[ée]ro de s[ée]rie|n° de s[ée]rie|no de s[ée]rie|model/serial"),
    ("IDNum", r"employee (?:id|number|no\.?|#)|badge(?: number| no\.?| #)?|passport(?: number| no\.?| #)?|"
              r"student (?:id|number)|identification (?:number|no\.?|#)|id (?:number|no\.?|#)|"
              r"num[ée]ro d'identification|matricule|n° d'employ[ée]e?|claim (?:number|no\.?|#)|"
              r"case (?:number|no\.?|#)|num[ée]ro de r[ée]f[ée]rence|reference (?:number|no\.?|#)"),
    ("Username", r"user ?name|user id|login(?: id)?|nom d'utilisateur|identifiant(?: de connexion)?|"
                 r"screen name|handle|pseudo"),
)
_ACRONYM_CUES: tuple[tuple[str, str], ...] = (
    ("SocialSecurity", r"SSN|SIN|NAS|NIR|INSEE"),
    ("MedicalRecord", r"MRN|MR#|MR no\.?|IPP|NDA"),
    ("HealthPlan", r"RAMQ|NAM|OHIP|HIN|PHN"),
    ("License", r"DL#?|DEA"),
    ("Vehicle", r"VIN|NIV"),
    ("Device", r"S/N|SN|UDI"),
    ("IDNum", r"ID|NPI"),
)


def _build_cue_regex() -> tuple[re.Pattern[str], dict[str, str]]:
    parts: list[str] = []
    names: dict[str, str] = {}
    for i, (category, phrase) in enumerate(_PHRASE_CUES):
        names[f"p{i}"] = category
        parts.append(rf"(?P<p{i}>(?i:\b(?:{phrase})))")
    for i, (category, acronyms) in enumerate(_ACRONYM_CUES):
        names[f"a{i}"] = category
        parts.append(rf"(?P<a{i}>\b(?:{acronyms}))")
    return re.compile("(?:" + "|".join(parts) + r")(?![\w])"), names


CUE_RE, _CUE_CATEGORIES = _build_cue_regex()

# What may sit between a cue and its value: "MRN: ", "dossier n° ", "ID # ", "is ".
_SEPARATOR_RE = re.compile(r"(?:\s*(?:(?i:number|num[ée]ro|no\.?|n°|nº|#|:|=|is|est|du|de la|de|\(\w+\))\s*)){0,3}\s*")
# One chunk of an identifier. Follow-on chunks after a space are taken only while they look
# like ID material (digits or upper-case/digit mixes), so "FKT 482, NIV" stops at "482".
_FIRST_CHUNK_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9/.-]*")
_NEXT_CHUNK_RE = re.compile(r" (?=[A-Z0-9])[A-Z0-9][A-Z0-9-]*(?![\w])")
_USERNAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{2,}")

SSN_RE = re.compile(r"(?<![\w-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])")
NIR_RE = re.compile(
    r"(?<![\w])[12] ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3}(?: ?\d{2})?(?![\w])"
)
RAMQ_RE = re.compile(r"(?<![\w])[A-Z]{4} ?\d{4} ?\d{4}(?![\w])")
VIN_RE = re.compile(r"(?<![\w])[A-HJ-NPR-Z0-9]{17}(?![\w])")
CA_POSTAL_RE = re.compile(r"(?<![\w])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d(?![\w])")
UK_POSTCODE_RE = re.compile(r"(?<![\w])(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) \d[ABD-HJLNP-UW-Z]{2}(?![\w])")

_WORDS_NOT_IDS = frozenset({"is", "est", "of", "de", "the", "le", "la", "and", "et", "to", "at"})


def _read_identifier(text: str, pos: int, category: str, separator: str) -> tuple[int, int] | None:
    if category == "Username":
        m = _USERNAME_RE.match(text, pos)
        if not m or m.group().lower() in _WORDS_NOT_IDS:
            return None
        # "handle with care" is not a username: want an explicit ":"/"is" or an odd-looking value.
        if not (set(separator) & {":", "="} or " is" in separator or any(c in m.group() for c in "0123456789._")):
            return None
        end = m.end()
        while text[end - 1] in "._-":
            end -= 1
        return m.start(), end
    m = _FIRST_CHUNK_RE.match(text, pos)
    if not m:
        return None
    end = m.end()
    while True:
        nxt = _NEXT_CHUNK_RE.match(text, end)
        if not nxt:
            break
        end = nxt.end()
    while end > pos and text[end - 1] in "./-":
        end -= 1
    value = text[pos:end]
    if not any(ch.isdigit() for ch in value):
        # Plates and a few licences can be letters only, but then they must look like codes.
        if not (category in ("Vehicle", "License") and value.isupper() and len(value) >= 4):
            return None
    if any(ch.islower() for ch in value) and sum(ch.isdigit() for ch in value) < 3:
        return None
    return pos, end


def find_identifiers(text: str) -> list[Candidate]:
    """Candidates for the ID-like categories, SocialSecurity and the pattern-only Zips."""
    out: list[Candidate] = []
    for m in CUE_RE.finditer(text):
        category = _CUE_CATEGORIES[m.lastgroup or ""]
        sep = _SEPARATOR_RE.match(text, m.end())
        pos = sep.end() if sep else m.end()
        span = _read_identifier(text, pos, category, text[m.end():pos])
        if span and span[1] - span[0] <= 40:
            out.append(Candidate(span[0], span[1], category, 0.9, 80))
    for m in SSN_RE.finditer(text):
        out.append(Candidate(m.start(), m.end(), "SocialSecurity", 0.9, 78))
    for m in NIR_RE.finditer(text):
        if m.group().count(" ") >= 4 or len(m.group()) == 15:
            out.append(Candidate(m.start(), m.end(), "SocialSecurity", 0.8, 77))
    for m in RAMQ_RE.finditer(text):
        out.append(Candidate(m.start(), m.end(), "HealthPlan", 0.85, 76))
    for m in VIN_RE.finditer(text):
        value = m.group()
        if sum(c.isdigit() for c in value) >= 3 and sum(c.isalpha() for c in value) >= 3:
            out.append(Candidate(m.start(), m.end(), "Vehicle", 0.85, 76))
    for m in CA_POSTAL_RE.finditer(text):
        out.append(Candidate(m.start(), m.end(), "Zip", 0.9, 75))
    for m in UK_POSTCODE_RE.finditer(text):
        out.append(Candidate(m.start(), m.end(), "Zip", 0.75, 60))
    return out
