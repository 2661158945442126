"""Shape-keeping replacements: same layout, different characters (IDs, phones, ages)."""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from typing import Protocol, TypeVar

T = TypeVar("T")


class Rng(Protocol):
    """What the shapes draw from: `random.Random`, or the engine's cheaper `HashRandom`."""

    def choice(self, seq: Sequence[T], /) -> T: ...

    def randint(self, a: int, b: int, /) -> int: ...


_VIN_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_CA_FIRST = "ABCEGHJKLMNPRSTVXY"
_CA_OTHER = "ABCEGHJKLMNPRSTVWXYZ"
CA_POSTAL_RE = re.compile(r"[A-Z]\d[A-Z][ -]?\d[A-Z]\d")
VIN_RE = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
US_SSN_RE = re.compile(r"\d{3}-\d{2}-\d{4}")


def replace_characters(value: str, rng: Rng, upper: str = string.ascii_uppercase) -> str:
    """Digits -> random digits, letters -> random letters of the same case, rest kept."""
    out = []
    for ch in value:
        if ch.isdigit():
            out.append(rng.choice(string.digits))
        elif ch.isalpha() and ch.isascii():
            letter = rng.choice(upper)
            out.append(letter if ch.isupper() else letter.lower())
        else:
            out.append(ch)
    return "".join(out)


def identifier_like(value: str, rng: Rng) -> str:
    """A different identifier with the same length and letter/digit/punctuation pattern."""
    if VIN_RE.fullmatch(value):
        return replace_characters(value, rng, _VIN_LETTERS)
    if US_SSN_RE.fullmatch(value):
        # Never an area number that cannot exist (000, 666, 9xx).
        return str(rng.randint(100, 665)) + replace_characters(value[3:], rng)
    return replace_characters(value, rng)


def postal_code_like(value: str, rng: Rng) -> str:
    """Canadian postal codes keep their alphabet; other codes keep their shape."""
    if CA_POSTAL_RE.fullmatch(value.upper()):
        letters = iter([rng.choice(_CA_FIRST), rng.choice(_CA_OTHER), rng.choice(_CA_OTHER)])
        out = "".join(
            next(letters) if ch.isalpha() else rng.choice(string.digits) if ch.isdigit() else ch for ch in value.upper()
        )
        return out if value.isupper() else out.lower()
    return replace_characters(value, rng)


def phone_like(value: str, rng: Rng) -> str:
    """Same punctuation and spacing; the country code and trunk prefix ("+33", "0", "1") stay,
    the first replaced digit is 2-9 so area codes stay plausible."""
    digits_at = [i for i, ch in enumerate(value) if ch.isdigit()]
    keep = 0
    stripped = value.lstrip()
    if stripped.startswith("+"):
        m = re.match(r"\+(\d+)", stripped)
        group = m.group(1) if m else ""
        keep = len(group) if len(group) <= 3 else 2 if group.startswith(("33", "44")) else 1
    elif digits_at and value[digits_at[0]] == "0":
        keep = 2 if len(digits_at) == 10 else 1  # French "06", UK "0"
    elif len(digits_at) == 11 and value[digits_at[0]] == "1":
        keep = 1
    chars = list(value)
    for n, i in enumerate(digits_at[keep:]):
        chars[i] = str(rng.randint(2, 9)) if n == 0 else rng.choice(string.digits)
    return "".join(chars)


def age_like(value: str, rng: Rng) -> str:
    """A nearby plausible age. Ages of 90 and over become "90+" (HIPAA groups them)."""
    if not value.isdigit():
        return replace_characters(value, rng)
    age = int(value)
    if age >= 90:
        return "90+"
    delta = rng.choice((-3, -2, -1, 1, 2, 3))
    new = age + delta
    if new < 0 or new >= 90:
        new = age - delta
    new = max(0, min(new, 89))
    if new == age:
        new = age + 1 if age < 89 else age - 1
    return str(new).zfill(len(value)) if value.startswith("0") else str(new)
