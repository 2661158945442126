"""Named institutions and places: hospitals, organizations and other named locations.

English names end in a cue word ("Contoso Hospital", "Fabrikam Inc."); French names
start with one ("Hôpital de la Cité-des-Prairies", "Pharmacie Jean Coutu").
"""

from __future__ import annotations

import re

from .candidates import Candidate
from .common_words import COMMON_WORDS, SERVICE_WORDS
from .lexicon_en import CITIES as EN_CITIES
from .lexicon_en import GIVEN_NAMES as EN_GIVEN
from .lexicon_fr import CITIES as FR_CITIES
from .lexicon_fr import GIVEN_NAMES as FR_GIVEN

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
HOSPITAL_EN_RE = re.compile(rf"(?P<name>{_CAP_RUN})[ \t]+(?P<cue>{HOSPITAL_SUFFIX})\b(?:[ \t]+of[ \t]+{_CAP_RUN})?")
ORG_EN_RE = re.compile(rf"(?P<name>{_CAP_RUN}),?[ \t]+(?P<cue>{_ORG_SUFFIX})(?![\w])")
LOCATION_EN_RE = re.compile(rf"(?P<name>{_CAP_RUN})[ \t]+(?P<cue>{LOCATION_SUFFIX})\b")
UNIVERSITY_OF_RE = re.compile(rf"\b(?:University|Bank|College|Université|Banque)[ \t]+(?:of|de|du|d'|de la)[ \t]*{_CAP_RUN}")

_FR_CONNECTOR = r"(?:de[ \t]+la|de[ \t]+l'|de[ \t]+l’|du|des|de|d'|d’|la|le|les|l'|l’|et|sur)"
_FR_ADJECTIVE = (
    r"(?:universitaire|général|générale|régional|régionale|juif|psychiatrique|pédiatrique|neurologique|"
    r"de cardiologie|de gériatrie|de santé|de réadaptation|de cancérologie|d'oncologie|de pneumologie|"
    r"de santé mentale|mère-enfant|de soins|de jour|médical|médicale|dentaire|vétérinaire)"
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
_FR_NAME_TAIL = (
    rf"(?:[ \t]+(?:{_FR_ADJECTIVE}|(?:{_FR_CONNECTOR}[ \t]*)?(?:Saint|Sainte|St|Ste)?-?{_CAP})){{0,6}}"
)
HOSPITAL_FR_RE = re.compile(rf"(?<![\w-])(?P<cue>{FR_HOSPITAL_CUE})(?P<tail>{_FR_NAME_TAIL})")
ORG_FR_RE = re.compile(rf"(?<![\w-])(?P<cue>{_FR_ORG_CUE})(?P<tail>{_FR_NAME_TAIL})")
LOCATION_FR_RE = re.compile(rf"(?<![\w-])(?P<cue>{FR_LOCATION_CUE})(?P<tail>{_FR_NAME_TAIL})")
_STANDALONE_FR_CUES = frozenset({"CHUM", "CHUQ", "CHUS"})

EMPLOYER_CUE_RE = re.compile(
    rf"(?i:\b(?:works?|worked|working|employed|employee)[ \t]+(?:at|for|by)|employer[ \t]*:|"
    rf"travaille[ \t]+(?:chez|pour)|employée?[ \t]+(?:chez|de|par)|employeur[ \t]*:)[ \t]*"
    rf"(?P<name>{_CAP_RUN})"
)
_TAIL_TOKEN_RE = re.compile(rf"[ \t]+(?:{_FR_ADJECTIVE}|(?:({_FR_CONNECTOR})[ \t]*)?((?:Saint|Sainte|St|Ste)?-?{_CAP}))")
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
        has_specific = True
        pos = cue_end + m.end()
    return pos


def _french(pattern: re.Pattern[str], text: str, category: str, confidence: float, priority: int) -> list[Candidate]:
    out = []
    for m in pattern.finditer(text):
        end = _french_tail_end(text, m.end("cue"), m.group("tail"))
        if end == m.end("cue") and m.group("cue") not in _STANDALONE_FR_CUES:
            continue
        out.append(Candidate(m.start(), end, category, confidence, priority))
    return out


def find_institutions(text: str) -> list[Candidate]:
    """Candidates for Hospital, Organization and LocationOther."""
    out: list[Candidate] = []
    for m in HOSPITAL_EN_RE.finditer(text):
        start = _strip_generic_lead(text, m.start("name"), m.end("name"))
        if start is not None:
            out.append(Candidate(start, m.end(), "Hospital", 0.88, 58))
    out.extend(_french(HOSPITAL_FR_RE, text, "Hospital", 0.88, 58))
    for m in ORG_EN_RE.finditer(text):
        start = _strip_generic_lead(text, m.start("name"), m.end("name"))
        if start is not None:
            out.append(Candidate(start, m.end(), "Organization", 0.8, 56))
    for m in UNIVERSITY_OF_RE.finditer(text):
        out.append(Candidate(m.start(), m.end(), "Organization", 0.8, 56))
    out.extend(_french(ORG_FR_RE, text, "Organization", 0.8, 56))
    for m in EMPLOYER_CUE_RE.finditer(text):
        start = _strip_generic_lead(text, m.start("name"), m.end("name"))
        if start is not None:
            out.append(Candidate(start, m.end("name"), "Organization", 0.75, 55))
    for m in LOCATION_EN_RE.finditer(text):
        start = _strip_generic_lead(text, m.start("name"), m.end("name"))
        if start is None:
            continue
        first_word = text[start:m.end("name")].split()[0]
        if first_word in _GIVEN and m.group("cue") in ("Park", "Lake", "Station", "Bridge"):
            continue  # "Grace Park" is a person
        out.append(Candidate(start, m.end(), "LocationOther", 0.7, 54))
    out.extend(_french(LOCATION_FR_RE, text, "LocationOther", 0.7, 54))
    return out
