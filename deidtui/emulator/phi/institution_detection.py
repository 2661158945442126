"""Named institutions and places: hospitals, organizations and other named locations.

English names end in a cue word ("Contoso Hospital", "Fabrikam Inc."); French names
start with one ("Hôpital de la Cité-des-Prairies", "Pharmacie Jean Coutu").
"""

from __future__ import annotations

import re

from . import scan_context
from .candidates import Candidate
from .common_words import COMMON_WORDS, SERVICE_WORDS
from .lexicon_en import CITIES as EN_CITIES
from .lexicon_en import GIVEN_NAMES as EN_GIVEN
from .lexicon_fr import CITIES as FR_CITIES
from .lexicon_fr import GIVEN_NAMES as FR_GIVEN
from .scan_context import ScanContext

_CAP = r"(?:St\.|Ste\.|Mt\.|[A-ZÀ-ÖØ-Þ][\w'’&]*(?:-[\w'’]+)*)"
# A run of capitalised words on one line, possibly joined by "of", "&", "and", "de".
_CAP_RUN = rf"{_CAP}(?:[ \t]+(?:(?:of|and|&|for|the)[ \t]+)?{_CAP}){{0,5}}"

HOSPITAL_SUFFIX = (
    r"Hospital|Medical Center|Medical Centre|Health Center|Health Centre|Health Sciences Centre|Clinic|"
    r"Infirmary|Health System|Healthcare|Cancer Center|Cancer Centre|Rehabilitation Center|Rehab Center|"
    r"Nursing Home|Care Center|Care Centre|Surgical Center|Surgery Center|Urgent Care|Hospice|Sanatorium|"
    r"Medical Group|Health Clinic|Family Practice"
)
_ORG_SUFFIX = (
    r"Inc\.?|Incorporated|Ltd\.?|Limited|LLC|L\.L\.C\.|LLP|Corp\.?|Corporation|Co\.|Company|Group|Industries|"
    r"Technologies|Tech|Pharmaceuticals|Pharma|Logistics|Foods|Bank|Insurance|Ltée|Inc|SARL|SAS|SA|S\.A\.|"
    r"GmbH|Associates|Partners|Consulting|Construction|Services|Solutions|Systems|Enterprises|Holdings|"
    r"Manufacturing|Motors|Airlines|Steel|Energy|University|College|High School|Middle School|"
    r"Elementary School|Elementary|Preschool|Academy|Daycare|School|Pharmacy|Laboratories|Labs|"
    r"Restaurant|Hotel|Supermarket|Market|Store|Stores|Factory|Farms|Trucking|Transport"
)
LOCATION_SUFFIX = (
    r"Park|Airport|Mall|Station|Library|Stadium|Arena|Beach|Church|Cathedral|Mosque|Synagogue|Temple|"
    r"Shelter|Prison|Jail|Penitentiary|Correctional Facility|Casino|Plaza|Zoo|Museum|Campground|Resort|"
    r"Shopping Center|Shopping Centre|Community Center|Community Centre|Trail|Lake|Bridge"
)
_CAP_WORD_RE = re.compile(_CAP)
_RUN_CONNECTORS = frozenset({"of", "and", "&", "for", "the"})
_OF_TAIL_RE = re.compile(rf"[ \t]+of[ \t]+{_CAP_RUN}")
_OF_NAME_RE = re.compile(rf"[ \t]+(?:of|de|du|d'|de la)[ \t]*{_CAP_RUN}")


def _alternatives(pattern: str) -> list[str]:
    return [a.replace("\\.", ".").replace("\\", "") for a in pattern.split("|")]


def _literal_variants(pattern: str) -> list[str]:
    out = []
    for alt in _alternatives(pattern):
        if alt.endswith(".?"):
            out += [alt[:-2], alt[:-2] + "."]
        else:
            out.append(alt)
    return out


scan_context.register("hospital_suffix", _literal_variants(HOSPITAL_SUFFIX), cased=True)
scan_context.register("org_suffix", _literal_variants(_ORG_SUFFIX), cased=True)
scan_context.register("location_suffix", _literal_variants(LOCATION_SUFFIX), cased=True)
scan_context.register("org_of", ("University", "Bank", "College", "Université", "Banque"), cased=True)

