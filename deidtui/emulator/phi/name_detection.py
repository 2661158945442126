"""Person names, split into Doctor and Patient by the words around them.

Evidence, strongest first: a title ("Dr.", "Mme"), a role cue ("seen by", "Patient:",
"sa fille"), trailing credentials ("MD", "inf."), a known given name followed by a
surname-like word, the subject at the start of a line. Once a name is found, its other
mentions in the same note ("Smith" after "John Smith") get the same category.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from . import lexicon_en, lexicon_fr, scan_context
from .candidates import Candidate
from .common_words import COMMON_WORDS
from .name_cues import (
    DOCTOR_CUES,
    DOCTOR_TITLES,
    PATIENT_CUES,
    PATIENT_TITLES,
    STRONG_CREDENTIALS,
    WEAK_CREDENTIALS,
)
from .place_detection import GAZETTEER
from .scan_context import CAP_TOKEN, ScanContext
from .text_utils import strip_accents

GIVEN = lexicon_en.GIVEN_NAMES | lexicon_fr.GIVEN_NAMES
GIVEN |= frozenset(strip_accents(g) for g in GIVEN)
SURNAMES = lexicon_en.SURNAMES | lexicon_fr.SURNAMES
GIVEN_FEMALE = lexicon_en.GIVEN_FEMALE | lexicon_fr.GIVEN_FEMALE

_UP = "A-ZÀ-ÖØ-Þ"
TOKEN = CAP_TOKEN
INITIAL = rf"[{_UP}]\."
PARTICLE = r"(?:de|du|des|van|von|der|den|da|di|del|della|le|la|bin|ben|al|el|St\.?)"
_PIECE = rf"(?:{INITIAL}|{TOKEN})"
NAME_SEQ = rf"{_PIECE}(?:[ \t]+(?:{PARTICLE}[ \t]+)?{_PIECE}){{0,3}}"
# "HERNANDEZ, Luis" / "Lopez, Gabriela" / "Nguyen, Thi Lan" after an explicit cue.
LAST_FIRST = rf"{TOKEN},[ \t]*{TOKEN}(?:[ \t]+(?:{TOKEN}|{INITIAL}))?"

_TITLE_ALT = "|".join(sorted(DOCTOR_TITLES + PATIENT_TITLES, key=len, reverse=True))
_AFTER_TITLE_RE = re.compile(rf"\.?[ \t]+(?P<name>{NAME_SEQ})")
_AFTER_CUE_RE = re.compile(rf"[ \t]*[:,(-]?[ \t]*(?:(?:{_TITLE_ALT})\.?[ \t]+)?(?P<name>{LAST_FIRST}|{NAME_SEQ})")
scan_context.register(
    "title", dict.fromkeys(DOCTOR_TITLES, "Doctor") | dict.fromkeys(PATIENT_TITLES, "Patient"), cased=True
)
scan_context.register(
    "credential", dict.fromkeys(STRONG_CREDENTIALS, "strong") | dict.fromkeys(WEAK_CREDENTIALS, "weak"), cased=True
)
_NAME_BEFORE_CREDENTIAL_RE = re.compile(rf"(?P<name>{NAME_SEQ})(?P<comma>,?)[ \t]+$")

scan_context.register("name_cue", dict.fromkeys(DOCTOR_CUES, "Doctor") | dict.fromkeys(PATIENT_CUES, "Patient"))
_LINE_SUBJECT_RE = re.compile(
    rf"(?P<name>{TOKEN}[ \t]+{TOKEN}(?:[ \t]+{TOKEN}){{0,2}})"
    r"(?=,[ \t]|[ \t]+(?:is|was|has|had|est|a|avait|présente|consulte|came|comes|presents|reports|arrive)\b)"
)


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


def _line_starts(text: str) -> list[int]:
    """Where each line's first word starts (after indentation and a bullet)."""
    starts = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.lstrip(" \t-•*")
        if stripped[:1].isupper():
            starts.append(pos + len(line) - len(stripped))
        pos += len(line) + 1
    return starts


