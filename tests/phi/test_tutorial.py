"""The two sentences of the service's tutorial must come out fully and exactly tagged."""

from __future__ import annotations

from deidtui.emulator.phi import tag


def test_english_tutorial_sentence():
    text = "The patient came in for a visit on 10/12/2023 and was seen again November 4th at Contoso Hospital."
    assert [(e.category, e.text) for e in tag(text)] == [
        ("Date", "10/12/2023"),
        ("Date", "November 4th"),
        ("Hospital", "Contoso Hospital"),
    ]


def test_french_tutorial_sentence():
    text = "Julie Tremblay a été consultée par Dr. Marc Lavoie à l'Hôpital de la Cité-des-Prairies le 10 Janvier"
    assert [(e.category, e.text) for e in tag(text)] == [
        ("Patient", "Julie Tremblay"),
        ("Doctor", "Marc Lavoie"),
        ("Hospital", "Hôpital de la Cité-des-Prairies"),
        ("Date", "10 Janvier"),
    ]


def test_french_tutorial_offsets_count_accents():
    text = "Julie Tremblay a été consultée par Dr. Marc Lavoie à l'Hôpital de la Cité-des-Prairies le 10 Janvier"
    hospital = next(e for e in tag(text) if e.category == "Hospital")
    prefix = text[: hospital.start]
    assert hospital.offset.code_point == len(prefix)
    # é, é, é and à take two bytes each
    assert hospital.offset.utf8 == len(prefix.encode("utf-8")) == hospital.offset.code_point + 4
    assert hospital.length.utf8 == len("Hôpital de la Cité-des-Prairies".encode())
