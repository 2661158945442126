"""Addresses and places: Street, City, State, Zip and CountryOrRegion."""

from __future__ import annotations

import re

from . import lexicon_en, lexicon_fr
from .candidates import Candidate
from .common_words import COMMON_WORDS

_CAP = r"(?:St\.|Ste\.|Mt\.|[A-ZÀ-ÖØ-Þ][\w'’]*(?:-[\w'’]+)*)"
_EN_STREET_SUFFIX = (
    r"Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Dr\.?|Lane|Ln\.?|Way|Court|Ct\.?|"
    r"Place|Pl\.?|Terrace|Parkway|Pkwy\.?|Circle|Cir\.?|Highway|Hwy\.?|Crescent|Cres\.?|Close|Square|"
    r"Trail|Row|Mews|Gardens|Grove|Hill|Pike|Alley"
)
_UNIT = r"(?:,?[ \t]*(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|#|app\.?|appartement|appt\.?|bureau|local)[ \t]*[\w-]+)?"
STREET_EN_RE = re.compile(
    rf"(?<![\w./-])\d{{1,6}}[A-Za-z]?(?:-\d{{1,5}})?[ \t]+(?:(?:[NSEW]\.?|North|South|East|West)[ \t]+)?"
    rf"(?:(?:{_CAP}|\d{{1,3}}(?:st|nd|rd|th))[ \t]+){{1,4}}(?:{_EN_STREET_SUFFIX})(?![\w])"
    rf"(?:[ \t]+(?:NE|NW|SE|SW|N|S|E|W)\b\.?)?{_UNIT}"
)
_FR_STREET_TYPE = (
    r"rue|avenue|av\.|boulevard|boul\.|bd|chemin|ch\.|place|allée|impasse|route|quai|cours|montée|rang|"
    r"côte|promenade|square|passage|voie|sentier|rond-point|square|croissant"
)
STREET_FR_RE = re.compile(
    rf"(?<![\w./-])\d{{1,5}}(?:[ \t]?(?:bis|ter|[A-Da-d])\b)?,?[ \t]+(?i:{_FR_STREET_TYPE})[ \t]+"
    rf"(?:(?:de[ \t]+la|de[ \t]+l'|du|des|de|d'|l'|la|le|les)[ \t]*)?{_CAP}"
    rf"(?:[ \t]+(?:(?:de[ \t]+la|de[ \t]+l'|du|des|de|d'|et|sur|aux)[ \t]*)?{_CAP}){{0,4}}{_UNIT}"
)

US_ZIP = r"\d{5}(?:-\d{4})?"
CA_POSTAL = r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d"
_CITY_RUN = rf"{_CAP}(?:[ \t]+{_CAP}){{0,2}}"
# What follows a street: ", Boston, MA 02114" / "\nMontréal (Québec) H2X 1Y4" / ", 75012 Paris"
_STATE_NAMES = sorted(lexicon_en.US_STATES | lexicon_fr.REGIONS, key=len, reverse=True)
_STATE_ALT = "|".join(re.escape(s) for s in _STATE_NAMES)
_STATE_CODE_ALT = "|".join(sorted(lexicon_en.STATE_CODES, key=len, reverse=True))
AFTER_STREET_EN_RE = re.compile(
    rf"(?:,[ \t]*|[ \t]*\n[ \t]*)(?P<city>{_CITY_RUN})"
    rf"(?:(?:,[ \t]*|[ \t]+)(?P<state>(?:{_STATE_CODE_ALT})(?![\w])|{_STATE_ALT})"
    rf"|[ \t]*\((?P<pstate>{_STATE_ALT}|{_STATE_CODE_ALT})\))?"
    rf"(?:,?[ \t]+(?P<zip>{US_ZIP}|{CA_POSTAL}))?(?![\w])"
)
AFTER_STREET_FR_RE = re.compile(rf"(?:,[ \t]*|[ \t]*\n[ \t]*|[ \t]+)(?P<zip>\d{{5}})[ \t]+(?P<city>{_CITY_RUN})")
CITY_STATE_RE = re.compile(
    rf"(?P<city>{_CITY_RUN}),[ \t]*(?P<state>(?:{_STATE_CODE_ALT})(?![\w])|{_STATE_ALT})(?:[ \t]+(?P<zip>{US_ZIP}))?(?![\w])"
)
FR_ZIP_CITY_RE = re.compile(rf"(?<![\w-])(?P<zip>(?:0[1-9]|[1-8]\d|9[0-8])\d{{3}})[ \t]+(?P<city>{_CITY_RUN})")
ZIP_CUE_RE = re.compile(rf"(?i:\b(?:zip(?: code)?|postal code|code postal)\b)[ \t]*:?[ \t]*(?P<zip>{US_ZIP}|{CA_POSTAL})")
PROVINCE_PAREN_RE = re.compile(rf"\((?P<state>{_STATE_ALT})\)")
RESIDENCE_CUE_RE = re.compile(
    rf"(?i:\b(?:lives|living|lived|resides|residing|resident|born|moved|relocated|returned|travel(?:l)?ed|"
    rf"habite|demeurant|domicili[ée]e?|r[ée]sidant|r[ée]side|n[ée]e?|vit|originaire|d[ée]m[ée]nag[ée]e?|"
    rf"arriv[ée]e?|de retour|immigr[ée]e?)[ \t]+(?:alone[ \t]+|seul[ée]?[ \t]+)?"
    rf"(?:in|at|of|to|from|à|au|aux|en|du|de|d'|des)[ \t]*)(?P<place>{_CITY_RUN})"
)


