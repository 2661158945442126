"""Odd input never crashes tagging, redaction or surrogation, and stays reasonably fast."""

from __future__ import annotations

import time

import pytest

from deidtui.emulator.phi import SurrogateSession, redact, tag

NOTE = ("Patient: John Smith, 45-year-old, seen 10/12/2023 by Dr. Jane Roe at Mercy General Hospital. "
        "Phone (617) 555-0162, MRN 00482913.\n")

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
        assert text[e.start:e.end] == e.text
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
