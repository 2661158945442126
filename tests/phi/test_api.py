"""The public surface other emulator code depends on."""

from __future__ import annotations

import dataclasses
import itertools
import json

import pytest

import deidtui.emulator.phi as phi


def test_categories_are_the_services_29_strings():
    assert len(phi.CATEGORIES) == 29
    assert len(set(phi.CATEGORIES)) == 29
    assert "Unknown" in phi.CATEGORIES and "CountryOrRegion" in phi.CATEGORIES
    assert {"Patient", "Doctor", "Date", "Hospital", "Zip", "IPAddress", "SocialSecurity"} <= set(phi.CATEGORIES)


def test_supported_locales_cover_the_spec():
    expected = {
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
    assert expected <= phi.SUPPORTED_LOCALES
    assert isinstance(phi.SUPPORTED_LOCALES, frozenset)


def test_entity_is_frozen_and_serialises_to_the_rest_shape():
    entity = phi.tag("Patient: Julie Tremblay")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        entity.category = "Doctor"  # type: ignore[misc]
    rest = entity.to_rest()
    assert set(rest) == {"category", "offset", "length", "text", "confidenceScore"}
    assert rest["category"] == "Patient"
    assert rest["text"] == "Julie Tremblay"
    assert rest["offset"] == {"utf8": 9, "utf16": 9, "codePoint": 9}
    assert rest["length"] == {"utf8": 14, "utf16": 14, "codePoint": 14}
    assert 0 < rest["confidenceScore"] <= 1
    json.dumps(rest)


def test_tagger_result_wraps_entities():
    result = phi.tagger_result("Seen on 10/12/2023 by Dr. Marc Lavoie.")
    assert list(result) == ["entities"]
    assert [e["category"] for e in result["entities"]] == ["Date", "Doctor"]


def test_tag_is_sorted_and_non_overlapping():
    text = (
        "John Smith, 45-year-old, seen 2023-10-12 at Mercy General Hospital, 12 Main Street, Boston, MA 02110, "
        "phone 617-555-0101, MRN 12345678, email john.smith@example.com"
    )
    entities = phi.tag(text)
    assert len(entities) >= 9
    for before, after in itertools.pairwise(entities):
        assert before.end <= after.start
    for e in entities:
        assert text[e.start : e.end] == e.text
        assert e.category in phi.CATEGORIES


def test_unknown_locale_is_rejected():
    with pytest.raises(ValueError, match="unsupported surrogate locale"):
        phi.SurrogateSession("xx-YY", seed="job")


def test_locale_spelling_is_normalised():
    assert phi.SurrogateSession("fr_ca", seed="job").locale == "fr-CA"
