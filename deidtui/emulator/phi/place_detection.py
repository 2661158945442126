"""Addresses and places: Street, City, State, Zip and CountryOrRegion."""

from __future__ import annotations

import re

from . import lexicon_en, lexicon_fr, scan_context
from .candidates import Candidate
from .common_words import COMMON_WORDS
from .scan_context import ScanContext

_CAP = r"(?:St\.|Ste\.|Mt\.|[A-ZÀ-ÖØ-Þ][\w'’]*(?:-[\w'’]+)*)"
_EN_STREET_SUFFIX = (
    r"Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Dr\.?|Lane|Ln\.?|Way|Court|Ct\.?|"
    r"Place|Pl\.?|Terrace|Parkway|Pkwy\.?|Circle|Cir\.?|Highway|Hwy\.?|Crescent|Cres\.?|Close|Square|"
    r"Trail|Row|Mews|Gardens|Grove|Hill|Pike|Alley"
)
_UNIT = r"(?:,?[ \t]*(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|#|app\.?|appartement|appt\.?|bureau|local)[ \t]*[\w-]+)?"
STREET_EN_RE = re.compile(
    rf"\d{{1,6}}[A-Za-z]?(?:-\d{{1,5}})?[ \t]+(?:(?:[NSEW]\.?|North|South|East|West)[ \t]+)?"
    rf"(?:(?:{_CAP}|\d{{1,3}}(?:st|nd|rd|th))[ \t]+){{1,4}}(?:{_EN_STREET_SUFFIX})(?![\w])"
    rf"(?:[ \t]+(?:NE|NW|SE|SW|N|S|E|W)\b\.?)?{_UNIT}"
)
_FR_STREET_TYPE = (
    r"rue|avenue|av\.|boulevard|boul\.|bd|chemin|ch\.|place|allée|impasse|route|quai|cours|montée|rang|"
    r"côte|promenade|square|passage|voie|sentier|rond-point|croissant"
)
STREET_FR_RE = re.compile(
    rf"\d{{1,5}}(?:[ \t]?(?:bis|ter|[A-Da-d])\b)?,?[ \t]+(?i:{_FR_STREET_TYPE})[ \t]+"
    rf"(?:(?:de[ \t]+la|de[ \t]+l'|du|des|de|d'|l'|la|le|les)[ \t]*)?{_CAP}"
    rf"(?:[ \t]+(?:(?:de[ \t]+la|de[ \t]+l'|du|des|de|d'|et|sur|aux)[ \t]*)?{_CAP}){{0,4}}{_UNIT}"
)

