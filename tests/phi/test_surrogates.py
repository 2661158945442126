"""Consistent, shape-keeping, locale-specific surrogates."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from deidtui.emulator.phi import PhiEntity, SurrogateSession, tag
from deidtui.emulator.phi.evaluation import parse_corpus
from deidtui.emulator.phi.faker_pool import name_choices

from .helpers import entity_for

CORPUS = Path(__file__).parent / "corpus"


def _surrogate_of(session: SurrogateSession, text: str, value: str) -> str:
    """The surrogate that replaced `value` (the document's only change at that spot)."""
    entities = tag(text)
    target = entity_for(entities, value)
    out = session.surrogate(text, [target])
    return out[target.start : len(out) - (len(text) - target.end)]


def test_same_seed_same_surrogate_across_sessions_and_documents():
    doc1 = "Patient: Julie Tremblay, MRN 00482913, phone 514-555-0187."
    doc2 = "Follow-up letter. Patient: Julie Tremblay was seen again; MRN 00482913; tel 514-555-0187."
    first, second = SurrogateSession("fr-CA", seed="job-42"), SurrogateSession("fr-CA", seed="job-42")
    for value in ("Julie Tremblay", "00482913", "514-555-0187"):
        a = _surrogate_of(first, doc1, value)
        b = _surrogate_of(second, doc2, value)
        assert a == b != value


def test_different_seeds_give_different_surrogates():
    doc = "Patient: Julie Tremblay, MRN 00482913, phone 514-555-0187, email julie@example.com."
    values = ("Julie Tremblay", "00482913", "514-555-0187", "julie@example.com")
    a = [_surrogate_of(SurrogateSession("en-US", seed="job-a"), doc, v) for v in values]
    b = [_surrogate_of(SurrogateSession("en-US", seed="job-b"), doc, v) for v in values]
    assert a != b
    assert sum(x != y for x, y in zip(a, b, strict=True)) >= 3


def test_concurrent_sessions_agree():
    text = (
        "Patient: Robert Kowalczyk, DOB 04/12/1961, seen at Mercy General Hospital by Dr. Susan Whitmore. "
        "Lives at 77 Harbor View Drive, Boston, MA 02110. Email rk@example.com. Works at Summit Roofing LLC."
    )
    entities = tag(text)
    results: list[str] = []

    def work() -> None:
        for _ in range(20):
            results.append(SurrogateSession("en-GB", seed="shared-job").surrogate(text, entities))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 80 and len(set(results)) == 1


def test_name_parts_map_consistently():
    session = SurrogateSession("en-US", seed="job-names")
    full = _surrogate_of(session, "Patient: John Smith was admitted.", "John Smith")
    given, family = full.split()
    assert _surrogate_of(session, "Mr. Smith improved.", "Smith") == family
    assert _surrogate_of(session, "Patient: John Carter", "John Carter").split()[0] == given
    assert _surrogate_of(session, "Seen by Dr. Smith today.", "Smith") == family  # same person-part map


def test_person_surrogates_come_from_the_locale():
    text = "Julie Tremblay a été consultée par Dr. Marc Lavoie le 10 Janvier"
    entities = tag(text)
    out = SurrogateSession("fr-CA", seed="job-fr").surrogate(text, entities)
    patient, doctor = out.split(" a été consultée par Dr. ")[0], out.split("Dr. ")[1].split(" le ")[0]
    for name in (patient, doctor):
        first, last = name.split(" ", 1)
        assert first in name_choices("fr-CA", "given") or first in name_choices("fr-CA", "given_female")
        assert last in name_choices("fr-CA", "family")
    assert "Julie" not in out and "Tremblay" not in out and "Lavoie" not in out


@pytest.mark.parametrize("locale", sorted(SurrogateSession.__init__.__globals__["SUPPORTED_LOCALES"]))
def test_every_supported_locale_produces_surrogates(locale: str) -> None:
    text = (
        "Patient: John Smith, 45-year-old, lives at 12 Main Street, Boston, MA 02110; "
        "works as a welder at Contoso Ltd; admitted to Mercy General Hospital on 10/12/2023."
    )
    entities = tag(text)
    out = SurrogateSession(locale, seed="job-locales").surrogate(text, entities)
    for e in entities:
        assert e.text not in out or e.text in ("MA",) or len(e.text) <= 2


def test_shapes_are_kept():
    text = (
        "Tel: (608) 555-0143. Fax: 514 555-0190. MRN: AB-0048291. SSN 412-68-3390. "
        "Email jenna.morales84@mailbox.org. Postal code H2J 2L3. Age: 67. VIN 1HGCM82633A004352."
    )
    session = SurrogateSession("en-US", seed="job-shapes")
    for value in ("(608) 555-0143", "514 555-0190", "AB-0048291", "412-68-3390", "H2J 2L3"):
        new = _surrogate_of(session, text, value)
        assert new != value
        assert re.sub(r"\d", "9", re.sub(r"[A-Z]", "A", new)) == re.sub(r"\d", "9", re.sub(r"[A-Z]", "A", value))
    assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", _surrogate_of(session, text, "jenna.morales84@mailbox.org"))
    vin = _surrogate_of(session, text, "1HGCM82633A004352")
    assert len(vin) == 17 and not set(vin) & set("IOQ")
    age = _surrogate_of(session, text, "67")
    assert age.isdigit() and abs(int(age) - 67) <= 3 and age != "67"


def test_old_ages_are_grouped():
    session = SurrogateSession("en-US", seed="job-age")
    assert _surrogate_of(session, "Dorothy Klein is a 93-year-old widow.", "93") == "90+"
    young = _surrogate_of(session, "A 2-year-old boy.", "2")
    assert young.isdigit() and 0 <= int(young) <= 5 and young != "2"


def test_surrogate_never_equals_the_original_on_the_corpus():
    for name in ("dev.txt", "heldout.txt"):
        for note in parse_corpus((CORPUS / name).read_text(encoding="utf-8")):
            session = SurrogateSession("en-US", seed=f"never-{name}")
            for category, start, end in note.mentions:
                original = note.text[start:end]
                entity = PhiEntity.from_span(note.text, category, start, end, 1.0)
                out = session.surrogate(note.text, [entity])
                new = out[start : len(out) - (len(note.text) - end)]
                assert new.strip() and new.casefold() != original.casefold(), (category, original, new)


def test_shift_is_deterministic_nonzero_and_bounded():
    shifts = {SurrogateSession(seed=f"job-{i}").date_shift_days for i in range(200)}
    assert 0 not in shifts and all(30 <= abs(s) <= 365 for s in shifts)
    assert len(shifts) > 100
    assert SurrogateSession(seed="x").date_shift_days == SurrogateSession("fr-FR", seed="x").date_shift_days


def test_mismatched_entities_are_refused():
    entity = tag("Patient: John Smith")[0]
    with pytest.raises(ValueError, match="does not match the document"):
        SurrogateSession(seed="job").surrogate("Patient: Jane Smith", [entity])


def test_surrogate_without_entities_is_identity():
    assert SurrogateSession(seed="job").surrogate("No PHI here.", []) == "No PHI here."


@pytest.mark.parametrize("locale", ["en-GB", "en-US", "fr-FR", "de-DE", "nl-NL"])
def test_surrogates_stay_on_one_line(locale: str) -> None:
    text = "Lives at 12 Main Street, Boston, MA 02110. Works at Contoso Ltd."
    entities = tag(text)
    for seed in range(30):
        out = SurrogateSession(locale, seed=f"lines-{seed}").surrogate(text, entities)
        assert "\n" not in out


def test_a_number_keeps_its_digits_across_layouts():
    session = SurrogateSession("en-US", seed="job-layouts")
    a = session.value("Phone", "(617) 555-0162")
    b = session.value("Phone", "617-555-0162")
    assert re.sub(r"\D", "", a) == re.sub(r"\D", "", b)
    assert a[0] == "(" and b[3] == "-"
    assert session.value("MedicalRecord", "AB-0048291").replace("-", "") == session.value("MedicalRecord", "AB0048291")
