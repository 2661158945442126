"""Profiles, the configuration file (platformdirs), environment overrides and masked rendering.

Typical use::

    settings = load_settings(args.profile, config_path=args.config)
    profile = settings.profile

A profile can also be built in code (the demo does): ``Profile(name="demo", endpoint=...,
storage_connection_string=..., credential="local")``.
"""

from .config_file import ConfigFile, read_config_file
from .errors import ConfigError
from .fleet import load_fleet, select_fleet
from .loader import ENV_CONFIG, Settings, default_config_path, load_settings, resolve_config_path
from .profile import AUTHORITY_HOSTS, DEFAULT_API_VERSION, CredentialKind, PollSettings, Profile, resolve_authority
from .render import EXAMPLE_CONFIG, describe, render_toml
from .secrets import MASK, mask_connection_string, mask_sas, mask_url
from .selection import (
    ENV_AZURE_STORAGE_CONNECTION_STRING,
    ENV_CREDENTIAL,
    ENV_ENDPOINT,
    ENV_PROFILE,
    ENV_PROFILE_NAME,
    ENV_READ_ONLY,
    ENV_STORAGE_ACCOUNT_URL,
    ENV_STORAGE_CONNECTION_STRING,
    select_profile,
)

__all__ = [
    "AUTHORITY_HOSTS",
    "DEFAULT_API_VERSION",
    "ENV_AZURE_STORAGE_CONNECTION_STRING",
    "ENV_CONFIG",
    "ENV_CREDENTIAL",
    "ENV_ENDPOINT",
    "ENV_PROFILE",
    "ENV_PROFILE_NAME",
    "ENV_READ_ONLY",
    "ENV_STORAGE_ACCOUNT_URL",
    "ENV_STORAGE_CONNECTION_STRING",
    "EXAMPLE_CONFIG",
    "MASK",
    "ConfigError",
    "ConfigFile",
    "CredentialKind",
    "PollSettings",
    "Profile",
    "Settings",
    "default_config_path",
    "describe",
    "load_fleet",
    "load_settings",
    "mask_connection_string",
    "mask_sas",
    "mask_url",
    "read_config_file",
    "render_toml",
    "resolve_authority",
    "resolve_config_path",
    "select_fleet",
    "select_profile",
]
