"""Apply an operation to one text with the PHI engine: a job's document, or a `POST /deid` body."""

from __future__ import annotations

import json
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from ..domain.validation import DEFAULT_REDACTION_FORMAT, DEFAULT_SURROGATE_LOCALE
from . import phi


def phi_executor() -> ThreadPoolExecutor:
    """The PHI engine is CPU-bound (more threads would only contend for the GIL) and reseeds shared
    Faker instances, so each emulator runs it on one worker thread of its own, off the event loop;
    stopping the emulator drops the work it had queued."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="deidtui-phi")


@lru_cache(maxsize=64)
def _session(locale: str, seed: str) -> phi.SurrogateSession:
    return phi.SurrogateSession(locale, seed=seed)


def day_first_for(input_locale: str | None) -> bool | None:
    """How the input's locale writes "03/04/2024": month first only in en-US. None (no locale given)
    lets the engine guess from the text, as it does for GA requests."""
    if input_locale is None:
        return None
    return input_locale != "en-US"


def apply_operation(
    text: str,
    operation: str,
    *,
    seed: str,
    redaction_format: str | None,
    surrogate_locale: str | None,
    input_locale: str | None = None,
    entities: Sequence[phi.PhiEntity] | None = None,
) -> tuple[str, str]:
    """Returns (output text, content type). `seed` keeps surrogates consistent within one job.

    `entities` are the caller's own (SurrogateOnly): the engine does not tag, it surrogates those.
    """
    if entities is None:
        entities = phi.tag(text)
    if operation == "Tag":
        return json.dumps({"entities": [e.to_rest() for e in entities]}, ensure_ascii=False), "application/json"
    if operation == "Redact":
        return phi.redact(text, entities, redaction_format or DEFAULT_REDACTION_FORMAT), "text/plain; charset=utf-8"
    session = _session(surrogate_locale or DEFAULT_SURROGATE_LOCALE, seed)
    output = session.surrogate(text, entities, day_first=day_first_for(input_locale))
    return output, "text/plain; charset=utf-8"


def deidentify_text(
    text: str,
    operation: str,
    *,
    seed: str,
    redaction_format: str | None,
    surrogate_locale: str | None,
    input_locale: str | None = None,
    entities: Sequence[phi.PhiEntity] | None = None,
) -> dict:
    """The body of a `POST /deid` answer: `outputText`, or `taggerResult` for Tag."""
    if operation == "Tag":
        return {"taggerResult": phi.tagger_result(text)}
    output, _ = apply_operation(
        text,
        operation,
        seed=seed,
        redaction_format=redaction_format,
        surrogate_locale=surrogate_locale,
        input_locale=input_locale,
        entities=entities,
    )
    return {"outputText": output}
