"""One Faker per locale, built once and reseeded per value.

Building a Faker costs tens of milliseconds, so instances are shared process-wide; each
has a lock because reseeding and drawing must happen together when threads share it.
`use_weighting=False` makes draws ~20x cheaper (uniform instead of frequency-weighted
choice); the names and places still come from the locale's own lists.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from faker import Faker

SUPPORTED_LOCALES: frozenset[str] = frozenset({
    "en-US", "en-GB", "en-AU", "en-CA", "fr-CA", "fr-FR", "de-DE", "es-ES", "es-MX", "it-IT", "pt-PT",
    "pt-BR", "nl-NL",
})
_CANONICAL = {loc.lower().replace("_", "-"): loc for loc in SUPPORTED_LOCALES}


def canonical_locale(locale: str) -> str:
    """'fr_ca' / 'FR-CA' -> 'fr-CA'; ValueError for a locale we do not support."""
    try:
        return _CANONICAL[locale.strip().lower().replace("_", "-")]
    except (KeyError, AttributeError):
        raise ValueError(f"unsupported surrogate locale: {locale!r}") from None


@lru_cache(maxsize=None)
def _shared(locale: str) -> tuple[Faker, threading.Lock]:
    return Faker(locale.replace("-", "_"), use_weighting=False), threading.Lock()


@contextmanager
def seeded_faker(locale: str, seed: int) -> Iterator[Faker]:
    """The locale's Faker, reseeded with `seed`, held exclusively for the block."""
    fake, lock = _shared(locale)
    with lock:
        fake.seed_instance(seed)
        yield fake


_NAME_ATTRIBUTES = {
    "given_female": "first_names_female",
    "given_male": "first_names_male",
    "given": "first_names",
    "family": "last_names",
}


@lru_cache(maxsize=None)
def name_choices(locale: str, role: str) -> tuple[str, ...]:
    """The locale's own list of given or family names (Faker's person provider data).

    Picking from it by hash is what `fake.last_name()` does with weighting off, minus the
    reseeding cost; names are the most frequent surrogates, so this matters.
    """
    fake, _ = _shared(locale)
    for provider in fake.get_providers():
        values = getattr(provider, _NAME_ATTRIBUTES[role], None)
        if values:
            return tuple(v for v in values if v and v.strip())
    raise LookupError(f"no {role} names in Faker locale {locale}")
