"""Configuration errors that point at the file, line and key, and find that line.

tomllib reports positions only for syntax errors, so for semantic errors (unknown key, wrong
type, bad value) the line is found by scanning the text for the key's table header or
assignment. It understands headers, dotted and quoted keys and inline tables; it is a
locator, not a parser, and a miss only costs the line number.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class ConfigError(Exception):
    """A configuration problem: `str()` gives `file:line: key: message`, parts omitted when unknown."""

    title = "Configuration problem"

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        key: str | None = None,
        hint: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = Path(file) if file is not None else None
        self.line = line
        self.key = key
        self.hint = hint

    @property
    def detail(self) -> str:
        """The message without the location, for UIs that show location separately."""
        return self.message

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(f"{self.file}:{self.line}" if self.line else str(self.file))
        if self.key:
            parts.append(self.key)
        parts.append(self.message)
        return ": ".join(parts)


def dotted(parts: Sequence[str]) -> str:
    """A TOML key path as the user would write it (`profiles."my.prod".endpoint`)."""
    return ".".join(p if _BARE_KEY.fullmatch(p) else '"' + p.replace('"', '\\"') + '"' for p in parts)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` when a close match exists, else an empty string."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _parse_key(text: str, i: int) -> tuple[list[str], int] | None:
    """Parse a (dotted, possibly quoted) key starting at `text[i]`; return parts and end index."""
    parts: list[str] = []
    n = len(text)
    while True:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            return None
        quote = text[i]
        if quote in "\"'":
            j = i + 1
            buf = []
            while j < n and text[j] != quote:
                if quote == '"' and text[j] == "\\" and j + 1 < n:
                    j += 1
                buf.append(text[j])
                j += 1
            if j >= n:
                return None
            parts.append("".join(buf))
            i = j + 1
        else:
            match = _BARE_KEY.match(text, i)
            if not match:
                return None
            parts.append(match.group(0))
            i = match.end()
        while i < n and text[i] in " \t":
            i += 1
        if i < n and text[i] == ".":
            i += 1
            continue
        return parts, i


def locate(text: str, path: Sequence[str]) -> int | None:
    """1-based line where `path` is defined: its own assignment or header, else its nearest parent's."""
    target = tuple(path)
    table: tuple[str, ...] = ()
    best_line, best_len = None, 0
    in_multiline: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        if not line or line.startswith("#"):
            continue
        here: tuple[str, ...] | None = None
        if line.startswith("["):
            parsed = _parse_key(line, 2 if line.startswith("[[") else 1)
            if parsed and parsed[1] < len(line) and line[parsed[1]] == "]":
                table = tuple(parsed[0])
                here = table
        else:
            parsed = _parse_key(line, 0)
            if parsed and parsed[1] < len(line) and line[parsed[1]] == "=":
                here = table + tuple(parsed[0])
                rest = line[parsed[1] + 1 :]
                for delim in ('"""', "'''"):
                    if rest.count(delim) % 2 == 1:
                        in_multiline = delim
        if here is None:
            continue
        if here == target:
            return number
        if len(here) > best_len and target[: len(here)] == here:
            best_line, best_len = number, len(here)
    return best_line
