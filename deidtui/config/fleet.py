"""The fleet: the profiles `deidtui --fleet` shows together, from the config's `fleet` list.

The list itself is checked with the rest of the file (`config_file.read_config_file`); here its
members are resolved as `select_profile` does, without the overrides that point a profile at one
service.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from .config_file import ConfigFile, check_fleet_names, read_config_file
from .errors import ConfigError
from .loader import Settings, resolve_config_path
from .profile import Profile
from .selection import (
    ENV_AZURE_STORAGE_CONNECTION_STRING,
    ENV_CREDENTIAL,
    ENV_ENDPOINT,
    ENV_STORAGE_ACCOUNT_URL,
    ENV_STORAGE_CONNECTION_STRING,
    select_profile,
)

# Environment overrides that point a profile at one service: in a fleet they would point every
# member at the same one, so fleet members take only the others (read-only, secrets by reference).
FLEET_IGNORED_ENV = (
    ENV_ENDPOINT,
    ENV_STORAGE_ACCOUNT_URL,
    ENV_STORAGE_CONNECTION_STRING,
    ENV_AZURE_STORAGE_CONNECTION_STRING,
    ENV_CREDENTIAL,
)


def select_fleet(
    cfg: ConfigFile, names: Iterable[str] | None = None, env: Mapping[str, str] | None = None
) -> list[Profile]:
    """The profiles of a fleet: `names` (e.g. from `--fleet a,b`) or the file's `fleet` list, each
    checked and resolved as `select_profile` does, without the single-service overrides."""
    env = os.environ if env is None else env
    if names is None:
        if not cfg.fleet:
            raise ConfigError(
                'no fleet list: add fleet = ["prod", "test"] (names of its [profiles.NAME] tables) to the file',
                file=cfg.path,
            )
        chosen = cfg.fleet
    else:
        chosen = check_fleet_names(names, cfg.profiles, lambda message: ConfigError(message, key="fleet"))
    member_env = {k: v for k, v in env.items() if k not in FLEET_IGNORED_ENV}
    return [select_profile(cfg, name, member_env) for name in chosen]


def load_fleet(
    names: Iterable[str] | None = None,
    *,
    config_path: str | Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Read the configuration and select the fleet's profiles (`names`, or the file's `fleet`
    list): what `--fleet` runs with. No default profile is needed."""
    env = os.environ if env is None else env
    path, explicit = resolve_config_path(config_path, env)
    cfg = read_config_file(path, must_exist=explicit)
    profiles = select_fleet(cfg, None if names is None else list(names), env)
    return Settings(profile=profiles[0], config=cfg, keys=dict(cfg.keys), theme=cfg.theme, fleet=tuple(profiles))