US_ZIP = r"\d{5}(?:-\d{4})?"
CA_POSTAL = r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d"
_CITY_WORD = r"(?:St\.|Ste\.|Mt\.|[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:['’-][^\W\d_]+)*)"  # no digits: "M14" is a postcode
_STATE_CODE_WORDS = "|".join(sorted(lexicon_en.STATE_CODES, key=len, reverse=True))
# A city word is never a bare state code ("Sydney NSW 2000", "Boston MA").
_CITY_RUN = rf"{_CITY_WORD}(?:[ \t]+(?!(?:{_STATE_CODE_WORDS})(?![\w])){_CITY_WORD}){{0,2}}"
UK_POSTCODE = r"[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}"
_STATE_NAMES = sorted(lexicon_en.US_STATES | lexicon_fr.REGIONS, key=len, reverse=True)
_STATE_ALT = "|".join(re.escape(s) for s in _STATE_NAMES)
_STATE_CODE_ALT = "|".join(sorted(lexicon_en.STATE_CODES, key=len, reverse=True))
# What follows a street: ", Boston, MA 02114" / "\nMontréal (Québec) H2X 1Y4" / ", 75012 Paris"
AFTER_STREET_EN_RE = re.compile(
    rf"(?:,[ \t]*|[ \t]*\n[ \t]*)(?P<city>{_CITY_RUN})"
    rf"(?:(?:,[ \t]*|[ \t]+)(?P<state>(?:{_STATE_CODE_ALT})(?![\w])|{_STATE_ALT})"
    rf"|[ \t]*\((?P<pstate>{_STATE_ALT}|{_STATE_CODE_ALT})\))?"
    rf"(?:,?[ \t]+(?P<zip>{US_ZIP}|{CA_POSTAL}|{UK_POSTCODE}|\d{{4}}))?(?![\w])"
)
AFTER_STREET_FR_RE = re.compile(rf"(?:,[ \t]*|[ \t]*\n[ \t]*|[ \t]+)(?P<zip>\d{{5}})[ \t]+(?P<city>{_CITY_RUN})")
_CITY_BEFORE_RE = re.compile(rf"(?P<city>{_CITY_RUN}),[ \t]*$")
_ZIP_AFTER_RE = re.compile(rf"[ \t]+(?P<zip>{US_ZIP})(?![\w])")
FR_ZIP_CITY_RE = re.compile(rf"(?P<zip>(?:0[1-9]|[1-8]\d|9[0-8])\d{{3}})[ \t]+(?P<city>{_CITY_RUN})")
_ZIP_VALUE_RE = re.compile(rf"[ \t]*:?[ \t]*(?P<zip>{US_ZIP}|{CA_POSTAL})(?![\w])")
PROVINCE_PAREN_RE = re.compile(rf"\((?P<state>{_STATE_ALT})\)")
_PLACE_AFTER_RESIDENCE_RE = re.compile(
    rf"[ \t]+(?:alone[ \t]+|seule?[ \t]+)?(?:in|at|of|to|from|à|au|aux|en|du|de|d'|des)[ \t]*(?P<place>{_CITY_RUN})"
)
scan_context.register("zip_cue", ("zip", "zip code", "postal code", "code postal"))
scan_context.register(
    "residence",
    (
        "lives",
        "living",
        "lived",
        "resides",
        "residing",
        "resident",
        "born",
        "moved",
        "relocated",
        "returned",
        "traveled",
        "travelled",
        "habite",
        "demeurant",
        "domicilié",
        "domiciliée",
        "résidant",
        "réside",
        "né",
        "née",
        "vit",
        "originaire",
        "déménagé",
        "déménagée",
        "arrivé",
        "arrivée",
        "de retour",
        "immigré",
        "immigrée",
    ),
)
scan_context.register("state_code", lexicon_en.STATE_CODES, cased=True)


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
        index.setdefault(first.rstrip("."), []).append((phrase, category))
    for values in index.values():
        values.sort(key=lambda item: len(item[0]), reverse=True)
    return index


GAZETTEER = _gazetteer()
PLACE_CATEGORY = {p: c for values in GAZETTEER.values() for p, c in values}
# "à Québec" is the city; "au Québec" / "province de Québec" is the province.
_QUEBEC_CITY_BEFORE = re.compile(r"(?i:(?:\bà|\bville de|\bin|\bcity of)[ \t]+)$")


def _category_of_place(text: str, start: int, phrase: str, default: str) -> str:
    if phrase in ("Québec", "Quebec"):
        return "City" if _QUEBEC_CITY_BEFORE.search(text[max(0, start - 12) : start]) else "State"
    return default


# Place names inside clinical eponyms: "Glasgow Coma Scale", "score de Glasgow".
_EPONYM_AFTER_RE = re.compile(r"[ \t]+(?:Coma|coma|Outcome|outcome|Scale|scale|score|Score|criteria|Criteria)\b")
_EPONYM_BEFORE_RE = re.compile(r"(?i:(?:score|échelle|scale|critères|criteria)[ \t]+(?:de[ \t]+|of[ \t]+)?)$")


def gazetteer_hits(ctx: ScanContext) -> list[Candidate]:
    """Known cities, states/provinces and countries, by their capitalised first word."""
    text = ctx.text
    out: list[Candidate] = []
    for start, tok_end in ctx.capitalised_tokens():
        token = text[start:tok_end]
        for phrase, category in GAZETTEER.get(token.split("-")[0], ()):
            end = start + len(phrase)
            if text.startswith(phrase, start) and (end == len(text) or not (text[end].isalnum() or text[end] in "-'’")):
                if not (
                    _EPONYM_AFTER_RE.match(text, end) or _EPONYM_BEFORE_RE.search(text[max(0, start - 20) : start])
                ):
                    out.append(Candidate(start, end, _category_of_place(text, start, phrase, category), 0.8, 45))
                break
    return out


def _classify_run(text: str, start: int, end: int, default: str) -> str:
    return _category_of_place(text, start, text[start:end], PLACE_CATEGORY.get(text[start:end], default))


