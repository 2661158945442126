"""Identifiers: cue-introduced IDs (MRN, account, member ID, licence, serial...) and the few
numbering schemes recognisable on their own (US SSN, French NIR, RAMQ, VIN, postal codes)."""

from __future__ import annotations

import re

from . import scan_context
from .candidates import Candidate
from .common_words import COMMON_WORDS
from .scan_context import ScanContext


def _expand(category: str, blob: str) -> dict[str, str]:
    return {p.strip(): category for p in blob.split(";") if p.strip()}


_NUM = ("number", "no", "no.", "#", "num", "id")
_FR_NUM = ("numéro de", "n° de", "no de", "n° d'", "numéro d'", "no d'")


# Stems that are ordinary words ("plan", "device", "plate") are cues only with a suffix
# ("plan #", "device ID"); these few are specific enough to stand alone.
_BARE_OK = frozenset(
    {
        "social security",
        "social insurance",
        "medical record",
        "account",
        "acct",
        "acct.",
        "medicare",
        "medicaid",
        "health card",
        "license",
        "licence",
        "driver's license",
        "driver's licence",
        "drivers license",
        "serial",
        "passport",
        "badge",
        "license plate",
        "licence plate",
        "pacemaker serial",
        "device serial",
        "implant serial",
        "model/serial",
        "vehicle identification",
        "accession",
    }
)


def _with_suffixes(category: str, stems: str, suffixes: tuple[str, ...] = _NUM) -> dict[str, str]:
    out = {}
    for stem in (s.strip() for s in stems.split(";") if s.strip()):
        if stem in _BARE_OK:
            out[stem] = category
        for suffix in suffixes:
            out[f"{stem} {suffix}"] = category
    return out


def _french_numbered(category: str, nouns: str) -> dict[str, str]:
    out = {}
    for noun in (n.strip() for n in nouns.split(";") if n.strip()):
        if noun not in ("série", "employé", "référence", "réclamation", "identification", "facture", "permis"):
            out[noun] = category
        out[f"{noun} n°"] = category
        out[f"{noun} no"] = category
        for prefix in _FR_NUM:
            joined = f"{prefix}{noun}" if prefix.endswith("'") else f"{prefix} {noun}"
            out[joined] = category
    return out


