"""Loading the settings: where config.toml is, and the profile and preferences the app runs with.

`load_settings` is the one call the CLI and the TUI make: the file is read and checked by
`config_file.py`, the profile chosen by `selection.py`. Every problem becomes a `ConfigError`
naming the file, line and key; nothing here raises a traceback at the user.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from .config_file import ConfigFile, read_config_file
from .errors import did_you_mean
from .profile import Profile
from .selection import select_profile

ENV_CONFIG = "DEIDTUI_CONFIG"


@dataclass(frozen=True)
class Settings:
    """What the application runs with: the selected profile plus the dashboard's preferences."""

    profile: Profile
    config: ConfigFile
    keys: Mapping[str, str] = field(default_factory=dict)
    theme: str | None = None
    fleet: tuple[Profile, ...] = ()  # the fleet view's profiles (`load_fleet`); `profile` is the first

    @property
    def profile_names(self) -> tuple[str, ...]:
        return tuple(self.config.profiles)

    def check_key_actions(self, known_actions: Iterable[str]) -> None:
        """Raise a located ConfigError for a `[keys]` entry naming an action the UI does not have."""
        known = list(known_actions)
        for action in self.keys:
            if action not in known:
                raise self.config.error(f"no such action{did_you_mean(action, known)}", ("keys", action))


def default_config_path() -> Path:
    """`config.toml` in the platform's user configuration folder for deidtui."""
    # appauthor=False: on Windows the folder is ...\deidtui, not ...\deidtui\deidtui.
    return Path(platformdirs.user_config_dir("deidtui", appauthor=False)) / "config.toml"


def resolve_config_path(explicit: str | Path | None = None, env: Mapping[str, str] | None = None) -> tuple[Path, bool]:
    """The file to read (`--config`, else `$DEIDTUI_CONFIG`, else the default) and whether it was named explicitly."""
    env = os.environ if env is None else env
    if explicit:
        return Path(explicit).expanduser(), True
    if env.get(ENV_CONFIG):
        return Path(env[ENV_CONFIG]).expanduser(), True
    return default_config_path(), False


def load_settings(
    profile: str | None = None,
    *,
    config_path: str | Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Read the configuration and select a profile: the one call the CLI and the TUI make."""
    env = os.environ if env is None else env
    path, explicit = resolve_config_path(config_path, env)
    cfg = read_config_file(path, must_exist=explicit)
    return Settings(profile=select_profile(cfg, profile, env), config=cfg, keys=dict(cfg.keys), theme=cfg.theme)
