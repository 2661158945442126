"""Odd input never crashes tagging, redaction or surrogation, and stays reasonably fast."""

from __future__ import annotations

import time

import pytest

from deidtui.emulator.phi import SurrogateSession, redact, tag

NOTE = (
    "Patient: John Smith, 45-year-old, seen 10/12/2023 by Dr. Jane Roe at Mercy General Hospital. "
    "Phone (617) 555-0162, MRN 00482913.\n"
)

HOSTILE = [
    "",
    " ",
    "\n\n\t  \r\n",
    "\x00\x00\x00",
    "Patient: John\x00 Smith\x00 MRN\x00 12345",
    "".join(chr(i) for i in range(32)) * 10,
    "\u202eJohn Smith\u202c seen by \u200fDr. Jane Roe\u200e on 10/12/2023",  # bidi controls
    "مريض: أحمد علي، تاريخ 10/12/2023، هاتف 514-555-0187",  # Arabic, RTL
    "חולה: דוד כהן 10/12/2023",
    "患者：王伟，电话 (617) 555-0162，日期 2023-10-12",
    "😀" * 5000,
    "a" * 200_000,  # one very long line without spaces
    "Dr. " * 20_000,
    "1" * 100_000,
    "12/" * 30_000,
    "M. " * 30_000,
    "[[Patient|x]] {type} {len} %s %(x)s \\ \\d",
    "\ufeffPatient: Zoë Smith\ufffe\uffff",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_is_handled(text: str) -> None:
    entities = tag(text)
    for e in entities:
        assert text[e.start : e.end] == e.text
    assert isinstance(redact(text, entities), str)
    assert isinstance(redact(text, entities, "*{len}"), str)
    out = SurrogateSession("fr-FR", seed="hostile").surrogate(text, entities)
    assert isinstance(out, str)
    if not entities:
        assert out == text


def test_one_megabyte_note_is_tagged_in_reasonable_time():
    text = NOTE * (1_000_000 // len(NOTE))
    started = time.process_time()
    entities = tag(text)
    elapsed = time.process_time() - started
    assert len(text) >= 990_000
    per_copy = len(entities) / (len(text) // len(NOTE))
    assert 7 <= per_copy <= 9  # the same PHI found in every copy, chunk boundaries included
    assert elapsed < 20, f"1 MB took {elapsed:.1f}s"
    assert SurrogateSession(seed="big").surrogate(text, entities).count("John Smith") == 0


def test_empty_and_whitespace_tag_to_nothing():
    assert tag("") == [] and tag("   \n\t") == []
    assert redact("", []) == "" and SurrogateSession(seed="s").surrogate("", []) == ""


ADVERSARIAL = {
    "capitalised words": "Aaaa Bbbb Cccc Dddd Eeee Ffff Gggg Hhhh " * 2500,
    "numbers and capitals": "12 Aaaa Bbbb Cccc Dddd Street 34 rue Eeee Ffff " * 2000,
    "digits and punctuation": "1-2-3 (4) 5.6.7/8 +9 " * 5000,
    "cue words": "MRN: Patient: Dr. seen by SSN ID # dossier n° " * 2000,
    "month words": "May March mars 1er 2nd 3rd 4th Nov. " * 3000,
    "institution cues": "Hôpital Clinique CHU Hospital Clinic Inc. Ltd " * 2500,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_text_stays_linear(name: str) -> None:
    text = ADVERSARIAL[name]
    started = time.process_time()
    entities = tag(text)
    elapsed = time.process_time() - started
    assert elapsed < 5, f"{name}: {len(text)} chars took {elapsed:.1f}s"
    for e in entities:
        assert text[e.start : e.end] == e.text


def test_lone_surrogates_and_odd_code_points():
    text = "Patient: John Smith \ud800 seen 10/12/2023 \udfff by Dr. Jane Roe \U0010ffff"
    entities = tag(text)
    assert [e.category for e in entities] == ["Patient", "Date", "Doctor"]
    doctor = entities[-1]
    prefix = text[: doctor.start]
    assert doctor.offset.utf8 == len(prefix.encode("utf-8", "surrogatepass"))
    assert doctor.offset.utf16 == len(prefix.encode("utf-16-le", "surrogatepass")) // 2
    assert isinstance(SurrogateSession(seed="s").surrogate(text, entities), str)
    assert isinstance(redact(text, entities, "*{len}"), str)
