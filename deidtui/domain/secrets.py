"""Masking credentials wherever text leaves deidtui: the screen, JSON, logs, the cache.

`mask_secrets(text)` is the one function: it finds credentials inside any text (a URL, an error
message that echoes the operator's input, a log line, a traceback) and replaces their secret part
by `***`. Every other helper here is a shape-specific way of calling it.

What is masked, and why only that:
- `sig=` of a SAS, raw or percent-encoded (`sig%3D`, `sig%253D`), wherever it appears: the
  signature is the only part of a SAS that grants access (an HMAC of the other fields under the
  account key). The other fields (`sv`, `ss`, `srt`, `sp`, `se`, `st`, `spr`, `sip`, `sr`, and
  a user delegation SAS's `skoid`/`sktid`, which are object and tenant ids) describe the grant
  and are kept: they are what an operator needs to see why a SAS is refused (expired `se`,
  missing `sp` permission, an `sip` range), and without `sig` they authorise nothing.
- `AccountKey=`, `SharedAccessKey=` and `SharedAccessSignature=` (connection-string settings):
  the whole value. A connection string's SAS is masked whole, as `config show` always did.
  Likewise `signature=`, `access_token=`, `client_secret=` and `password=`, to fail closed.
- A password in a URL's userinfo (`https://user:***@host`), and a bearer token (`Bearer ***`).

A value ends at the first character that cannot belong to it (`&`, whitespace, a quote, `<`, `>`,
`;`, `,`, a backslash of a JSON escape...). A signature's own alphabet includes `/`, `+`, `=` and
`%`, so text glued after it (`sig=...%3D/clean`, an account URL with a path appended after its
query) is masked with it: masking too much is the safe way to be wrong.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl

MASK = "***"

# Values run to the first character that cannot belong to them. The look-behinds keep `sig` from
# matching inside a word ("design=") while still finding it after a percent-encoded `&` (`%26sig`).
_VALUE = r"[^&\s\x00-\x1f\x7f'\"<>;,\\)\]}#]+"
_KEYED = re.compile(
    r"((?<![a-z])(?:sig(?:=|%3d|%253d)|(?:accountkey|sharedaccesskey|signature|access_token|client_secret|password)\s*=\s*)"
    r"|(?<![a-z])bearer\s+(?=[a-z0-9._~+/-]{16,}))" + _VALUE,
    re.IGNORECASE,
)
# A connection string's SAS runs to the next `;` (it contains `&` and `=` itself).
_SETTING_SAS = re.compile(r"((?<![a-z])sharedaccesssignature\s*=\s*)[^;\s'\"<>]+", re.IGNORECASE)
_USERINFO = re.compile(r"([a-z][a-z0-9+.-]*://[^\s/?#@:'\"<>]+:)[^\s/?#@'\"<>]+@", re.IGNORECASE)


def _may_hold_secret(text: str) -> bool:
    # Most text holds none of these words. Plain `in` tests on the lower-cased text cost a tenth
    # of a regex alternation, and `sanitize_line` runs this for every table cell the dashboard draws.
    lowered = text.lower()
    return (
        "sig" in lowered
        or "key" in lowered
        or "@" in lowered
        or "bearer" in lowered
        or "token" in lowered
        or "secret" in lowered
        or "password" in lowered
    )


def mask_secrets(text: str) -> str:
    """`text` with every credential it contains masked (the module's docstring says what and why)."""
    if not text or not _may_hold_secret(text):
        return text
    text = _SETTING_SAS.sub(rf"\g<1>{MASK}", text)
    text = _USERINFO.sub(rf"\g<1>{MASK}@", text)
    return _KEYED.sub(rf"\g<1>{MASK}", text)


def mask_url(url: str | None) -> str | None:
    """A URL with its SAS signature and any userinfo password masked (None stays None)."""
    return None if url is None else mask_secrets(url)


def mask_sas(sas: str | None) -> str | None:
    """A SAS token with its signature masked; wholly masked when it has no recognisable `sig`."""
    if sas is None:
        return None
    body = sas[1:] if sas.startswith("?") else sas
    if "sig" not in {name.lower() for name, _ in parse_qsl(body, keep_blank_values=True)}:
        return MASK  # not a SAS we understand: show nothing of it rather than guess
    return mask_secrets(sas)


# Connection-string settings whose whole value is secret, and words that make any other setting
# secret too (fail closed on a setting we do not know).
_SECRET_SETTINGS = {"accountkey", "sharedaccesssignature", "sharedaccesskey"}
_SECRET_WORDS = ("key", "secret", "signature", "password", "token", "sig")


def mask_connection_string(value: str | None) -> str | None:
    """A storage connection string with AccountKey, SharedAccessSignature (and lookalikes) masked."""
    if value is None:
        return None
    out = []
    for setting in value.split(";"):
        name, sep, _value = setting.partition("=")
        lowered = name.strip().lower()
        if sep and (lowered in _SECRET_SETTINGS or any(word in lowered for word in _SECRET_WORDS)):
            out.append(f"{name}={MASK}")
        else:
            out.append(mask_secrets(setting))
    return ";".join(out)


def mask_data(value: object) -> object:
    """JSON-shaped data (dicts, lists, strings) with every string passed through `mask_secrets`."""
    if isinstance(value, str):
        return mask_secrets(value)
    if isinstance(value, dict):
        return {key: mask_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_data(item) for item in value]
    return value


class SecretMaskingFilter(logging.Filter):
    """A logging filter that masks credentials in each record before any handler formats it.

    The message is rendered once (`getMessage`), masked, and stored back with no arguments; an
    exception's traceback text is rendered and masked too, since an exception's message often
    quotes the URL it failed on. Attach it to handlers: a logger's filters do not see records
    that propagate from its children (`azure.identity...` reaching a handler on the root).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string: keep the raw template, masked
            message = str(record.msg)
        record.msg, record.args = mask_secrets(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_secrets(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_secrets(record.stack_info)
        return True