_FR_CONNECTOR = r"(?:de[ \t]+la|de[ \t]+l'|de[ \t]+l’|du|des|de|d'|d’|la|le|les|l'|l’|et|sur)"
_FR_ADJECTIVE = (
    r"(?:(?:et[ \t]+)?(?:universitaire|générale|général|régionale|régional|juif|psychiatrique|pédiatrique|"
    r"neurologique|de cardiologie|de gériatrie|de santé mentale|de santé|de réadaptation|de cancérologie|"
    r"d'oncologie|de pneumologie|mère-enfant|médicale|médical|dentaire|vétérinaire|"
    r"de médecine familiale|de médecine|spécialisée|spécialisé)(?![\w'-]))"
)
FR_HOSPITAL_CUE = (
    r"Hôpital|Hopital|HÔPITAL|Centre hospitalier(?:[ \t]+universitaire)?|CHU|CHUM|CHUQ|CHUS|CHRU|CHR|CHSLD|"
    r"CLSC|CIUSSS|CISSS|CSSS|Clinique|Polyclinique|Hôtel-Dieu|Institut|Centre de santé|GMF|"
    r"Groupe hospitalier|Centre de réadaptation|Centre de cancérologie|Maison de soins palliatifs|Hospice"
)
_FR_ORG_CUE = (
    r"Pharmacie|Laboratoire|Laboratoires|Entreprise|Entreprises|Société|Groupe|Banque|Caisse|École|Ecole|"
    r"Collège|Cégep|Université|Lycée|Garderie|CPE|Usine|Restaurant|Boulangerie|Menuiserie|Garage|"
    r"Compagnie|Imprimerie|Ferme|Épicerie|Supermarché|Transport|Transports|Construction|Constructions"
)
FR_LOCATION_CUE = (
    r"[Pp]arc|[Aa]éroport|[Gg]are|[Cc]entre commercial|[Bb]ibliothèque|[Ss]tade|[Aa]réna|[Pp]lage|"
    r"[Éé]glise|[Cc]athédrale|[Mm]osquée|[Ss]ynagogue|[Rr]efuge|[Pp]rison|[Pp]énitencier|[Mm]arché|[Mm]usée|"
    r"[Cc]amping|[Ss]tation de métro|[Mm]étro"
)
_FR_NAME_TAIL = rf"(?:[ \t]+(?:{_FR_ADJECTIVE}|(?:{_FR_CONNECTOR}[ \t]*)?(?:Saint|Sainte|St|Ste)?-?{_CAP})){{0,6}}"
_TAIL_RE = re.compile(_FR_NAME_TAIL)
scan_context.register(
    "hospital_fr",
    [*_alternatives(FR_HOSPITAL_CUE.replace("(?:[ \\t]+universitaire)?", "")), "Centre hospitalier universitaire"],
    cased=True,
)
scan_context.register("org_fr", _alternatives(_FR_ORG_CUE), cased=True)
scan_context.register(
    "location_fr",
    (
        "parc",
        "aéroport",
        "gare",
        "centre commercial",
        "bibliothèque",
        "stade",
        "aréna",
        "plage",
        "église",
        "cathédrale",
        "mosquée",
        "synagogue",
        "refuge",
        "prison",
        "pénitencier",
        "marché",
        "musée",
        "camping",
        "station de métro",
        "métro",
    ),
)
_STANDALONE_FR_CUES = frozenset({"CHUM", "CHUQ", "CHUS"})

_EMPLOYER_NAME_RE = re.compile(rf"[ \t]*:?[ \t]*(?P<name>{_CAP_RUN})")
scan_context.register(
    "employer",
    [
        f"{verb} {prep}"
        for verb in (
            "works",
            "work",
            "worked",
            "working",
            "employed",
            "employee",
            "drives",
            "drove",
            "driving",
            "volunteers",
            "volunteering",
        )
        for prep in ("at", "for", "by")
    ]
    + [
        "employer",
        "employeur",
        "travaille chez",
        "travaille pour",
        "travaillait chez",
        "employé chez",
        "employée chez",
        "employé de",
        "employée de",
        "employé par",
        "employée par",
    ],
)
_TAIL_TOKEN_RE = re.compile(
    rf"[ \t]+(?:{_FR_ADJECTIVE}|(?:({_FR_CONNECTOR})[ \t]*)?((?:Saint|Sainte|St|Ste)?-?{_CAP}))"
)
_KNOWN_CITIES = EN_CITIES | FR_CITIES
_GIVEN = EN_GIVEN | FR_GIVEN


def _strip_generic_lead(text: str, start: int, end: int, allow_generic: bool = False) -> int | None:
    """Drop leading generic words ("The", "Cardiology") from an English name run.

    Returns the new start, or None when nothing specific is left.
    """
    words = list(re.finditer(r"\S+", text[start:end]))
    for i, word in enumerate(words):
        token = word.group().lower().rstrip(".,")
        if token in SERVICE_WORDS or (token in COMMON_WORDS and token not in ("general", "memorial", "st", "saint")):
            continue
        rest = [w.group().lower().rstrip(".,") for w in words[i:]]
        if not allow_generic and all(r in SERVICE_WORDS or r in COMMON_WORDS for r in rest):
            return None
        return start + word.start()
    return None


