"""The effective configuration, secrets masked, for `deidtui config show`.

`describe()` gives plain data (for `--json` or a UI table); `render_toml()` gives a TOML text
the operator can read, and could paste back, with a comment naming where each value came from.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from .errors import dotted
from .profile import Profile
from .secrets import MASK, mask_connection_string, mask_sas, mask_url

# Variables EnvironmentCredential reads; shown (masked where secret) so the operator can see
# what the `environment` and `default` kinds will use.
_CREDENTIAL_ENV = (
    "AZURE_TENANT_ID",
    "AZURE_CLIENT_ID",
    "AZURE_CLIENT_SECRET",
    "AZURE_CLIENT_CERTIFICATE_PATH",
    "AZURE_USERNAME",
    "AZURE_FEDERATED_TOKEN_FILE",
)
_SECRET_ENV = {"AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_PASSWORD"}

EXAMPLE_CONFIG = """\
# deidtui configuration: one [profiles.NAME] table per de-identification service.
default_profile = "prod"
theme = "textual-dark"
# fleet = ["prod", "test"]  # deidtui --fleet: these profiles' jobs in one queue

[keys]                      # action id = key (several keys: "r,f5"); the dashboard applies them
refresh = "ctrl+r"

[profiles.prod]
endpoint = "https://example.api.eus001.deid.azure.com"
credential = "cli"          # default, cli, managed-identity, environment, device-code, local
tenant_id = "00000000-0000-0000-0000-000000000000"
authority = "public"        # public, usgov, china or an https:// URL
read_only = false

[profiles.prod.storage]
account_urls = ["https://examplestorage.blob.core.windows.net"]
# connection_string = { env = "PROD_STORAGE_CONNECTION_STRING" }   # or a SAS: sas = { env = "..." }

[profiles.prod.poll]
active_interval = 3.0       # seconds between polls of each running job
sweep_interval = 30.0       # seconds between refreshes of the job list
budget_requests = 80        # requests per budget_window seconds (the service allows ~100 per 5 s)
budget_window = 5.0
page_size = 1000
"""


def _masked_values(profile: Profile) -> dict[str, Any]:
    storage: dict[str, Any] = {"account_urls": [mask_url(u) for u in profile.storage_account_urls]}
    if profile.storage_connection_string is not None:
        storage["connection_string"] = mask_connection_string(profile.storage_connection_string)
    if profile.storage_sas is not None:
        storage["sas"] = mask_sas(profile.storage_sas)
    return {
        "endpoint": mask_url(profile.endpoint),
        "credential": str(profile.credential),
        "tenant_id": profile.tenant_id,
        "authority": profile.authority,
        "client_id": profile.client_id,
        "api_version": profile.api_version,
        "read_only": profile.read_only,
        "storage": storage,
        "poll": asdict(profile.poll),
    }


# Profile field -> key in the described values (dotted for nested tables).
_SOURCE_KEYS = {
    "storage_account_urls": "storage.account_urls",
    "storage_connection_string": "storage.connection_string",
    "storage_sas": "storage.sas",
}


def describe(profile: Profile, *, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The profile as plain data with every secret masked, and where each value came from.

    Returns `{"profile": name, "values": {...}, "sources": {"endpoint": "$DEIDTUI_ENDPOINT", ...},
    "credential_environment": {...}}`; values absent from `sources` are defaults.
    """
    env = os.environ if env is None else env
    sources = {_SOURCE_KEYS.get(k, k): v for k, v in profile.sources.items()}
    cred_env = {name: (MASK if name in _SECRET_ENV else env[name]) for name in _CREDENTIAL_ENV if env.get(name)}
    return {
        "profile": profile.name,
        "values": _masked_values(profile),
        "sources": sources,
        "credential_environment": cred_env,
    }


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "nan"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    # JSON string escapes are valid TOML basic-string escapes (\uXXXX for control characters).
    return json.dumps(str(value))


def _comment(text: str) -> str:
    # Sources can hold file paths; control characters would end the comment line.
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _table(lines: list[str], header: str, values: Mapping[str, Any], sources: Mapping[str, str], prefix: str) -> None:
    lines.append(f"[{header}]")
    for key, value in values.items():
        if isinstance(value, dict):
            continue
        source = sources.get(prefix + key)
        if value is None:
            lines.append(f"# {key} is not set")
            continue
        line = f"{key} = {_toml_value(value)}"
        lines.append(f"{line}  # {_comment(source)}" if source else line)


def render_toml(target: Any) -> str:
    """The effective configuration as TOML, secrets masked; `target` is a Settings or a Profile."""
    from .loader import Settings  # local: loader imports nothing from here, keep it that way

    settings = target if isinstance(target, Settings) else None
    profile: Profile = settings.profile if settings else target
    data = describe(profile)
    values, sources = data["values"], data["sources"]
    lines = [
        f"# Effective configuration of profile {json.dumps(profile.name)}; secrets are shown as {MASK}.",
        "# A comment names where a value came from; values without one are defaults.",
    ]
    if settings is not None:
        lines.append(
            f"# Read from {_comment(str(settings.config.path))}"
            + ("" if settings.config.exists else " (which does not exist)")
        )
        if settings.theme is not None:
            lines.append(f"theme = {_toml_value(settings.theme)}")
        lines.append(f"default_profile = {_toml_value(profile.name)}")
        if settings.keys:
            lines.append("")
            _table(lines, "keys", settings.keys, {}, "")
    name = dotted(["profiles", profile.name])
    if settings is not None and settings.config.exists:
        # The header names the file; each comment then only needs the line.
        sources = {k: v.replace(f"{settings.config.path}:", "line ") for k, v in sources.items()}
    for header, table, prefix in (
        (name, values, ""),
        (f"{name}.storage", values["storage"], "storage."),
        (f"{name}.poll", values["poll"], "poll."),
    ):
        lines.append("")
        _table(lines, header, table, sources, prefix)
    if data["credential_environment"]:
        lines.append("")
        lines.append("# Environment read by the credential:")
        for var, value in data["credential_environment"].items():
            lines.append(f"#   {var} = {_comment(value)}")
    return "\n".join(lines) + "\n"