def _gazetteer() -> dict[str, list[tuple[str, str]]]:
    """First word -> [(phrase, category)], longest phrases first."""
    entries: dict[str, str] = {}
    for phrase in lexicon_en.COUNTRIES | lexicon_fr.COUNTRIES:
        entries[phrase] = "CountryOrRegion"
    for phrase in lexicon_en.US_STATES | lexicon_fr.REGIONS:
        entries[phrase] = "State"
    for phrase in lexicon_en.CITIES | lexicon_fr.CITIES:
        entries.setdefault(phrase, "City")
    index: dict[str, list[tuple[str, str]]] = {}
    for phrase, category in entries.items():
        first = re.split(r"[ \t-]", phrase)[0]
        index.setdefault(first, []).append((phrase, category))
    for values in index.values():
        values.sort(key=lambda item: len(item[0]), reverse=True)
    return index


GAZETTEER = _gazetteer()
_PLACE_CATEGORY = {p: c for values in GAZETTEER.values() for p, c in values}
_WORD_RE = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.]*")
# "à Québec" is the city; "au Québec" / "province de Québec" is the province.
_QUEBEC_CITY_BEFORE = re.compile(r"(?i:(?:\bà|\bville de|\bin|\bcity of)[ \t]+)$")


def _category_of_place(text: str, start: int, phrase: str, default: str) -> str:
    if phrase in ("Québec", "Quebec"):
        return "City" if _QUEBEC_CITY_BEFORE.search(text[max(0, start - 12):start]) else "State"
    return default


def _gazetteer_hits(text: str) -> list[Candidate]:
    out: list[Candidate] = []
    for m in _WORD_RE.finditer(text):
        start = m.start()
        first = re.split(r"[ \t-]", m.group())[0]
        options = GAZETTEER.get(first, ()) or GAZETTEER.get(first.rstrip("."), ())
        for phrase, category in options:
            end = start + len(phrase)
            if text.startswith(phrase, start) and (end == len(text) or not (text[end].isalnum() or text[end] in "-'’")):
                out.append(Candidate(start, end, _category_of_place(text, start, phrase, category), 0.8, 45))
                break
    return out


def _classify_run(text: str, start: int, end: int, default: str) -> str:
    return _category_of_place(text, start, text[start:end], _PLACE_CATEGORY.get(text[start:end], default))


def find_places(text: str) -> list[Candidate]:
    """Candidates for Street, City, State, Zip and CountryOrRegion."""
    out: list[Candidate] = []
    streets = [(m.start(), m.end()) for m in STREET_EN_RE.finditer(text)]
    streets += [(m.start(), m.end()) for m in STREET_FR_RE.finditer(text)]
    for start, end in streets:
        out.append(Candidate(start, end, "Street", 0.85, 74))
        fr = AFTER_STREET_FR_RE.match(text, end)
        if fr:
            out.append(Candidate(fr.start("zip"), fr.end("zip"), "Zip", 0.85, 62))
            out.append(Candidate(fr.start("city"), fr.end("city"), "City", 0.8, 62))
            continue
        en = AFTER_STREET_EN_RE.match(text, end)
        if en:
            cs, ce = en.span("city")
            out.append(Candidate(cs, ce, _classify_run(text, cs, ce, "City"), 0.8, 62))
            for group in ("state", "pstate"):
                if en.group(group):
                    out.append(Candidate(en.start(group), en.end(group), "State", 0.8, 62))
            if en.group("zip"):
                out.append(Candidate(en.start("zip"), en.end("zip"), "Zip", 0.85, 62))
    for m in CITY_STATE_RE.finditer(text):
        city = m.group("city").split()
        # Keep only the trailing words that form a known city, else the last word.
        cs = m.start("city")
        for i in range(len(city)):
            candidate = " ".join(city[i:])
            if candidate in _PLACE_CATEGORY or i == len(city) - 1:
                cs = m.end("city") - len(candidate)
                break
        out.append(Candidate(cs, m.end("city"), "City", 0.75, 61))
        out.append(Candidate(m.start("state"), m.end("state"), "State", 0.8, 61))
        if m.group("zip"):
            out.append(Candidate(m.start("zip"), m.end("zip"), "Zip", 0.85, 61))
    for m in FR_ZIP_CITY_RE.finditer(text):
        city_text = m.group("city")
        if city_text in _PLACE_CATEGORY or city_text.split()[0] in lexicon_fr.CITIES:
            out.append(Candidate(m.start("zip"), m.end("zip"), "Zip", 0.8, 60))
            out.append(Candidate(m.start("city"), m.end("city"), "City", 0.8, 60))
    for m in ZIP_CUE_RE.finditer(text):
        out.append(Candidate(m.start("zip"), m.end("zip"), "Zip", 0.85, 62))
    for m in PROVINCE_PAREN_RE.finditer(text):
        out.append(Candidate(m.start("state"), m.end("state"), "State", 0.8, 61))
    for m in RESIDENCE_CUE_RE.finditer(text):
        ps, pe = m.span("place")
        if m.group("place").split()[0].lower().rstrip(".") in COMMON_WORDS:
            continue
        out.append(Candidate(ps, pe, _classify_run(text, ps, pe, "City"), 0.65, 44))
    out.extend(_gazetteer_hits(text))
    return out