def _french_tail_end(text: str, cue_end: int, tail: str) -> int:
    """End of a French institution name, stopping before a trailing "de <known city>" once the
    name already has a specific part ("Clinique Saint-Joseph | de Lyon" but "CHU de Bordeaux")."""
    pos = cue_end
    has_specific = False
    for m in _TAIL_TOKEN_RE.finditer(tail):
        connector, word = m.group(1), m.group(2)
        if word is None:  # an adjective such as "universitaire"
            pos = cue_end + m.end()
            continue
        if connector and has_specific and word in _KNOWN_CITIES:
            break
        if not connector and word in COMMON_WORDS and word not in _GIVEN:
            break
        if word.lower() in SERVICE_WORDS:  # "Institut de Cardiologie de Montréal"
            pos = cue_end + m.end()
            continue
        has_specific = True
        pos = cue_end + m.end()
    return pos


def _french(ctx: ScanContext, family: str, category: str, confidence: float, priority: int) -> list[Candidate]:
    text = ctx.text
    out = []
    for start, cue_end, cue in ctx.of(family):
        if family == "location_fr" and (
            not (start == 0 or text[start - 1] in " \t\n'’(\"«") or ctx.low[start:cue_end] != cue
        ):
            continue  # French place cues only as spelt in French ("Metro" is not "métro")
        tail = _TAIL_RE.match(text, cue_end)
        end = _french_tail_end(text, cue_end, tail.group() if tail else "")
        if end == cue_end and cue not in _STANDALONE_FR_CUES:
            continue
        out.append(Candidate(start, end, category, confidence, priority))
    return out


def _name_before(ctx: ScanContext, cue_start: int, allow_comma: bool) -> int | None:
    """Start of the capitalised run that ends just before a suffix cue ("Contoso| Hospital").

    Walks back word by word (at most six capitalised words, joined by spaces and "of",
    "and", "&"...), which stays linear where a backwards regex search would not.
    """
    text = ctx.text
    j = cue_start
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j == cue_start:
        return None
    if allow_comma and j > 0 and text[j - 1] == ",":
        j -= 1  # "Contoso, Inc."
    end, start, words = j, None, 0
    while j > 0 and words < 6 and cue_start - j < 80:
        k = j
        while k > 0 and not text[k - 1].isspace():
            k -= 1
        word = text[k:j]
        if _CAP_WORD_RE.fullmatch(word):
            start, words = k, words + 1
        elif not (word in _RUN_CONNECTORS and start is not None):
            break
        gap = k
        while gap > 0 and text[gap - 1] in " \t":
            gap -= 1
        if gap == k:
            break  # the run starts at the beginning of the text, a line or after punctuation
        j = gap
    if start is None:
        return None
    return _strip_generic_lead(text, start, end)


def find_institutions(ctx: ScanContext) -> list[Candidate]:
    """Candidates for Hospital, Organization and LocationOther."""
    text = ctx.text
    out: list[Candidate] = []
    for cue_start, cue_end, _ in ctx.of("hospital_suffix"):
        start = _name_before(ctx, cue_start, allow_comma=False)
        if start is not None:
            tail = _OF_TAIL_RE.match(text, cue_end)
            out.append(Candidate(start, tail.end() if tail else cue_end, "Hospital", 0.88, 58))
    out.extend(_french(ctx, "hospital_fr", "Hospital", 0.88, 58))
    for cue_start, cue_end, _ in ctx.of("org_suffix"):
        start = _name_before(ctx, cue_start, allow_comma=True)
        if start is not None:
            out.append(Candidate(start, cue_end, "Organization", 0.8, 56))
    for cue_start, cue_end, _ in ctx.of("org_of"):
        m = _OF_NAME_RE.match(text, cue_end)
        if m:
            out.append(Candidate(cue_start, m.end(), "Organization", 0.8, 56))
    out.extend(_french(ctx, "org_fr", "Organization", 0.8, 56))
    for _, cue_end, _ in ctx.of("employer"):
        m = _EMPLOYER_NAME_RE.match(text, cue_end)
        if m:
            start = _strip_generic_lead(text, m.start("name"), m.end("name"))
            if start is not None:
                out.append(Candidate(start, m.end("name"), "Organization", 0.75, 55))
    for cue_start, cue_end, cue in ctx.of("location_suffix"):
        start = _name_before(ctx, cue_start, allow_comma=False)
        if start is None:
            continue
        first_word = text[start:cue_start].split()[0]
        if first_word in _GIVEN and cue in ("Park", "Lake", "Station", "Bridge"):
            continue  # "Grace Park" is a person
        out.append(Candidate(start, cue_end, "LocationOther", 0.7, 54))
    out.extend(_french(ctx, "location_fr", "LocationOther", 0.7, 54))
    return out