CUES: dict[str, str] = {}
CUES |= _with_suffixes("SocialSecurity", "social security; social insurance")
CUES |= _expand(
    "SocialSecurity",
    "ssn #; numéro d'assurance sociale; n° d'assurance sociale; no d'assurance sociale;"
    "numéro de sécurité sociale; n° de sécurité sociale; no de sécurité sociale; sécurité sociale;"
    "n° sécu; numéro de sécu",
)
CUES |= _with_suffixes(
    "MedicalRecord", "medical record; record; chart; hospital; patient; unit; trust; nhs trust;case record"
)
CUES |= _french_numbered("MedicalRecord", "dossier; dossier médical")
CUES |= _expand("MedicalRecord", "mr #; mr no; mr no.; mrn #; n° dossier; no dossier")
CUES |= _with_suffixes("Account", "account; acct; acct.; billing; invoice")
CUES |= _french_numbered("Account", "compte; facture")
CUES |= _with_suffixes(
    "HealthPlan",
    "nhs; chi; member; membership; policy; insurance; subscriber; health plan; group;"
    "medicare; medicaid; health card; beneficiary; plan",
)
CUES |= _french_numbered(
    "HealthPlan",
    "assurance maladie; assurance-maladie; carte d'assurance maladie;"
    "carte d'assurance-maladie; carte soleil; carte vitale; mutuelle",
)
CUES |= _with_suffixes("License", "license; licence; driver's license; driver's licence; drivers license; dea")
CUES |= _french_numbered("License", "permis; permis de conduire")
CUES |= _with_suffixes("Vehicle", "license plate; licence plate; plate; vehicle identification")
CUES |= _expand("Vehicle", "plaque; plate; plaque d'immatriculation; immatriculation; no de plaque; numéro de plaque")
CUES |= _with_suffixes(
    "Device", "serial; device; device serial; pacemaker serial; implant; implant serial;model/serial"
)
CUES |= _french_numbered("Device", "série")
CUES |= _expand("Device", "s/n")
CUES |= _with_suffixes(
    "IDNum",
    "employee; badge; passport; student; identification; id; claim; case; reference;"
    "accession; specimen; member services",
)
CUES |= _french_numbered("IDNum", "identification; passeport; employé; référence; réclamation")
CUES |= _expand("IDNum", "matricule; n° d'employé; numéro d'employé; identifier; identifiant unique")
CUES |= _expand("HealthPlan", "beneficiary identifier; medicare beneficiary identifier; mbi; health insurance number")
CUES |= _expand(
    "Username",
    "username; user name; user id; user; login; login id; nom d'utilisateur; identifiant;"
    "identifiant de connexion; screen name; handle; pseudo",
)
CUES |= _expand("UsernameFrom", "from; de; sender; expéditeur")
ACRONYM_CUES: dict[str, str] = (
    _expand("SocialSecurity", "SSN; SIN; NAS; NIR; INSEE")
    | _expand("MedicalRecord", "MRN; MR#; IPP; NDA")
    | _expand("HealthPlan", "RAMQ; NAM; OHIP; HIN; PHN")
    | _expand("License", "DL; DL#; DEA")
    | _expand("Vehicle", "VIN; NIV")
    | _expand("Device", "S/N; SN; UDI")
    | _expand("IDNum", "ID; NPI")
)
scan_context.register("id_cue", CUES)
scan_context.register("id_cue", ACRONYM_CUES, cased=True)

# What may sit between a cue and its value: "MRN: ", "dossier n° ", "ID # ", "is ".
_SEPARATOR_RE = re.compile(
    r"(?:[ \t]*(?:number|numéro|numero|no\.?|n°|nº|#|:|=|is|est|du|de la|de|\(\w+\))[ \t]*){0,3}[ \t]*", re.IGNORECASE
)
# One chunk of an identifier. Follow-on chunks after a space are taken only while they look
# like ID material (digits or upper-case/digit mixes), so "FKT 482, NIV" stops at "482".
_FIRST_CHUNK_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9/-]|\.(?=[A-Za-z0-9]))*")
_NEXT_CHUNK_RE = re.compile(r" (?=[A-Z-]*\d)[A-Z0-9][A-Z0-9-]*(?![\w])")
_USERNAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{2,}")

