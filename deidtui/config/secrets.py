"""Masking storage secrets so a profile can be shown without leaking them.

The masking itself lives in `deidtui.domain.secrets` (one function for every surface); this
module keeps the names the configuration code has always used, and parses connection strings.
"""

from __future__ import annotations

from ..domain.secrets import MASK, mask_connection_string, mask_sas, mask_secrets, mask_url

__all__ = ["MASK", "connection_string_settings", "mask_connection_string", "mask_sas", "mask_secrets", "mask_url"]


def connection_string_settings(value: str) -> dict[str, str]:
    """The `Name=value` settings of a connection string, names lower-cased."""
    settings: dict[str, str] = {}
    for setting in value.split(";"):
        name, sep, val = setting.partition("=")
        if sep and name.strip():
            settings[name.strip().lower()] = val.strip()
    return settings
