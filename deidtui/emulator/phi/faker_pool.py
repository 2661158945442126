"""Faker, one instance per locale, and the precomputed values surrogates are drawn from.

Building a Faker costs tens of milliseconds and reseeding it per value costs more than the
rest of a surrogate, so each locale's Faker is built once (`use_weighting=False`: uniform
choice, ~20x cheaper draws) and used to fill fixed pools of values; a surrogate then picks
from a pool by hash. Everything still comes from the locale's own Faker data.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from functools import cache
from typing import Any

from faker import Faker

SUPPORTED_LOCALES: frozenset[str] = frozenset(
    {
        "en-US",
        "en-GB",
        "en-AU",
        "en-CA",
        "fr-CA",
        "fr-FR",
        "de-DE",
        "es-ES",
        "es-MX",
        "it-IT",
        "pt-PT",
        "pt-BR",
        "nl-NL",
    }
)
_CANONICAL = {loc.lower().replace("_", "-"): loc for loc in SUPPORTED_LOCALES}


def canonical_locale(locale: str) -> str:
    """'fr_ca' / 'FR-CA' -> 'fr-CA'; ValueError for a locale we do not support."""
    try:
        return _CANONICAL[locale.strip().lower().replace("_", "-")]
    except (KeyError, AttributeError):
        raise ValueError(f"unsupported surrogate locale: {locale!r}") from None


_instances: dict[str, tuple[Faker, threading.Lock]] = {}
_instances_lock = threading.Lock()


def _shared(locale: str) -> tuple[Faker, threading.Lock]:
    """The process-wide Faker of a locale and the lock that guards reseeding it."""
    shared = _instances.get(locale)
    if shared is None:
        with _instances_lock:
            shared = _instances.get(locale)
            if shared is None:
                shared = _instances[locale] = (Faker(locale.replace("-", "_"), use_weighting=False), threading.Lock())
    return shared


_NAME_ATTRIBUTES = {
    "given_female": "first_names_female",
    "given_male": "first_names_male",
    "given": "first_names",
    "family": "last_names",
}


@cache
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


# Values drawn from a Faker method are precomputed per locale: a draw then costs a hash
# instead of a reseed plus Faker's formatting (50-100 us for a street address). The pools are
# generated with fixed seeds, so they are identical in every process.
POOL_SIZE = 512
_pools: dict[tuple[str, str], tuple] = {}
_pools_lock = threading.Lock()


def _pool(locale: str, method: str) -> tuple:
    key = (locale, method)
    values = _pools.get(key)
    if values is None:
        with _pools_lock:
            values = _pools.get(key)
            if values is None:
                fake, lock = _shared(locale)
                base = int.from_bytes(hashlib.blake2b(method.encode(), digest_size=4).digest(), "big")
                generated = []
                with lock:
                    for i in range(POOL_SIZE):
                        fake.seed_instance(base + i)
                        value = getattr(fake, method)()
                        # Some locales format addresses on two lines; a surrogate stays on one.
                        generated.append(value.replace("\n", ", ") if isinstance(value, str) else value)
                values = _pools[key] = tuple(generated)
    return values


class HashRandom:
    """The `choice`/`randint` subset of random.Random, fed by a BLAKE2 stream of `seed`.

    Seeding a Mersenne Twister costs more than the whole shape-keeping replacement it
    would drive.
    """

    __slots__ = ("_block", "_buffer", "_pos", "_seed")

    def __init__(self, seed: int) -> None:
        self._seed = (seed & (2**64 - 1)).to_bytes(8, "big")
        self._block = 0
        self._refill()

    def _refill(self) -> None:
        self._buffer = hashlib.blake2b(self._seed + self._block.to_bytes(4, "big"), digest_size=64).digest()
        self._block += 1
        self._pos = 0

    def _next(self) -> int:
        if self._pos >= 64:
            self._refill()
        value = (self._buffer[self._pos] << 8) | self._buffer[self._pos + 1]
        self._pos += 2
        return value

    def randint(self, a: int, b: int) -> int:
        """An integer in [a, b]."""
        return a + self._next() % (b - a + 1)

    def choice(self, seq):
        """One element of a non-empty sequence."""
        return seq[self._next() % len(seq)]


@cache
def _has_provider(locale: str, name: str) -> bool:
    return hasattr(_shared(locale)[0], name)


class PooledFaker:
    """Looks like a seeded Faker for no-argument providers (`city()`, `company()`...), but
    answers from the locale's precomputed pools; successive calls give different values."""

    def __init__(self, locale: str, seed: int) -> None:
        self._locale = locale
        self.random = HashRandom(seed)

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_") or not _has_provider(self._locale, name):
            raise AttributeError(name)
        if name == "random_int":
            return lambda low=0, high=9999: self.random.randint(low, high)

        def draw() -> str:
            return self.random.choice(_pool(self._locale, name))

        return draw
