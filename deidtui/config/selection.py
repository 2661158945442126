"""Choosing the profile to run with, resolving its secrets and applying environment overrides.

The profile is the one asked for (`--profile`), else `$DEIDTUI_PROFILE`, the file's
`default_profile`, its only profile, or one made from `$DEIDTUI_ENDPOINT` alone. Environment
variables override the file field by field, and the profile records where each value came from.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from .config_file import FIELD_PATHS, ConfigFile, EnvRef, _construct, _where  # the file's own checks
from .errors import ConfigError, did_you_mean
from .profile import Profile

ENV_PROFILE = "DEIDTUI_PROFILE"
ENV_ENDPOINT = "DEIDTUI_ENDPOINT"
ENV_STORAGE_ACCOUNT_URL = "DEIDTUI_STORAGE_ACCOUNT_URL"
ENV_STORAGE_CONNECTION_STRING = "DEIDTUI_STORAGE_CONNECTION_STRING"
ENV_AZURE_STORAGE_CONNECTION_STRING = "AZURE_STORAGE_CONNECTION_STRING"
ENV_CREDENTIAL = "DEIDTUI_CREDENTIAL"
ENV_READ_ONLY = "DEIDTUI_READ_ONLY"
ENV_PROFILE_NAME = "env"  # the ad-hoc profile made from environment variables alone
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _env(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    return value.strip() if value and value.strip() else None  # empty means unset


def _apply_env(kwargs: dict[str, Any], env: Mapping[str, str]) -> None:
    """Environment variables override the file, field by field; `sources` records which."""
    sources = kwargs.setdefault("sources", {})

    def put(fld: str, var: str, value: Any) -> None:
        kwargs[fld] = value
        sources[fld] = f"${var}"

    if value := _env(env, ENV_ENDPOINT):
        put("endpoint", ENV_ENDPOINT, value)
    if value := _env(env, ENV_STORAGE_ACCOUNT_URL):
        put("storage_account_urls", ENV_STORAGE_ACCOUNT_URL, tuple(re.split(r"[,\s]+", value)))
    if value := _env(env, ENV_STORAGE_CONNECTION_STRING):
        put("storage_connection_string", ENV_STORAGE_CONNECTION_STRING, value)
    elif (value := _env(env, ENV_AZURE_STORAGE_CONNECTION_STRING)) and not (
        kwargs.get("storage_account_urls") or kwargs.get("storage_connection_string")
    ):
        # Only a fallback: a profile that names its storage is not redirected by a variable
        # many developers have set for other tools.
        put("storage_connection_string", ENV_AZURE_STORAGE_CONNECTION_STRING, value)
    if value := _env(env, ENV_CREDENTIAL):
        put("credential", ENV_CREDENTIAL, value)
    if raw := _env(env, ENV_READ_ONLY):
        raw = raw.lower()
        if raw not in _TRUE | _FALSE:
            raise ConfigError(
                f"must be 1/0, true/false, yes/no or on/off, got {env[ENV_READ_ONLY]!r}", key=ENV_READ_ONLY
            )
        put("read_only", ENV_READ_ONLY, raw in _TRUE)


def _resolve_secrets(cfg: ConfigFile, kwargs: dict[str, Any], env: Mapping[str, str]) -> None:
    for fld, value in list(kwargs.items()):
        if isinstance(value, EnvRef):
            path = ("profiles", kwargs["name"]) + FIELD_PATHS[fld]
            resolved = _env(env, value.var)
            if resolved is None:
                raise cfg.error(f"refers to the environment variable {value.var}, which is not set", path)
            kwargs[fld] = resolved
            kwargs["sources"][fld] = f"${value.var} (named at {_where(cfg, path)})"


def _choose_name(cfg: ConfigFile, requested: str | None, env: Mapping[str, str]) -> tuple[str, str]:
    """The profile to use and what chose it (the key to blame if it does not exist)."""
    if requested:
        return requested, "profile"
    if name := _env(env, ENV_PROFILE):
        return name, ENV_PROFILE
    if cfg.default_profile:
        return cfg.default_profile, "default_profile"
    if len(cfg.profiles) == 1:
        return next(iter(cfg.profiles)), "profiles"
    if not cfg.profiles:
        if _env(env, ENV_ENDPOINT):
            return ENV_PROFILE_NAME, ENV_ENDPOINT
        where = "defines no profiles" if cfg.exists else "does not exist"
        raise ConfigError(
            f"no profile: the configuration file {where} and {ENV_ENDPOINT} is not set",
            file=cfg.path,
            hint=f"Add a [profiles.NAME] table with an endpoint to {cfg.path}, or set {ENV_ENDPOINT}.",
        )
    raise ConfigError(
        f"several profiles ({', '.join(cfg.profiles)}) and no default_profile; choose one with "
        f'--profile, {ENV_PROFILE} or default_profile = "..."',
        file=cfg.path,
        key="default_profile",
    )


def select_profile(cfg: ConfigFile, requested: str | None = None, env: Mapping[str, str] | None = None) -> Profile:
    """The profile to run with: chosen, secrets resolved, environment overrides applied."""
    env = os.environ if env is None else env
    name, chosen_by = _choose_name(cfg, requested, env)
    if name in cfg.profiles:
        kwargs = {**cfg.profiles[name], "sources": dict(cfg.profiles[name]["sources"])}
        _resolve_secrets(cfg, kwargs, env)
    elif name == ENV_PROFILE_NAME and _env(env, ENV_ENDPOINT):
        kwargs = {"name": name, "sources": {}}
    else:
        existing = ", ".join(cfg.profiles) or "none"
        message = f"unknown profile {name!r}{did_you_mean(name, cfg.profiles)}; existing profiles: {existing}"
        if chosen_by == "default_profile":
            raise cfg.error(message, ("default_profile",))
        raise ConfigError(message, file=cfg.path, key=chosen_by)
    _apply_env(kwargs, env)
    if "endpoint" not in kwargs:
        raise cfg.error(
            f'the profile has no endpoint; add endpoint = "https://..." or set {ENV_ENDPOINT}', ("profiles", name)
        )
    return _construct(cfg, kwargs)
