"""Check a JSON answer or a header against a recorded shape (the language is in README.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,6}[1-9])?Z$")
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ETAG = re.compile(r'^[^"\s]+$')  # as recorded, "0x8DD88FD0AE760A9": no quotes
TOKEN = re.compile(r"^[A-Za-z0-9%_.~-]+$")
RANGE = re.compile(r"^<int:(\d+)-(\d+)>$")
KINDS = {
    "<string>": lambda v: isinstance(v, str),
    "<int>": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "<object>": lambda v: isinstance(v, dict),
    "<timestamp>": lambda v: isinstance(v, str) and bool(TIMESTAMP.match(v)),
    "<guid>": lambda v: isinstance(v, str) and bool(GUID.match(v)),
    "<etag>": lambda v: isinstance(v, str) and bool(ETAG.match(v)),
}


def load(name: str) -> dict:
    return json.loads((HERE / f"{name}.json").read_text())


def _text(template: str, subs: dict[str, Any]) -> str:
    for key, value in subs.items():
        if isinstance(value, str):
            template = template.replace("{" + key + "}", value)
    return template


def match_text(template: str, actual: str | None, where: str, subs: dict[str, Any]) -> None:
    """A string template: placeholders substituted, `<token>` matching a continuation token."""
    assert actual is not None, f"{where}: missing"
    range_match = RANGE.match(template)
    if range_match:
        low, high = int(range_match.group(1)), int(range_match.group(2))
        assert str(actual).isdigit() and low <= int(actual) <= high, f"{where}: {actual!r} not in {low}-{high}"
        return
    expected = _text(template, subs)
    if "<token>" in expected:
        head, _, tail = expected.partition("<token>")
        assert actual.startswith(head) and actual.endswith(tail), f"{where}: {actual!r} is not {expected!r}"
        token = actual[len(head) : len(actual) - len(tail)]
        assert token and TOKEN.match(token), f"{where}: {token!r} is not a continuation token"
        return
    assert actual == expected, f"{where}: {actual!r} != {expected!r}"


def match(shape: Any, actual: Any, subs: dict[str, Any], where: str = "body") -> None:
    """Assert `actual` has `shape` (exact keys in order, kinds, substituted values)."""
    if isinstance(shape, str) and shape in ("<operation>", "<customizations>"):
        expected = subs[shape.strip("<>")]
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"
        if isinstance(expected, dict):
            assert list(actual) == list(expected), f"{where}: keys {list(actual)} != {list(expected)}"
    elif isinstance(shape, str) and shape in KINDS:
        assert KINDS[shape](actual), f"{where}: {actual!r} is not {shape}"
    elif isinstance(shape, str):
        assert isinstance(actual, str), f"{where}: {actual!r} is not a string"
        match_text(shape, actual, where, subs)
    elif isinstance(shape, dict):
        assert isinstance(actual, dict), f"{where}: {actual!r} is not an object"
        assert list(actual) == list(shape), f"{where}: keys {list(actual)} != {list(shape)}"
        for key, value in shape.items():
            match(value, actual[key], subs, f"{where}.{key}")
    elif isinstance(shape, list) and len(shape) == 1:
        assert isinstance(actual, list) and actual, f"{where}: {actual!r} is not a non-empty list"
        for index, item in enumerate(actual):
            match(shape[0], item, subs, f"{where}[{index}]")
    else:
        assert actual == shape, f"{where}: {actual!r} != {shape!r}"


def match_exchange(exchange: dict, status: int, headers: Any, body: Any, subs: dict[str, Any], common=None) -> None:
    """Status, headers (None: absent) and body of one answer against a fixture exchange."""
    assert status == exchange["status"], f"status {status} != {exchange['status']}: {body}"
    for name, template in {**(common or {}), **exchange["headers"]}.items():
        if template is None:
            assert name not in headers, f"header {name} should be absent, is {headers.get(name)!r}"
        else:
            match_text(template, headers.get(name), f"header {name}", subs)
    match(exchange["body"], body, subs)
    if "count" in exchange:
        assert len(body["value"]) == exchange["count"], f"{len(body['value'])} items, not {exchange['count']}"
