"""Redaction formats: {type}, {Type}, {TYPE} and {len}."""

from __future__ import annotations

import pytest

from deidtui.emulator.phi import redact, tag
from deidtui.emulator.phi.redaction import render_placeholder

TEXT = "Patient: John Smith, seen 10/12/2023 by Dr. Marc Lavoie."


def test_default_format_is_lowercase_type_in_brackets():
    assert redact(TEXT, tag(TEXT)) == "Patient: [patient], seen [date] by Dr. [doctor]."


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("[{type}]", "Patient: [patient], seen [date] by Dr. [doctor]."),
        ("{TYPE}", "Patient: PATIENT, seen DATE by Dr. DOCTOR."),
        ("{Type}", "Patient: Patient, seen Date by Dr. Doctor."),
        ("[{TYPE}]", "Patient: [PATIENT], seen [DATE] by Dr. [DOCTOR]."),
        ("*{len}", "Patient: **********, seen ********** by Dr. ***********."),
        ("#{len}", "Patient: ##########, seen ########## by Dr. ###########."),
        ("<{type}>", "Patient: <patient>, seen <date> by Dr. <doctor>."),
    ],
)
def test_formats(fmt: str, expected: str) -> None:
    assert redact(TEXT, tag(TEXT), fmt) == expected


def test_len_matches_code_points_not_bytes():
    text = "Patient: Zoë Côté 😀"
    entities = [e for e in tag(text) if e.category == "Patient"]
    assert entities and entities[0].text == "Zoë Côté"
    assert redact(text, entities, "*{len}") == "Patient: ******** 😀"


def test_len_with_prefix_and_suffix():
    # "[" + "x" repeated + "]" must total the entity's length (5 for "Smith").
    assert render_placeholder("[x{len}]", "Patient", 5) == "[xxx]"
    assert render_placeholder("{Type}:-{len}", "Age", 6) == "Age:--"


def test_len_never_drops_the_repeated_character():
    assert render_placeholder("[{type}]*{len}", "Patient", 3) == "[patient]*"


def test_len_at_position_zero_repeats_nothing():
    assert render_placeholder("{len}", "Patient", 10) == ""
    assert render_placeholder("{len}[{type}]", "Patient", 10) == "[patient]"


def test_redact_ignores_overlapping_entities_after_the_first():
    text = "John Smith"
    entities = tag("Patient " + text)
    shifted = [type(e)(e.category, e.start - 8, e.end - 8, e.text, e.confidence, e.offset, e.length) for e in entities]
    assert redact(text, shifted + shifted) == "[patient]"
