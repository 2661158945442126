"""Make untrusted text inert before it reaches a terminal.

Blob bodies, blob names, job names and service error messages come from outside. Terminals act
on ESC/CSI/OSC sequences (colours, window titles, OSC 52 clipboard writes), on C1 controls (0x9B is
a one-byte CSI), and bidi overrides reorder what the operator reads. Every such character is
replaced by a visible stand-in, so nothing from data can drive the terminal and nothing is hidden.
Markup is a separate concern: the UI renders sanitized text with markup off.

One-line text (names, URLs, messages, table cells, toasts) is also where credentials would show:
`sanitize_line` masks them (`deidtui.domain.secrets.mask_secrets`), so every surface that already
sanitizes a line cannot show a SAS signature or an account key. Multi-line document text
(`sanitize`) is shown as it is: it is the operator's data, and the viewer relies on each character
mapping to exactly one.
"""

from __future__ import annotations

import re

from .secrets import mask_secrets

REPLACEMENT = "\ufffd"
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _table(keep_layout: bool) -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        table[code] = chr(0x2400 + code)  # the Unicode "control pictures": NUL -> ␀, ESC -> ␛
    if keep_layout:
        del table[0x09], table[0x0A]  # tab and newline are layout, not commands
    else:
        table[0x09], table[0x0A] = "→", "⏎"
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):
        table[code] = REPLACEMENT
    for char in _BIDI_CONTROLS:
        table[ord(char)] = REPLACEMENT
    return table


_TEXT_TABLE = _table(keep_layout=True)
_LINE_TABLE = _table(keep_layout=False)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def sanitize(text: str) -> str:
    """Multi-line text (a document): keeps newlines and tabs, neutralises everything else."""
    if not _UNSAFE.search(text):
        return text  # the common case costs one scan
    return _LONE_SURROGATE.sub(REPLACEMENT, text.translate(_TEXT_TABLE))


def sanitize_line(text: str) -> str:
    """One-line text (a name in a table cell): newlines and tabs become visible marks too, and
    credentials (a SAS signature, an account key) are masked."""
    text = mask_secrets(text)
    if not _UNSAFE.search(text) and "\n" not in text and "\t" not in text:
        return text
    return _LONE_SURROGATE.sub(REPLACEMENT, text.translate(_LINE_TABLE))


def is_clean(text: str) -> bool:
    """True when `sanitize` would return the text unchanged."""
    return _UNSAFE.search(text) is None
