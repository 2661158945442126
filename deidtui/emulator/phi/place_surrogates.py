"""Surrogates for institutions and regions that keep the original's cue word and form."""

from __future__ import annotations

import re

from .institution_detection import FR_HOSPITAL_CUE, FR_LOCATION_CUE, HOSPITAL_SUFFIX, LOCATION_SUFFIX

_EN_SUFFIX_RE = re.compile(rf"(?:{HOSPITAL_SUFFIX}|{LOCATION_SUFFIX})$")
_FR_PREFIX_RE = re.compile(rf"^(?:{FR_HOSPITAL_CUE}|{FR_LOCATION_CUE})")
_STATE_ABBR_METHODS = ("state_abbr", "province_abbr")
_STATE_METHODS = ("administrative_unit", "state", "province", "region")


def institution_like(original: str, category: str, fake) -> str:
    """ "Contoso Hospital" -> "<surname> Hospital"; "CHU de Bordeaux" -> "CHU de <city>"."""
    suffix = _EN_SUFFIX_RE.search(original)
    if suffix and suffix.start() > 0:
        return f"{fake.last_name()} {suffix.group()}"
    prefix = _FR_PREFIX_RE.match(original)
    if prefix:
        rest = original[prefix.end() :]
        if re.match(r"\s+(?:de|du|d')", rest):
            city = fake.city()
            return f"{prefix.group()} d'{city}" if city[:1] in "AEIOUYÂÉÈÊÎÔÛaeiouy" else f"{prefix.group()} de {city}"
        return f"{prefix.group()} {fake.last_name()}"
    if category == "Hospital":
        word = "Hôpital" if re.search(r"[àâçéèêëîïôûù]", original) else "Hospital"
        return f"{word} {fake.last_name()}" if word == "Hôpital" else f"{fake.last_name()} {word}"
    return f"{fake.last_name()} {fake.city_suffix() if hasattr(fake, 'city_suffix') else 'Park'}"


def state_like(original: str, fake) -> str:
    """A region of the locale; a two-letter code stays a two-letter code."""
    if re.fullmatch(r"[A-Z]{2,3}", original):
        for method in _STATE_ABBR_METHODS:
            if hasattr(fake, method):
                return getattr(fake, method)()
        return "".join(ch for ch in fake.administrative_unit().upper() if ch.isalpha())[: len(original)]
    for method in _STATE_METHODS:
        if hasattr(fake, method):
            return getattr(fake, method)()
    return fake.city()
