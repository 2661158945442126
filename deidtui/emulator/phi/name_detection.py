"""Person names, split into Doctor and Patient by the words around them.

Evidence, strongest first: a title ("Dr.", "Mme"), a role cue ("seen by", "Patient:",
"sa fille"), trailing credentials ("MD", "inf."), a known given name followed by a
surname-like word, the subject at the start of a line. Once a name is found, its other
mentions in the same note ("Smith" after "John Smith") get the same category.
"""

from __future__ import annotations

import re

from . import lexicon_en, lexicon_fr
from .candidates import Candidate
from .common_words import COMMON_WORDS
from .place_detection import GAZETTEER

GIVEN = lexicon_en.GIVEN_NAMES | lexicon_fr.GIVEN_NAMES
SURNAMES = lexicon_en.SURNAMES | lexicon_fr.SURNAMES
GIVEN_FEMALE = lexicon_en.GIVEN_FEMALE | lexicon_fr.GIVEN_FEMALE

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
# Capitalised word, incl. O'Connor, McAllister, Jean-Pierre, LeMoyne, HERNANDEZ.
TOKEN = rf"[{_UP}][{_LOW}{_UP}'’]*(?:-[{_UP}{_LOW}][{_LOW}{_UP}'’]*)*"
INITIAL = rf"[{_UP}]\."
PARTICLE = r"(?:de|du|des|van|von|der|den|da|di|del|della|le|la|bin|ben|al|el|St\.?)"
_PIECE = rf"(?:{TOKEN}|{INITIAL})"
NAME_SEQ = rf"{_PIECE}(?:[ \t]+(?:{PARTICLE}[ \t]+)?{_PIECE}){{0,3}}"
LAST_FIRST = rf"[{_UP}][{_UP}'’-]+,[ \t]*{TOKEN}(?:[ \t]+{INITIAL})?"

DOCTOR_TITLE = r"Dr|Dre|Drs|Doctor|Docteur|Docteure|Prof|Pr|Pre|Professeur|Professeure|Professor"
PATIENT_TITLE = r"Mr|Mrs|Ms|Miss|Mx|Mme|Mmes|Mlle|Madame|Monsieur|Mademoiselle|M(?=\.)"
TITLE_RE = re.compile(
    rf"\b(?:(?P<doc>{DOCTOR_TITLE})|(?P<pat>{PATIENT_TITLE}))\b\.?[ \t]+(?P<name>{NAME_SEQ})"
)
CREDENTIALS = (
    r"MD|M\.D\.|DO|D\.O\.|RN|NP|PA-C|PA|CNM|LCSW|LPN|LMFT|PhD|Ph\.D\.|FRCPC|FRCSC|FACC|FACP|FACS|MBBS|"
    r"DDS|DMD|PharmD|CRNA|MSW|DPT|OT|PT|inf\.|M\.Sc\.|B\.Sc\."
)
CREDENTIAL_RE = re.compile(rf"(?P<name>{NAME_SEQ}),?[ \t]+(?:{CREDENTIALS})(?![\w])")

_DOCTOR_CUES = (
    r"seen by|seen and examined by|examined by|evaluated by|referred by|referring (?:physician|provider|doctor)|"
    r"attending(?: physician)?|resident|fellow|intern|pcp|primary care (?:physician|provider)|"
    r"family (?:physician|doctor)|physician|provider|surgeon|assistant|anesthesiologist|consultant|"
    r"dictated by|signed by|electronically signed by|authenticated by|reviewed by|"
    r"ordering (?:provider|physician)|cc|nurse|midwife|therapist|counsel+or|psychologist|pharmacist|"
    r"pharmacien(?:ne)?|psychologue|infirmière|infirmier|référée? par|adressée? par|vue? par|signée? par|"
    r"rédigé par|dicté par|médecin traitant|médecin de famille|médecin référent|médecin|"
    r"chirurgien(?:ne)?|résidente?|travailleuse sociale|travailleur social|inhalothérapeute|"
    r"physiothérapeute|ergothérapeute|nutritionniste|diététiste|sage-femme|signé|signed"
)
_PATIENT_CUES = (
    r"patiente?(?: name)?|pt|name|nom(?: du patient| de la patiente| de l'usager)?|clientel?e?|usager|usagère|"
    r"re|objet|this is|je suis|my name is|je m'appelle|daughter|son|wife|husband|mother|mom|father|"
    r"dad|brother|sister|spouse|partner|guardian|emergency contact|contact|caregiver|fille|fils|épouse|"
    r"époux|mari|conjointe?|mère|père|frère|sœur|soeur|enfant|conducteur|conductrice|employee|"
    r"identifying data|bébé|baby|grand-mère|grand-père|grandmother|grandfather|niece|nephew|aunt|uncle|"
    r"tante|oncle|neveu|nièce|friend|ami|amie|voisin|voisine|neighbor|neighbour|passager|passagère"
)
CUE_RE = re.compile(
    rf"(?i:\b(?:(?P<doc>{_DOCTOR_CUES})|(?P<pat>{_PATIENT_CUES})))\b[ \t]*[:,(-]?[ \t]*"
    rf"(?:(?:{DOCTOR_TITLE}|{PATIENT_TITLE})\.?[ \t]+)?(?P<name>{LAST_FIRST}|{NAME_SEQ})"
)
NAME_TOKEN_RE = re.compile(rf"(?<![\w'’-]){TOKEN}(?![\w'’-])")
LINE_START_RE = re.compile(
    rf"(?m)^[ \t]*(?:[-•*][ \t]*)?(?P<name>{TOKEN}[ \t]+{TOKEN}(?:[ \t]+{TOKEN})?)"
    r"(?=,[ \t]|[ \t]+(?:is|was|has|had|est|a|avait|présente|consulte|came|comes|presents|reports|arrive)\b)"
)
_DOCTOR_CONTEXT_RE = re.compile(rf"(?i:\b(?:{_DOCTOR_CUES}|dr|dre|docteur)\b\.?[ \t:,]*)$")
_CREDENTIAL_AFTER_RE = re.compile(rf",?[ \t]+(?:{CREDENTIALS})(?![\w])")


