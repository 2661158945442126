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
