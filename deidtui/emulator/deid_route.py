"""`POST /deid`: de-identify one text synchronously, per api-version.

2025-07-15-preview adds `SurrogateOnly`: the caller sends the PHI it found (`taggedEntities`,
offsets in one encoding), the service skips tagging and surrogates exactly those entities
(SDK 1.1.0b1 changelog, REST specification), plus `customizations.inputLocale`.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiohttp import web

from ..domain.validation import check_locale, check_redaction_format
from . import phi
from .api_errors import ApiError, bad_request
from .api_versions import ApiVersion
from .job_spec import check_input_locale, parse_operation, rule_operation
from .middleware import api_version_of
from .phi.categories import CATEGORY_SET
from .phi.entity import build_entities
from .phi.offsets import code_point_span
from .transform import deidentify_text

MAX_SYNC_TEXT_BYTES = 48 * 1024  # the synchronous endpoint's per-request size, documented in docs/emulator.md
ENCODINGS = ("Utf8", "Utf16", "CodePoint")


async def json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json(loads=json.loads)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise bad_request("The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    return body


def tagged_entities(text: str, data: Any) -> list[phi.PhiEntity]:
    """The caller's entities (`taggedEntities`) as engine entities; a 400 names the first bad one."""
    target = "taggedEntities"
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise bad_request("taggedEntities must be an object with an `encoding` and a list of `entities`.", target)
    encoding = next((e for e in ENCODINGS if str(data.get("encoding", "")).lower() == e.lower()), None)
    if encoding is None:
        raise bad_request(
            f"taggedEntities.encoding {data.get('encoding')!r} is not one of {', '.join(ENCODINGS)}.",
            f"{target}.encoding",
        )
    spans: list[tuple[str, int, int, float]] = []
    for index, entity in enumerate(data["entities"]):
        where = f"{target}.entities[{index}]"
        if not isinstance(entity, dict):
            raise bad_request(f"{where} must be an object.", where)
        category, offset, length = entity.get("category"), entity.get("offset"), entity.get("length")
        if category not in CATEGORY_SET:
            raise bad_request(f"{where}.category {category!r} is not a PHI category.", f"{where}.category")
        if not isinstance(offset, int) or not isinstance(length, int) or isinstance(offset, bool):
            raise bad_request(f"{where} needs whole-number offset and length.", where)
        try:
            start, end = code_point_span(text, offset, length, encoding)
        except ValueError as exc:
            raise bad_request(f"{where} (offset {offset}, length {length}, {encoding}): {exc}.", where) from None
        quoted = entity.get("text")
        if quoted is not None and quoted != text[start:end]:
            raise bad_request(f"{where}.text {quoted!r} is not the input text at that offset.", f"{where}.text")
        spans.append((category, start, end, 1.0))
    return build_entities(text, spans)


class DeidRoute:
    """`POST /deid` for one emulator; the PHI engine runs on the emulator's own worker thread."""

    def __init__(self, executor: ThreadPoolExecutor) -> None:
        self._executor = executor

    async def handle(self, request: web.Request) -> web.Response:
        version: ApiVersion = api_version_of(request)
        body = await json_body(request)
        text = body.get("inputText")
        if not isinstance(text, str):
            raise bad_request("inputText is required and must be a string.", "inputText")
        if len(text.encode("utf-8")) > MAX_SYNC_TEXT_BYTES:
            raise ApiError(
                413,
                "InputTooLarge",
                f"inputText is larger than {MAX_SYNC_TEXT_BYTES:,} bytes; use a batch job for large documents.",
                target="inputText",
            )
        operation = parse_operation(body.get("operation"), version)
        customizations = body.get("customizations")
        if customizations is None:
            customizations = {}
        if not isinstance(customizations, dict):
            raise bad_request("customizations must be an object.", "customizations")
        fmt, locale = customizations.get("redactionFormat"), customizations.get("surrogateLocale")
        rules = rule_operation(operation)
        for problem in (check_redaction_format(fmt, rules), check_locale(locale, rules)):
            if problem:
                raise bad_request(problem.message, problem.target)
        input_locale = None
        entities = None
        if version.has_input_locale:
            input_locale = customizations.get("inputLocale")
            check_input_locale(input_locale)
        if version.has_surrogate_only:
            given = body.get("taggedEntities")
            if operation == "SurrogateOnly":
                if given is None:
                    raise bad_request("SurrogateOnly needs taggedEntities: the PHI to replace.", "taggedEntities")
                entities = tagged_entities(text, given)
            elif given is not None:
                raise bad_request("taggedEntities is used only by the SurrogateOnly operation.", "taggedEntities")
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(
            self._executor,
            lambda: deidentify_text(
                text,
                operation,
                seed=secrets.token_hex(8),
                redaction_format=fmt,
                surrogate_locale=locale,
                input_locale=input_locale,
                entities=entities,
            ),
        )
        return web.json_response(result)