def _is_placey(token: str) -> bool:
    return any(p == token for p, _ in GAZETTEER.get(token, ()))


def _namey(token: str, *, lenient: bool) -> bool:
    """Could `token` be part of a name? `lenient` after a title or cue (any non-word)."""
    if token.endswith(".") and len(token) == 2:
        return True
    if token in GIVEN or token in SURNAMES or token.title() in SURNAMES or token.title() in GIVEN:
        return True
    low = token.lower()
    if low in COMMON_WORDS:
        return False
    if token.isupper() and len(token) > 1:
        return lenient and len(token) > 2  # HERNANDEZ after "Name:"; "CT", "ECG" never
    return lenient or not _is_placey(token)


def _trim(text: str, start: int, end: int, *, lenient: bool) -> tuple[int, int] | None:
    """Keep the leading run of name-like words of text[start:end]; None if nothing is left."""
    last_end = None
    for m in re.finditer(r"\S+", text[start:end]):
        word = m.group().rstrip(",")
        if word.lower() in ("de", "du", "des", "van", "von", "der", "den", "da", "di", "del", "della", "le",
                            "la", "bin", "ben", "al", "el"):
            continue
        if not _namey(word, lenient=lenient):
            break
        last_end = start + m.start() + len(word)
    if last_end is None:
        return None
    # A name never ends on an initial or particle alone: "John F." keeps the dot only mid-name.
    return start, last_end


def _category_from_context(text: str, start: int, end: int) -> str:
    if _DOCTOR_CONTEXT_RE.search(text[max(0, start - 30):start]) or _CREDENTIAL_AFTER_RE.match(text, end):
        return "Doctor"
    return "Patient"


def _given_name_pairs(text: str) -> list[Candidate]:
    """Known given name followed by 1-2 surname-like words on the same line."""
    out: list[Candidate] = []
    tokens = list(NAME_TOKEN_RE.finditer(text))
    for i, tok in enumerate(tokens):
        first = tok.group()
        if first not in GIVEN:
            continue
        end = None
        j = i + 1
        while j < len(tokens) and j <= i + 2:
            gap = text[tokens[j - 1].end():tokens[j].start()]
            word = tokens[j].group()
            if gap not in (" ", " \t") or not (word in SURNAMES or _namey(word, lenient=False)):
                break
            if word.isupper() and len(word) > 1 and word.title() not in SURNAMES:
                break
            end = tokens[j].end()
            j += 1
        if end is not None:
            conf = 0.85 if text[tokens[i + 1].start():tokens[i + 1].end()] in SURNAMES else 0.7
            out.append(Candidate(tok.start(), end, _category_from_context(text, tok.start(), end), conf, 50))
    return out


def find_names(text: str) -> list[Candidate]:
    """Candidates for Patient and Doctor (before propagation to repeated mentions)."""
    out: list[Candidate] = []
    for m in TITLE_RE.finditer(text):
        if m.group("pat") == "M":
            before = text[max(0, m.start() - 30):m.start()].split()
            if before and before[-1][:1].isupper() and before[-1][-1:].isalpha():
                continue  # "John M. Smith": a middle initial, not "Monsieur"
        span = _trim(text, m.start("name"), m.end("name"), lenient=True)
        if span:
            category = "Doctor" if m.group("doc") else _category_from_context(text, m.start(), span[1])
            out.append(Candidate(span[0], span[1], category, 0.93, 57))
    for m in CUE_RE.finditer(text):
        name = m.group("name")
        if "," in name and re.fullmatch(LAST_FIRST, name):
            span: tuple[int, int] | None = m.span("name")
        else:
            span = _trim(text, m.start("name"), m.end("name"), lenient=False)
        if span:
            category = "Doctor" if m.group("doc") or _CREDENTIAL_AFTER_RE.match(text, span[1]) else "Patient"
            out.append(Candidate(span[0], span[1], category, 0.85, 56))
    for m in CREDENTIAL_RE.finditer(text):
        span = _trim(text, m.start("name"), m.end("name"), lenient=False)
        if span:
            out.append(Candidate(span[0], span[1], "Doctor", 0.85, 56))
    out.extend(_given_name_pairs(text))
    for m in LINE_START_RE.finditer(text):
        span = _trim(text, m.start("name"), m.end("name"), lenient=False)
        if span and " " in text[span[0]:span[1]]:
            out.append(Candidate(span[0], span[1], "Patient", 0.6, 49))
    return out


def propagate_names(text: str, persons: list[Candidate], taken: list[tuple[int, int]]) -> list[Candidate]:
    """Other mentions of the words of names already found ("Smith" after "John Smith")."""
    known: dict[str, str] = {}
    for cand in persons:
        for word in re.findall(TOKEN, text[cand.start:cand.end]):
            if len(word) >= 3 and word.lower() not in COMMON_WORDS:
                known.setdefault(word.upper(), cand.category)
    if not known:
        return []
    out: list[Candidate] = []
    for m in NAME_TOKEN_RE.finditer(text):
        category = known.get(m.group().upper())
        if category is None or any(m.start() < e and s < m.end() for s, e in taken):
            continue
        if _DOCTOR_CONTEXT_RE.search(text[max(0, m.start() - 30):m.start()]):
            category = "Doctor"
        out.append(Candidate(m.start(), m.end(), category, 0.75, 48))
    return out