_WORD_RE = re.compile(r"\S+")


def _trim(text: str, start: int, end: int, *, lenient: bool) -> tuple[int, int] | None:
    """Keep the leading run of name-like words of text[start:end]; None if nothing is left."""
    last_end = None
    for m in _WORD_RE.finditer(text, start, end):
        word = m.group().rstrip(",")
        if word.lower() in (
            "de",
            "du",
            "des",
            "van",
            "von",
            "der",
            "den",
            "da",
            "di",
            "del",
            "della",
            "le",
            "la",
            "bin",
            "ben",
            "al",
            "el",
        ):
            continue
        if not _namey(word, lenient=lenient):
            break
        last_end = m.start() + len(word)
    if last_end is None:
        return None
    # A name never ends on an initial or particle alone: "John F." keeps the dot only mid-name.
    return start, last_end


def _doctor_cue_before(ctx: ScanContext, start: int) -> bool:
    """A clinician cue or title right before `start`, with only punctuation in between."""
    hit = ctx.hits_ending_before(("name_cue", "title"), start, "Doctor")
    return hit is not None and not ctx.text[hit[1] : start].strip(" \t.:,;(-")


def _credential_after(ctx: ScanContext, end: int) -> bool:
    """ "MD", "RN"... right after `end`; the ambiguous short ones only after a comma."""
    hit = ctx.first_hit_from("credential", end)
    if hit is None or hit[0] > end + 3:
        return False
    gap = ctx.text[end : hit[0]]
    return gap.strip() in ("", ",") and (hit[2] == "strong" or "," in gap)


def _last_first_ok(name: str) -> bool:
    """ "Bennett, DOB" is not "Last, First": every word must look like a name part."""
    family, given = name.split(",", 1)
    words = [family.strip(), *given.split()]
    return all(_namey(w, lenient=w.isupper() and family.strip().isupper()) for w in words)


def _category_from_context(ctx: ScanContext, start: int, end: int) -> str:
    return "Doctor" if _doctor_cue_before(ctx, start) or _credential_after(ctx, end) else "Patient"


# "Ahmed lives with his wife": a lone known given name as the subject of a verb.
_SUBJECT_VERB_RE = re.compile(
    r"[ \t]+(?:is|was|has|had|lives|lived|reports|reported|presents|presented|denies|denied|states|stated|says|"
    r"said|works|worked|came|comes|returns|returned|continues|notes|feels|felt|est|vit|habite|présente|rapporte|"
    r"dit|travaille|était|avait|a été)\b"
)


def _is_given(word: str) -> bool:
    return word in GIVEN or strip_accents(word) in GIVEN


def _given_name_pairs(ctx: ScanContext) -> list[Candidate]:
    """Known given name followed by 1-2 surname-like words on the same line."""
    text = ctx.text
    out: list[Candidate] = []
    tokens = ctx.capitalised_tokens()
    for i, (tok_start, tok_end) in enumerate(tokens):
        if not _is_given(text[tok_start:tok_end]):
            continue
        end = None
        j = i + 1
        while j < len(tokens) and j <= i + 3:
            gap = text[tokens[j - 1][1] : tokens[j][0]]
            word = text[tokens[j][0] : tokens[j][1]]
            if gap not in (" ", " \t") or not (word in SURNAMES or _namey(word, lenient=False)):
                break
            if word.isupper() and len(word) > 1 and word.title() not in SURNAMES:
                break
            end = tokens[j][1]
            j += 1
        lone = end is None and text[tok_start:tok_end].lower() not in COMMON_WORDS
        if lone and _SUBJECT_VERB_RE.match(text, tok_end):
            out.append(Candidate(tok_start, tok_end, _category_from_context(ctx, tok_start, tok_end), 0.6, 49))
        if end is not None:
            second = text[tokens[i + 1][0] : tokens[i + 1][1]]
            conf = 0.85 if second in SURNAMES else 0.7
            out.append(Candidate(tok_start, end, _category_from_context(ctx, tok_start, end), conf, 50))
    return out


