"""Shared helpers for the PHI engine tests."""

from __future__ import annotations

from deidtui.emulator.phi import PhiEntity, tag


def spans(text: str) -> list[tuple[str, str]]:
    """(category, text) of every entity tagged in `text`."""
    return [(e.category, e.text) for e in tag(text)]


def category_of(text: str, value: str) -> str | None:
    """Category of the entity whose text is exactly `value`, or None."""
    for e in tag(text):
        if e.text == value:
            return e.category
    return None


def entity_for(entities: list[PhiEntity], value: str) -> PhiEntity:
    """The entity with this exact text (fails the test if absent)."""
    matches = [e for e in entities if e.text == value]
    assert matches, f"{value!r} not tagged; got {[(e.category, e.text) for e in entities]}"
    return matches[0]
