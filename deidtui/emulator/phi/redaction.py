"""Redaction: replace each entity with a placeholder built from `redactionFormat`."""

from __future__ import annotations

from collections.abc import Sequence

from .entity import PhiEntity

DEFAULT_REDACTION_FORMAT = "[{type}]"
_LEN = "{len}"


def render_placeholder(redaction_format: str, category: str, length: int) -> str:
    """The placeholder for one entity of `category` spanning `length` code points.

    `{type}`, `{Type}` and `{TYPE}` give the category lower-case, as-is and upper-case.
    `{len}` repeats the character just before it so the placeholder is `length` long; when
    the fixed part is already that long the character still appears once, and `{len}` at
    the very start repeats nothing.
    """
    out = (
        redaction_format.replace("{type}", category.lower())
        .replace("{Type}", category)
        .replace("{TYPE}", category.upper())
    )
    at = out.find(_LEN)
    if at == -1:
        return out
    prefix, suffix = out[:at], out[at + len(_LEN) :].replace(_LEN, "")
    if not prefix:
        return suffix
    repeated = prefix[-1]
    fixed = len(prefix) - 1 + len(suffix)
    return prefix[:-1] + repeated * max(1, length - fixed) + suffix


def redact(text: str, entities: Sequence[PhiEntity], redaction_format: str | None = None) -> str:
    """Replace every entity of `text` by its placeholder (default `[{type}]`).

    Entities are applied by their `start`/`end`; overlapping ones after the first are ignored.
    """
    fmt = DEFAULT_REDACTION_FORMAT if redaction_format is None else redaction_format
    pieces: list[str] = []
    pos = 0
    for entity in sorted(entities, key=lambda e: (e.start, -e.end)):
        if entity.start < pos or entity.end > len(text):
            continue
        pieces.append(text[pos : entity.start])
        pieces.append(render_placeholder(fmt, entity.category, entity.end - entity.start))
        pos = entity.end
    pieces.append(text[pos:])
    return "".join(pieces)