def _left_ok(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "./-_")


def _streets(ctx: ScanContext, out: list[Candidate]) -> None:
    text = ctx.text
    spans = []
    for start, _ in ctx.regions("number_word"):
        if not _left_ok(text, start):
            continue
        m = STREET_EN_RE.match(text, start) or STREET_FR_RE.match(text, start)
        if m:
            spans.append(m.span())
    for start, end in spans:
        out.append(Candidate(start, end, "Street", 0.85, 74))
        fr = AFTER_STREET_FR_RE.match(text, end)
        if fr:
            out.append(Candidate(fr.start("zip"), fr.end("zip"), "Zip", 0.85, 62))
            out.append(Candidate(fr.start("city"), fr.end("city"), "City", 0.8, 62))
            continue
        en = AFTER_STREET_EN_RE.match(text, end)
        if en:
            cs, ce = en.span("city")
            category = PLACE_CATEGORY.get(text[cs:ce], "City")
            out.append(Candidate(cs, ce, "City" if category == "State" else category, 0.8, 62))
            for group in ("state", "pstate"):
                if en.group(group):
                    out.append(Candidate(en.start(group), en.end(group), "State", 0.8, 62))
            if en.group("zip"):
                out.append(Candidate(en.start("zip"), en.end("zip"), "Zip", 0.85, 62))


def _city_state(ctx: ScanContext, states: list[tuple[int, int]], out: list[Candidate]) -> None:
    """ "Phoenix, AZ" / "Portland, Oregon 97201": the words before ", <state>" are the city."""
    text = ctx.text
    for s_start, s_end in states:
        window = text[max(0, s_start - 48) : s_start]
        m = _CITY_BEFORE_RE.search(window)
        if not m:
            continue
        words = m.group("city").split()
        zip_m = _ZIP_AFTER_RE.match(text, s_end)
        known = [i for i in range(len(words)) if " ".join(words[i:]) in PLACE_CATEGORY]
        # "Thomas Brennan, MD" is a doctor: a bare two-letter code needs a known city or a ZIP.
        if s_end - s_start <= 3 and not zip_m and not known:
            continue
        city = " ".join(words[known[0] :]) if known else words[-1]
        city_end = s_start - len(window) + m.end("city")
        out.append(Candidate(city_end - len(city), city_end, "City", 0.75, 61))
        out.append(Candidate(s_start, s_end, "State", 0.8, 61))
        if zip_m:
            out.append(Candidate(zip_m.start("zip"), zip_m.end("zip"), "Zip", 0.85, 61))


def find_places(ctx: ScanContext) -> list[Candidate]:
    """Candidates for Street, City, State, Zip and CountryOrRegion."""
    text = ctx.text
    out: list[Candidate] = []
    _streets(ctx, out)
    gazetteer = gazetteer_hits(ctx)
    states = [(c.start, c.end) for c in gazetteer if c.category == "State"]
    states += [(s, e) for s, e, _ in ctx.of("state_code")]
    _city_state(ctx, states, out)
    for start, _ in ctx.regions("number_word"):
        m = FR_ZIP_CITY_RE.match(text, start)
        if not m:
            continue
        city_text = m.group("city")
        if _left_ok(text, m.start()) and (city_text in PLACE_CATEGORY or city_text.split()[0] in lexicon_fr.CITIES):
            out.append(Candidate(m.start("zip"), m.end("zip"), "Zip", 0.8, 60))
            out.append(Candidate(m.start("city"), m.end("city"), "City", 0.8, 60))
    for _, end, _ in ctx.of("zip_cue"):
        m = _ZIP_VALUE_RE.match(text, end)
        if m:
            out.append(Candidate(m.start("zip"), m.end("zip"), "Zip", 0.85, 62))
    if "(" in text:
        for m in PROVINCE_PAREN_RE.finditer(text):
            out.append(Candidate(m.start("state"), m.end("state"), "State", 0.8, 61))
    for _, end, _ in ctx.of("residence"):
        m = _PLACE_AFTER_RESIDENCE_RE.match(text, end)
        if not m or m.group("place").split()[0].lower().rstrip(".") in COMMON_WORDS:
            continue
        ps, pe = m.span("place")
        out.append(Candidate(ps, pe, _classify_run(text, ps, pe, "City"), 0.65, 44))
    out.extend(gazetteer)
    return out
