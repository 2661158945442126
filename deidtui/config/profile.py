"""A profile: one de-identification service, its storage, how to sign in and how to poll.

`Profile` validates itself on construction, so a profile built in code (the demo's) fails
as clearly as one read from a file; reading the file (`config_file.py`) adds its name and
line to the same errors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from ..domain.api_versions import GA, SUPPORTED
from ..domain.paths import is_loopback_host
from .errors import ConfigError, did_you_mean
from .secrets import connection_string_settings, mask_connection_string, mask_sas, mask_url

DEFAULT_API_VERSION = GA

# Values of azure.identity.AzureAuthorityHosts, copied so that reading the configuration does
# not import azure.identity (slow, and the CLI reads config before anything else);
# tests/config assert they still equal the SDK's.
AUTHORITY_HOSTS = {
    "public": "login.microsoftonline.com",
    "usgov": "login.microsoftonline.us",
    "china": "login.chinacloudapi.cn",
}
# `az cloud list` names, so a value copied from the Azure CLI works too.
_CLOUD_NAMES = {"azurecloud": "public", "azureusgovernment": "usgov", "azurechinacloud": "china"}
_HOSTNAME = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")


class CredentialKind(StrEnum):
    """How deidtui signs in to Microsoft Entra ID."""

    DEFAULT = "default"  # DefaultAzureCredential
    CLI = "cli"  # AzureCliCredential, after `az login --use-device-code`
    MANAGED_IDENTITY = "managed-identity"
    ENVIRONMENT = "environment"  # EnvironmentCredential (AZURE_CLIENT_ID, AZURE_TENANT_ID, ...)
    DEVICE_CODE = "device-code"  # a code shown by deidtui, entered in a browser elsewhere
    LOCAL = "local"  # the local emulator's fake credential

    @classmethod
    def parse(cls, value: object) -> CredentialKind:
        """Look a kind up by its name; the error lists the valid ones."""
        for kind in cls:
            if kind.value == str(value).strip().lower():
                return kind
        valid = ", ".join(k.value for k in cls)
        raise ConfigError(
            f"unknown credential kind {str(value)!r}{did_you_mean(str(value), [k.value for k in cls])}; "
            f"use one of {valid}",
            key="credential",
        )


def resolve_authority(value: str | None) -> str | None:
    """Map `public`/`usgov`/`china` (or an az cloud name, host or https URL) to an authority host."""
    if value is None:
        return None
    text = value.strip()
    alias = _CLOUD_NAMES.get(text.lower(), text.lower())
    if alias in AUTHORITY_HOSTS:
        return AUTHORITY_HOSTS[alias]
    if "://" in text:
        parts = urlsplit(text)
        if parts.scheme != "https" or not parts.hostname:
            raise ConfigError(f"authority {text!r} must be an https:// URL", key="authority")
        return text.rstrip("/")
    if _HOSTNAME.match(text.lower()):
        return text.lower()
    raise ConfigError(
        f"unknown authority {text!r}{did_you_mean(text.lower(), AUTHORITY_HOSTS)}; "
        "use public, usgov, china or an https:// URL",
        key="authority",
    )


def check_service_url(url: str, key: str, what: str) -> str:
    """Require https, or http to a loopback address (emulator, Azurite); return the URL without a trailing '/'."""
    if not isinstance(url, str) or not url.strip():
        raise ConfigError(f"the {what} URL is required", key=key)
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        raise ConfigError(f"{mask_url(url)!r} is not a valid URL ({exc})", key=key) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{mask_url(url)!r} is not an http(s) URL", key=key)
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ConfigError(
            f"{mask_url(url)!r} must use https (plain http is only allowed to loopback addresses "
            "such as 127.0.0.1 or localhost)",
            key=key,
        )
    return url.strip().rstrip("/")


def _check_connection_string(value: str) -> None:
    # Never echo the value: it holds the account key.
    settings = connection_string_settings(value)
    if not settings:
        raise ConfigError(
            "is not a storage connection string (expected Name=value;... settings)", key="storage_connection_string"
        )
    if not ({"accountname", "blobendpoint"} & settings.keys()) and settings.get("usedevelopmentstorage") != "true":
        raise ConfigError(
            "the storage connection string names neither AccountName nor BlobEndpoint", key="storage_connection_string"
        )
    # Plain http only to loopback storage (Azurite), as for every other URL.
    if "blobendpoint" in settings:
        check_service_url(
            settings["blobendpoint"], "storage_connection_string", "storage connection string BlobEndpoint"
        )
    elif (
        settings.get("defaultendpointsprotocol", "https").lower() != "https"
        and settings.get("usedevelopmentstorage") != "true"
    ):
        raise ConfigError(
            "DefaultEndpointsProtocol must be https (plain http is only allowed with a loopback BlobEndpoint)",
            key="storage_connection_string",
        )


def _positive(value: Any, key: str, *, whole: bool) -> None:
    kind = "whole number" if whole else "number"
    ok_type = (int,) if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, ok_type):
        raise ConfigError(f"must be a {kind}, got {value!r}", key=key)
    if not value > 0 or value != value or value == float("inf"):
        raise ConfigError(f"must be a positive {kind}, got {value!r}", key=key)


@dataclass(frozen=True)
class PollSettings:
    """How often the engine asks the service, within what request budget."""

    active_interval: float = 3.0  # seconds between polls of each running job
    sweep_interval: float = 30.0  # seconds between refreshes of the whole job list
    budget_requests: int = 80  # at most this many requests per window: a margin under 100 per 5 s
    budget_window: float = 5.0  # seconds
    page_size: int = 1000  # maxpagesize of list calls

    def __post_init__(self) -> None:
        for name in ("active_interval", "sweep_interval", "budget_window"):
            _positive(getattr(self, name), f"poll.{name}", whole=False)
        for name in ("budget_requests", "page_size"):
            _positive(getattr(self, name), f"poll.{name}", whole=True)
        # A budget faster than the service's own limit would only produce 429s.
        if self.budget_requests / self.budget_window > 20:
            raise ConfigError(
                f"{self.budget_requests} requests per {self.budget_window:g} s exceeds the service's limit "
                "of about 100 requests per 5 s; use at most 20 per second",
                key="poll.budget_requests",
            )


@dataclass(frozen=True, repr=False)
class Profile:
    """One service endpoint and its storage. Secret fields never appear in `repr()`."""

    name: str
    endpoint: str
    credential: CredentialKind | str = CredentialKind.DEFAULT
    storage_account_urls: tuple[str, ...] | list[str] | str = ()
    storage_connection_string: str | None = None
    storage_sas: str | None = None
    tenant_id: str | None = None
    authority: str | None = None
    client_id: str | None = None  # managed identity (user-assigned) or device-code application id
    api_version: str = DEFAULT_API_VERSION
    read_only: bool = False
    poll: PollSettings = field(default_factory=PollSettings)
    # Where each non-default value came from ("$DEIDTUI_ENDPOINT", "config.toml:12"), for `config show`.
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalise in place once, here
        if not isinstance(self.name, str) or not self.name.strip():
            raise ConfigError("a profile needs a name", key="name")
        set_(self, "credential", CredentialKind.parse(self.credential))
        set_(self, "endpoint", check_service_url(self.endpoint, "endpoint", "service endpoint"))
        urls = self.storage_account_urls
        urls = (urls,) if isinstance(urls, str) else tuple(urls)
        set_(
            self,
            "storage_account_urls",
            tuple(check_service_url(u, "storage_account_urls", "storage account") for u in urls),
        )
        if self.storage_connection_string is not None:
            _check_connection_string(self.storage_connection_string)
        if self.storage_sas is not None and not self.storage_sas.strip():
            raise ConfigError("the SAS token is empty", key="storage_sas")
        set_(self, "authority", resolve_authority(self.authority))
        if self.api_version not in SUPPORTED:
            raise ConfigError(
                f"api_version {self.api_version!r} is not one deidtui speaks; use {' or '.join(SUPPORTED)} "
                f"({GA} is the generally available one)",
                key="api_version",
            )
        if not isinstance(self.read_only, bool):
            raise ConfigError(f"must be true or false, got {self.read_only!r}", key="read_only")
        if not isinstance(self.poll, PollSettings):
            raise ConfigError("must be a PollSettings", key="poll")
        set_(self, "sources", dict(self.sources))

    @property
    def has_storage(self) -> bool:
        return bool(self.storage_account_urls or self.storage_connection_string)

    def with_changes(self, **changes: Any) -> Profile:
        """A copy with some fields replaced (validated again)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Profile(**values)

    def __repr__(self) -> str:
        return (
            f"Profile(name={self.name!r}, endpoint={self.endpoint!r}, credential={str(self.credential)!r}, "
            f"storage_account_urls={tuple(mask_url(u) for u in self.storage_account_urls)!r}, "
            f"storage_connection_string={mask_connection_string(self.storage_connection_string)!r}, "
            f"storage_sas={mask_sas(self.storage_sas)!r}, read_only={self.read_only!r})"
        )