def find_names(ctx: ScanContext) -> list[Candidate]:
    """Candidates for Patient and Doctor (before propagation to repeated mentions)."""
    text = ctx.text
    out: list[Candidate] = []
    for t_start, t_end, label in ctx.of("title"):
        m = _AFTER_TITLE_RE.match(text, t_end)
        if not m:
            continue
        title = text[t_start:t_end]
        if title == "M":
            if not m.group().startswith("."):
                continue
            before = text[max(0, t_start - 30) : t_start].split()
            if before and before[-1][:1].isupper() and before[-1][-1:].isalpha():
                continue  # "John M. Smith": a middle initial, not "Monsieur"
        span: tuple[int, int] | None = _trim(text, m.start("name"), m.end("name"), lenient=True)
        if span:
            category = "Doctor" if label == "Doctor" else _category_from_context(ctx, t_start, span[1])
            out.append(Candidate(span[0], span[1], category, 0.93, 57))
    for _, c_end, label in ctx.of("name_cue"):
        m = _AFTER_CUE_RE.match(text, c_end)
        if not m:
            continue
        name = m.group("name")
        if "," in name and re.fullmatch(LAST_FIRST, name) and _last_first_ok(name):
            span = m.span("name")
        else:
            # A header in capitals ("PATIENT: JOHN KOWALCZYK") may hold unknown capitalised names.
            header = name.isupper() and ":" in text[c_end : m.start("name")] and len(name.split()) >= 2
            span = _trim(text, m.start("name"), m.end("name"), lenient=header)
        if span:
            category = "Doctor" if label == "Doctor" or _credential_after(ctx, span[1]) else "Patient"
            out.append(Candidate(span[0], span[1], category, 0.85, 56))
    for c_start, _, strength in ctx.of("credential"):
        window = text[max(0, c_start - 60) : c_start]
        m = _NAME_BEFORE_CREDENTIAL_RE.search(window)
        if not m or (strength == "weak" and not m.group("comma")):
            continue
        base = c_start - len(window)
        span = _trim(text, base + m.start("name"), base + m.end("name"), lenient=False)
        if span:
            out.append(Candidate(span[0], span[1], "Doctor", 0.85, 56))
    out.extend(_given_name_pairs(ctx))
    for tok_start in _line_starts(text):
        m = _LINE_SUBJECT_RE.match(text, tok_start)
        if m:
            span = _trim(text, m.start("name"), m.end("name"), lenient=False)
            if span and " " in text[span[0] : span[1]]:
                out.append(Candidate(span[0], span[1], "Patient", 0.6, 49))
    return out


def propagate_names(ctx: ScanContext, persons: list[Candidate], taken: list[tuple[int, int]]) -> list[Candidate]:
    """Other mentions of the words of names already found ("Smith" after "John Smith")."""
    text = ctx.text
    known: dict[str, str] = {}
    for cand in persons:
        for word in re.findall(TOKEN, text[cand.start : cand.end]):
            if len(word) >= 3 and word.lower() not in COMMON_WORDS:
                known.setdefault(word.upper(), cand.category)
    if not known:
        return []
    out: list[Candidate] = []
    taken = sorted(taken)
    taken_starts = [s for s, _ in taken]
    for start, end in ctx.capitalised_tokens():
        category = known.get(text[start:end].upper())
        if category is None:
            continue
        i = bisect_right(taken_starts, start)
        if (i and taken[i - 1][1] > start) or (i < len(taken) and taken[i][0] < end):
            continue
        if _doctor_cue_before(ctx, start):
            category = "Doctor"
        out.append(Candidate(start, end, category, 0.75, 48))
    return out
