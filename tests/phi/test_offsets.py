"""utf8 / utf16 / codePoint offsets on accented, emoji (astral) and mixed text."""

from __future__ import annotations

import pytest

from deidtui.emulator.phi import PhiEntity, StringIndex, tag
from deidtui.emulator.phi.offsets import measure, offsets_for_spans


def _expected(text: str, start: int, end: int) -> tuple[StringIndex, StringIndex]:
    prefix, value = text[:start], text[start:end]
    return (
        StringIndex(len(prefix.encode("utf-8")), len(prefix.encode("utf-16-le")) // 2, len(prefix)),
        StringIndex(len(value.encode("utf-8")), len(value.encode("utf-16-le")) // 2, len(value)),
    )


TEXTS = [
    "Mme Hélène Côté, née le 3 décembre 1950, vue par Dre Geneviève Caron à l'Hôpital Charles-LeMoyne.",
    "😀 Patient: John Smith 👍🏽 seen on 10/12/2023 by Dr. Jane Roe 🏥 at Mercy General Hospital.",
    "𝒜𝒷𝒸 Patient: Zoë Saldaña 🇨🇦, tél. 514-555-0187, courriel zoe@example.ca ✉️",
    "Ünïcödé ÀÉÎÕÜ Mr. Søren Kierkegaard lives at 12 Main Street, Boston, MA 02110.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_offsets_match_encoded_prefixes(text: str) -> None:
    entities = tag(text)
    assert entities, "expected some PHI"
    for e in entities:
        offset, length = _expected(text, e.start, e.end)
        assert e.offset == offset, e
        assert e.length == length, e
        assert e.text == text[e.start : e.end]


def test_emoji_make_the_three_units_differ():
    text = "😀😀 Patient: John Smith"
    entity = next(e for e in tag(text) if e.category == "Patient")
    assert entity.offset == StringIndex(utf8=8 + 1 + 9, utf16=4 + 1 + 9, code_point=2 + 1 + 9)
    assert entity.length == StringIndex(10, 10, 10)
    rest = entity.to_rest()
    assert rest["offset"] == {"utf8": 18, "utf16": 14, "codePoint": 12}


def test_entity_inside_emoji_text_has_astral_length():
    text = "Patient: Zoë 😀 Smith"  # unusual, but offsets must still add up
    spans = offsets_for_spans(text, [(9, len(text))])
    assert spans[0][1] == StringIndex(len("Zoë 😀 Smith".encode()), len("Zoë 😀 Smith".encode("utf-16-le")) // 2, 11)


def test_from_span_and_build_agree_on_unsorted_overlapping_input():
    text = "é😀a🏥bé"
    spans = [(3, 5), (0, 2), (1, 4)]
    measured = offsets_for_spans(text, spans)
    for (start, end), (offset, length) in zip(spans, measured, strict=True):
        entity = PhiEntity.from_span(text, "Unknown", start, end, 0.5)
        assert (entity.offset, entity.length) == (offset, length) == _expected(text, start, end)


def test_measure_ascii_fast_path():
    assert measure("abc") == StringIndex(3, 3, 3)
    assert measure("é") == StringIndex(2, 1, 1)
    assert measure("😀") == StringIndex(4, 2, 1)
