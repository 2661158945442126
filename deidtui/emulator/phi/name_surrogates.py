"""Person-name surrogates built part by part, so every part maps the same way everywhere:
"John Smith" -> "Paul Durand" and a later "Smith" or "Mr. Smith" -> "Durand"."""

from __future__ import annotations

import re
from collections.abc import Callable

from . import lexicon_en, lexicon_fr
from .text_utils import match_case

_FEMALE = lexicon_en.GIVEN_FEMALE | lexicon_fr.GIVEN_FEMALE
_MALE = lexicon_en.GIVEN_MALE | lexicon_fr.GIVEN_MALE
_GIVEN = _FEMALE | _MALE
_SURNAMES = lexicon_en.SURNAMES | lexicon_fr.SURNAMES
_PARTICLES = frozenset(
    [
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
    ]
)
_INITIAL_RE = re.compile(r"^[A-ZÀ-Þ]\.?$")
_SEPARATOR_SPLIT_RE = re.compile(r"(\s+|,\s*)")
_SPACES_RE = re.compile(r"\s{2,}")

# part(role, key) -> surrogate for one name part; role is one of
# "given_female", "given_male", "given", "family", "initial".
PartSurrogate = Callable[[str, str], str]


def _given_role(token: str) -> str:
    title = token[:1].upper() + token[1:].lower() if token.isupper() else token
    if title in _FEMALE and title not in _MALE:
        return "given_female"
    if title in _MALE and title not in _FEMALE:
        return "given_male"
    return "given"


def _roles(words: list[str], family_first: bool) -> list[str]:
    """Role of each word of a name (particles and initials included)."""
    core = [i for i, w in enumerate(words) if w.lower() not in _PARTICLES and not _INITIAL_RE.match(w)]
    roles = ["initial" if _INITIAL_RE.match(w) else "particle" for w in words]
    if not core:
        return roles
    if len(core) == 1:
        word = words[core[0]]
        title = word.title() if word.isupper() else word
        is_given = title in _GIVEN and title not in _SURNAMES and not family_first
        roles[core[0]] = _given_role(word) if is_given else "family"
        return roles
    family = core[0] if family_first else core[-1]
    for i in core:
        roles[i] = "family" if i == family else _given_role(words[i])
    return roles


def surrogate_person(original: str, part: PartSurrogate) -> str:
    """Replace each part of a person name; layout (order, comma, case, initials) is kept."""
    family_first = "," in original
    pieces = _SEPARATOR_SPLIT_RE.split(original)
    # re.split with a capture group alternates word, separator, word...
    words = pieces[0::2]
    roles = iter(_roles([w for w in words if w], family_first))
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if index % 2 or not piece:
            out.append(piece)
            continue
        role = next(roles)
        if role == "particle":
            continue  # "de Souza" is replaced as a whole by the family surrogate
        if role == "initial":
            out.append(part("initial", piece[0].upper()) + piece[1:])
            continue
        out.append(match_case(piece, part(role, piece)))
    text = "".join(out)
    return _SPACES_RE.sub(" ", text).strip(" ,") or part("family", original)
