"""Apply a job's operation to one document's text, with the PHI engine."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from ..domain.models import Operation
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


def apply_operation(
    text: str,
    operation: Operation,
    *,
    seed: str,
    redaction_format: str | None,
    surrogate_locale: str | None,
) -> tuple[str, str]:
    """Returns (output text, content type). `seed` keeps surrogates consistent within one job."""
    entities = phi.tag(text)
    if operation is Operation.TAG:
        return json.dumps({"entities": [e.to_rest() for e in entities]}, ensure_ascii=False), "application/json"
    if operation is Operation.REDACT:
        return phi.redact(text, entities, redaction_format or DEFAULT_REDACTION_FORMAT), "text/plain; charset=utf-8"
    session = _session(surrogate_locale or DEFAULT_SURROGATE_LOCALE, seed)
    return session.surrogate(text, entities), "text/plain; charset=utf-8"


def deidentify_text(
    text: str,
    operation: Operation,
    *,
    seed: str,
    redaction_format: str | None,
    surrogate_locale: str | None,
) -> dict:
    """The body of a `POST /deid` answer."""
    if operation is Operation.TAG:
        return {"taggerResult": phi.tagger_result(text), "outputText": None}
    output, _ = apply_operation(
        text, operation, seed=seed, redaction_format=redaction_format, surrogate_locale=surrogate_locale
    )
    return {"outputText": output, "taggerResult": None}
