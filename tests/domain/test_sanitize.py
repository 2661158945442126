"""Untrusted text renders inert: no escape sequence, C1 control or bidi override survives."""

from __future__ import annotations

import pytest

from deidtui.domain.sanitize import sanitize, sanitize_line

HOSTILE = {
    "csi colour": "\x1b[31mred\x1b[0m",
    "osc title": "\x1b]0;pwned\x07",
    "osc 52 clipboard": "\x1b]52;c;ZWNobyBoaQ==\x07",
    "dcs": "\x1bP1$r0m\x1b\\",
    "c1 csi": "\x9b31m",
    "c1 osc": "\x9d0;title\x9c",
    "bidi override": "invoice\u202egnp.exe",
    "bidi isolate": "\u2066abc\u2069",
    "nul": "a\x00b",
    "backspace": "abc\x08\x08\x08xyz",
    "carriage return": "safe\rEVIL",
    "del": "a\x7fb",
    "lone surrogate": "a\udcffb",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_text_loses_every_control_character(name):
    for result in (sanitize(HOSTILE[name]), sanitize_line(HOSTILE[name])):
        assert not any(ord(c) < 0x20 and c not in "\n\t" for c in result)
        assert not any(0x7F <= ord(c) <= 0x9F for c in result)
        assert not any(c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f" for c in result)
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in result)
        result.encode("utf-8")  # always writable to a UTF-8 terminal


def test_escape_sequences_stay_visible_rather_than_vanishing():
    assert sanitize("\x1b[31mred") == "␛[31mred"
    assert sanitize("a\x00b") == "a␀b"


def test_layout_is_kept_in_documents_but_marked_in_lines():
    assert sanitize("a\tb\nc") == "a\tb\nc"
    assert sanitize_line("a\tb\nc") == "a→b⏎c"


def test_ordinary_text_including_accents_and_markup_is_unchanged():
    text = "Hôpital de la Cité-des-Prairies [bold]not markup[/bold] 😀 日本"
    assert sanitize(text) is text
    assert sanitize_line(text) is text
