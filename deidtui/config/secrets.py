"""Masking storage secrets so a profile can be shown without leaking them.

The operator should still recognise what is configured, so only the secret part is replaced
by `***`: the account key, the SAS signature (`sig=`), a password in a URL. Everything that
identifies the account (AccountName, endpoints, SAS expiry and permissions) is kept.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit, urlunsplit

MASK = "***"

# Connection-string settings whose whole value is secret. SharedAccessSignature is masked
# whole as well: it is a credential in its own right.
_SECRET_SETTINGS = {"accountkey", "sharedaccesssignature", "sharedaccesskey"}
# Any other setting whose name contains one of these is masked too, to fail closed.
_SECRET_WORDS = ("key", "secret", "signature", "password", "token", "sig")


def mask_query(query: str) -> str:
    """Mask the value of every `sig` (SAS signature) parameter in a query string."""
    if not query:
        return query
    pieces = []
    for piece in query.split("&"):
        name, sep, _value = piece.partition("=")
        pieces.append(f"{name}={MASK}" if sep and name.lower() == "sig" else piece)
    return "&".join(pieces)


def mask_sas(sas: str | None) -> str | None:
    """A SAS token with its signature masked; wholly masked when it has no recognisable `sig`."""
    if sas is None:
        return None
    body = sas[1:] if sas.startswith("?") else sas
    names = {name.lower() for name, _ in parse_qsl(body, keep_blank_values=True)}
    if "sig" not in names:
        return MASK
    return ("?" if sas.startswith("?") else "") + mask_query(body)


def mask_url(url: str | None) -> str | None:
    """A URL with any SAS signature and any userinfo password masked."""
    if url is None:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return MASK  # unparseable: show nothing rather than risk a secret
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, host = netloc.rpartition("@")
        user, colon, _password = userinfo.partition(":")
        netloc = f"{user}:{MASK}@{host}" if colon else netloc
    return urlunsplit((parts.scheme, netloc, parts.path, mask_query(parts.query), parts.fragment))


def mask_connection_string(value: str | None) -> str | None:
    """A storage connection string with AccountKey, SharedAccessSignature (and lookalikes) masked."""
    if value is None:
        return None
    out = []
    for setting in value.split(";"):
        name, sep, val = setting.partition("=")
        lowered = name.strip().lower()
        if not sep:
            out.append(setting)
        elif lowered in _SECRET_SETTINGS or any(word in lowered for word in _SECRET_WORDS):
            out.append(f"{name}={MASK}")
        elif "://" in val:
            out.append(f"{name}={mask_url(val)}")
        else:
            out.append(setting)
    return ";".join(out)


def connection_string_settings(value: str) -> dict[str, str]:
    """The `Name=value` settings of a connection string, names lower-cased."""
    settings: dict[str, str] = {}
    for setting in value.split(";"):
        name, sep, val = setting.partition("=")
        if sep and name.strip():
            settings[name.strip().lower()] = val.strip()
    return settings