SSN_RE = re.compile(r"(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])")
NIR_RE = re.compile(r"[12] ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3}(?: ?\d{2})?(?![\w])")
RAMQ_RE = re.compile(r"[A-Z]{4} ?\d{4} ?\d{4}(?![\w])")
VIN_RE = re.compile(r"[A-HJ-NPR-Z0-9]{17}(?![\w])")
CA_POSTAL_RE = re.compile(r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d(?![\w])")
UK_POSTCODE_RE = re.compile(r"[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}(?![\w])")

_CODE_PATTERNS = (
    (RAMQ_RE, "HealthPlan", 0.85, 76),
    (VIN_RE, "Vehicle", 0.85, 76),
    (CA_POSTAL_RE, "Zip", 0.9, 75),
    (UK_POSTCODE_RE, "Zip", 0.75, 60),
)
_WORDS_NOT_IDS = frozenset({"is", "est", "of", "de", "the", "le", "la", "and", "et", "to", "at"})


def _left_ok(text: str, start: int, extra: str = "") -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_" + extra)


def _read_username(text: str, pos: int, separator: str, from_header: bool) -> tuple[int, int] | None:
    m = _USERNAME_RE.match(text, pos)
    if not m or m.group().lower() in _WORDS_NOT_IDS:
        return None
    value = m.group().rstrip("._-")
    odd = any(c in value for c in "0123456789_.")
    if from_header:
        # "From: jdoe_1975" on its own line: a handle, unlike "From: John".
        line_end = text.find("\n", m.end())
        rest = text[m.end() : line_end if line_end != -1 else len(text)]
        if not (odd and ":" in separator and not rest.strip() and "@" not in value):
            return None
    elif not (set(separator) & {":", "="} or " is" in separator or odd) and not (
        # "user asmith logged in": a bare lower-case handle, not an ordinary word.
        value.islower() and len(value) >= 4 and value not in COMMON_WORDS
    ):
        return None
    return m.start(), m.start() + len(value)


def _read_identifier(text: str, pos: int, category: str) -> tuple[int, int] | None:
    m = _FIRST_CHUNK_RE.match(text, pos)
    if not m or (m.group().isalpha() and m.group().islower()):
        return None  # "license plate 7KJ..." must not read "plate ..." as the licence
    end = m.end()
    while True:
        nxt = _NEXT_CHUNK_RE.match(text, end)
        if not nxt:
            break
        end = nxt.end()
    while end > pos and text[end - 1] in "./-":
        end -= 1
    value = text[pos:end]
    if category == "Vehicle" and not any(ch.isupper() for ch in value):
        return None  # "plaque de 3 cm", "plate 4": a plate number has letters
    if not any(ch.isdigit() for ch in value) and not (
        # Plates and a few licences can be letters only, but then they must look like codes.
        category in ("Vehicle", "License") and value.isupper() and len(value) >= 4
    ):
        return None
    if any(ch.islower() for ch in value) and sum(ch.isdigit() for ch in value) < 3:
        return None
    return pos, end


def find_identifiers(ctx: ScanContext) -> list[Candidate]:
    """Candidates for the ID-like categories, SocialSecurity and the pattern-only Zips."""
    text = ctx.text
    out: list[Candidate] = []
    last_end = -1
    for start, end, category in sorted(ctx.of("id_cue"), key=lambda h: (h[0], -h[1])):
        if start < last_end:
            continue  # "device serial" already read; skip its inner "serial"
        sep = _SEPARATOR_RE.match(text, end)
        pos = sep.end() if sep else end
        if category.startswith("Username"):
            span = _read_username(text, pos, text[end:pos], category == "UsernameFrom")
            category = "Username"
        else:
            span = _read_identifier(text, pos, category)
        if span and span[1] - span[0] <= 40:
            out.append(Candidate(span[0], span[1], category, 0.9, 80))
            last_end = span[1]
        else:
            last_end = max(last_end, end)  # a longer cue at this spot failed; skip its shorter prefixes
    for r_start, r_end in ctx.regions("digits"):
        if text.count("-", r_start, r_end) >= 2:
            for m in SSN_RE.finditer(text, r_start, r_end):
                if _left_ok(text, m.start(), "-"):
                    out.append(Candidate(m.start(), m.end(), "SocialSecurity", 0.9, 78))
        if r_end - r_start < 13:
            continue  # a NIR has 13 digits at least
        for m in NIR_RE.finditer(text, r_start, r_end):
            if _left_ok(text, m.start()) and (m.group().count(" ") >= 4 or len(m.group()) == 15):
                out.append(Candidate(m.start(), m.end(), "SocialSecurity", 0.8, 77))
    for r_start, r_end in ctx.regions("codes"):
        for pattern, category, confidence, priority in _CODE_PATTERNS:
            for m in pattern.finditer(text, r_start, r_end):
                if not _left_ok(text, m.start()):
                    continue
                value = m.group()
                if category == "Vehicle" and not (
                    sum(c.isdigit() for c in value) >= 3 and sum(c.isalpha() for c in value) >= 3
                ):
                    continue
                out.append(Candidate(m.start(), m.end(), category, confidence, priority))
    return out
