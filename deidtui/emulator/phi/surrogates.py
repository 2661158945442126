"""Consistent surrogation: realistic, locale-specific replacements for PHI.

Every surrogate is a pure function of (job seed, category, normalised value), never of
what was seen before, so two sessions with the same seed (an emulator restart mid-job,
or threads working on different documents of one job) agree. Dates are all moved by one
job-wide number of days, keeping their written format.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache

from .date_shift import reference_year_for, shift_date_text
from .entity import PhiEntity
from .faker_pool import SUPPORTED_LOCALES, HashRandom, PooledFaker, canonical_locale, name_choices
from .name_surrogates import surrogate_person
from .place_surrogates import institution_like, state_like
from .surrogate_shapes import age_like, identifier_like, phone_like, postal_code_like, replace_characters
from .text_utils import detect_language, match_case, normalise_value

__all__ = ["SUPPORTED_LOCALES", "SurrogateSession"]

_MAX_ATTEMPTS = 12
_ID_CATEGORIES = frozenset(
    {
        "Account",
        "BioID",
        "Device",
        "HealthPlan",
        "IDNum",
        "License",
        "MedicalRecord",
        "SocialSecurity",
        "Unknown",
        "Vehicle",
    }
)

_NUMBER_KEYED = _ID_CATEGORIES | {"Phone", "Fax", "Zip"}
_ALNUM_RE = re.compile(r"[^0-9A-Za-z]")
_AMBIGUOUS_NUMERIC_RE = re.compile(r"\b(?:0?[1-9]|1[0-2])[/.-](?:0?[1-9]|1[0-2])[/.-]\d")
# Categories whose surrogate is the original's shape with new characters (no Faker).
_SHAPED = _ID_CATEGORIES | {"Date", "Phone", "Fax", "Age", "Zip"}


def _hash_int(*parts: str) -> int:
    data = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


def _first_clause(value: str) -> str:
    return re.split(r"[,(]", value)[0].strip()


class SurrogateSession:
    """Surrogates for one job (or one /deid call): `seed` identifies it."""

    def __init__(self, locale: str = "en-US", *, seed: str) -> None:
        self.locale = canonical_locale(locale)
        self.seed = str(seed)
        span = _hash_int(self.seed, "date-shift") % 672  # 2 x 336 possible shifts
        magnitude = 30 + span % 336
        self.date_shift_days: int = magnitude if span >= 336 else -magnitude
        self._value = lru_cache(maxsize=16384)(self._compute)
        self._part = lru_cache(maxsize=16384)(self._compute_part)

    def surrogate(self, text: str, entities: Sequence[PhiEntity], *, day_first: bool | None = None) -> str:
        """`text` with every entity replaced by its surrogate.

        Entities are applied by `start`/`end`; one whose `text` does not match the slice is
        a caller bug and raises ValueError. Overlapping entities after the first are ignored.
        `day_first` says how the input's locale writes "03/04/2024"; None guesses it from the text.
        """
        ordered = sorted(entities, key=lambda e: (e.start, -e.end))
        reference_year = 0
        dates = [e.text for e in ordered if e.category == "Date"]
        if day_first is None:
            day_first = False
            # Only "03/04/2024"-style dates need the language (day or month first?).
            if any(_AMBIGUOUS_NUMERIC_RE.search(d) for d in dates):
                day_first = detect_language(text) == "fr"
        if dates:
            reference_year = reference_year_for(dates, prefer_day_first=day_first)
        pieces: list[str] = []
        pos = 0
        for e in ordered:
            if e.start < pos:
                continue
            if text[e.start : e.end] != e.text:
                raise ValueError(f"entity text {e.text!r} does not match the document at {e.start}")
            pieces.append(text[pos : e.start])
            if e.category == "Date":
                pieces.append(self._value("Date", e.text, day_first, reference_year))
            else:
                pieces.append(self._value(e.category, e.text, False, 0))
            pos = e.end
        pieces.append(text[pos:])
        return "".join(pieces)

    def value(self, category: str, original: str) -> str:
        """The surrogate of one value (dates read month-first, year-less ones in 2024)."""
        return self._value(category, original, False, 2024)

    # -- internals -------------------------------------------------------------------------

    def _compute(self, category: str, original: str, day_first: bool, reference_year: int) -> str:
        key = normalise_value(original)
        # Numbers are the same value however punctuated: "(617) 555-0162" and "617-555-0162"
        # draw the same new digits (each keeps its own layout).
        seed_key = _ALNUM_RE.sub("", original).upper() if category in _NUMBER_KEYED else key
        if category == "Date":
            shifted = shift_date_text(
                original, self.date_shift_days, prefer_day_first=day_first, reference_year=reference_year or 2024
            )
            if shifted is not None and shifted != original:
                return shifted
        if category in ("Patient", "Doctor"):
            result = surrogate_person(original, self._part)
            if normalise_value(result) != key:
                return result
        for attempt in range(_MAX_ATTEMPTS):
            seed = _hash_int(self.seed, category, seed_key, str(attempt))
            result = self._generate(category, original, seed)
            if result and normalise_value(result) != key:
                return result
        # Astronomically unlikely; still never hand back the original.
        return replace_characters(original, HashRandom(_hash_int(self.seed, "last", key))) + "0"

    def _compute_part(self, role: str, value: str) -> str:
        key = normalise_value(value)
        choices = name_choices(self.locale, "given" if role == "initial" else role)
        for attempt in range(_MAX_ATTEMPTS):
            # Keyed on "given"/"family" only, so "Julie" maps the same as a Patient or a Doctor.
            pick = choices[_hash_int(self.seed, "person", role.split("_")[0], key, str(attempt)) % len(choices)]
            result = pick[0].upper() if role == "initial" else pick
            if normalise_value(result) != key:
                return result
        return value[::-1].title() if normalise_value(value[::-1]) != key else value + "a"

    def _generate(self, category: str, original: str, seed: int) -> str:
        if category in ("Patient", "Doctor"):
            return PooledFaker(self.locale, seed).name()
        if category not in _SHAPED:
            return self._faker_value(category, original, PooledFaker(self.locale, seed))
        rng = HashRandom(seed)
        if category == "Date":  # a date we could not parse: keep its words, change its numbers
            return re.sub(r"\d", lambda _: str(rng.randint(0, 9)), original)
        if category in _ID_CATEGORIES:
            return identifier_like(original, rng)
        if category in ("Phone", "Fax"):
            return phone_like(original, rng)
        if category == "Age":
            return age_like(original, rng)
        return postal_code_like(original, rng)

    @staticmethod
    def _faker_value(category: str, original: str, fake) -> str:
        if category == "Email":
            return f"{fake.user_name()}@{fake.free_email_domain()}"
        if category == "Url":
            lower = original.lower()
            host = ("www." if "www." in lower else "") + fake.domain_name()
            scheme = re.match(r"(?i)https?://", original)
            path = re.sub(r"(?i)^(https?://)?[^/]*", "", original)
            return (scheme.group() if scheme else "") + host + ("/" + fake.uri_path() if path.strip("/") else "")
        if category == "IPAddress":
            if ":" in original:
                return fake.ipv6()
            private = re.match(r"(10|192\.168|172\.(1[6-9]|2\d|3[01]))\.", original)
            return fake.ipv4_private() if private else fake.ipv4_public()
        if category == "Username":
            name = fake.user_name()
            if any(c.isdigit() for c in original) and not any(c.isdigit() for c in name):
                name += str(fake.random_int(10, 99))
            return name
        if category == "Street":
            return fake.street_address()
        if category == "City":
            return match_case(original, fake.city())
        if category == "State":
            return state_like(original, fake)
        if category == "CountryOrRegion":
            return fake.country()
        if category == "Organization":
            return fake.company()
        if category == "Profession":
            job = _first_clause(fake.job())
            return job[:1].lower() + job[1:] if original[:1].islower() else job
        if category in ("Hospital", "LocationOther"):
            return institution_like(original, category, fake)
        return replace_characters(original, fake.random)
