"""Reading config.toml, choosing a profile and applying environment overrides.

Every problem becomes a `ConfigError` naming the file, line and key; nothing here raises a
traceback at the user. Secrets may be written inline or as `{ env = "VAR" }` references,
which are resolved only for the profile actually selected.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from .errors import ConfigError, did_you_mean, dotted, locate
from .profile import PollSettings, Profile

ENV_CONFIG = "DEIDTUI_CONFIG"
ENV_PROFILE = "DEIDTUI_PROFILE"
ENV_ENDPOINT = "DEIDTUI_ENDPOINT"
ENV_STORAGE_ACCOUNT_URL = "DEIDTUI_STORAGE_ACCOUNT_URL"
ENV_STORAGE_CONNECTION_STRING = "DEIDTUI_STORAGE_CONNECTION_STRING"
ENV_AZURE_STORAGE_CONNECTION_STRING = "AZURE_STORAGE_CONNECTION_STRING"
ENV_CREDENTIAL = "DEIDTUI_CREDENTIAL"
ENV_READ_ONLY = "DEIDTUI_READ_ONLY"
ENV_PROFILE_NAME = "env"  # the ad-hoc profile made from environment variables alone

# Schema: TOML key -> (kind, Profile field). Kinds: str, bool, number, whole, urls, secret.
PROFILE_KEYS: dict[str, tuple[str, str]] = {
    "endpoint": ("str", "endpoint"),
    "credential": ("str", "credential"),
    "tenant_id": ("str", "tenant_id"),
    "authority": ("str", "authority"),
    "client_id": ("str", "client_id"),
    "api_version": ("str", "api_version"),
    "read_only": ("bool", "read_only"),
}
STORAGE_KEYS: dict[str, tuple[str, str]] = {
    "account_urls": ("urls", "storage_account_urls"),
    "connection_string": ("secret", "storage_connection_string"),
    "sas": ("secret", "storage_sas"),
}
POLL_KEYS: dict[str, str] = {
    "active_interval": "number",
    "sweep_interval": "number",
    "budget_window": "number",
    "budget_requests": "whole",
    "page_size": "whole",
}
TOP_KEYS = ("default_profile", "theme", "fleet", "keys", "profiles")
# Profile field -> its TOML path inside the profile table (for error locations).
FIELD_PATHS: dict[str, tuple[str, ...]] = {
    **{fld: (key,) for key, (_, fld) in PROFILE_KEYS.items()},
    **{fld: ("storage", key) for key, (_, fld) in STORAGE_KEYS.items()},
    **{f"poll.{key}": ("poll", key) for key in POLL_KEYS},
}
_ACTION_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_KEY = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*(?:[a-z0-9_]+|[!-~])$", re.IGNORECASE)
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


@dataclass(frozen=True)
class EnvRef:
    """A secret written as `{ env = "VAR" }`: read from the environment when the profile is used."""

    var: str


@dataclass(frozen=True)
class ConfigFile:
    """The parsed, type-checked file (empty when it does not exist)."""

    path: Path
    exists: bool
    # The text and the raw profiles may hold inline secrets: keep them out of repr() (and logs).
    text: str = field(default="", repr=False)
    default_profile: str | None = None
    theme: str | None = None
    keys: Mapping[str, str] = field(default_factory=dict)
    profiles: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, repr=False)  # name -> Profile kwargs
    fleet: tuple[str, ...] = ()  # the profiles `deidtui --fleet` shows together

    def error(self, message: str, path: Iterable[str], **kwargs: Any) -> ConfigError:
        """A ConfigError located at the TOML key `path` of this file."""
        parts = tuple(path)
        line = locate(self.text, parts) if self.exists else None
        return ConfigError(message, file=self.path, line=line, key=dotted(parts), **kwargs)


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


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _check_type(cfg: ConfigFile, kind: str, value: Any, path: tuple[str, ...]) -> Any:
    if kind == "str" and isinstance(value, str):
        return value
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind == "whole" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if kind == "urls":
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise cfg.error(f"must be a URL or a list of URLs, got {_show(value)}", path)
    if kind == "secret":
        if isinstance(value, str):
            return value
        if isinstance(value, dict):
            _check_unknown(cfg, value, ("env",), path)
            if isinstance(value.get("env"), str) and value["env"].strip():
                return EnvRef(value["env"].strip())
        # The value may be a secret: describe its type only.
        raise cfg.error('must be a string or { env = "VARIABLE" }', path)
    described = {"str": "a string", "bool": "true or false", "whole": "a whole number", "number": "a number"}[kind]
    raise cfg.error(f"must be {described}, got {_show(value)}", path)


def _check_unknown(cfg: ConfigFile, table: Mapping[str, Any], allowed: Iterable[str], path: tuple[str, ...]) -> None:
    allowed = list(allowed)
    for key in table:
        if key not in allowed:
            raise cfg.error(
                f"unknown key {key!r}{did_you_mean(key, allowed)}; expected one of {', '.join(allowed)}", (*path, key)
            )


def _table(cfg: ConfigFile, value: Any, path: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise cfg.error(f"must be a table, got {_show(value)}", path)
    return value


def _profile_kwargs(cfg: ConfigFile, name: str, table: Mapping[str, Any]) -> dict[str, Any]:
    """Type-check one `[profiles.NAME]` table into Profile keyword arguments (secrets may be EnvRefs)."""
    base = ("profiles", name)
    _check_unknown(cfg, table, [*PROFILE_KEYS, "storage", "poll"], base)
    kwargs: dict[str, Any] = {"name": name}
    sources: dict[str, str] = {}
    for key, value in table.items():
        if key in PROFILE_KEYS:
            kind, fld = PROFILE_KEYS[key]
            kwargs[fld] = _check_type(cfg, kind, value, (*base, key))
            sources[fld] = _where(cfg, (*base, key))
    storage = _table(cfg, table.get("storage", {}), (*base, "storage"))
    _check_unknown(cfg, storage, STORAGE_KEYS, (*base, "storage"))
    for key, value in storage.items():
        kind, fld = STORAGE_KEYS[key]
        kwargs[fld] = _check_type(cfg, kind, value, (*base, "storage", key))
        sources[fld] = _where(cfg, (*base, "storage", key))
    poll = _table(cfg, table.get("poll", {}), (*base, "poll"))
    _check_unknown(cfg, poll, POLL_KEYS, (*base, "poll"))
    poll_kwargs = {}
    for key, value in poll.items():
        poll_kwargs[key] = _check_type(cfg, POLL_KEYS[key], value, (*base, "poll", key))
        sources[f"poll.{key}"] = _where(cfg, (*base, "poll", key))
    kwargs["poll"] = poll_kwargs
    kwargs["sources"] = sources
    return kwargs


def _where(cfg: ConfigFile, path: tuple[str, ...]) -> str:
    line = locate(cfg.text, path)
    return f"{cfg.path}:{line}" if line else str(cfg.path)


def _construct(cfg: ConfigFile, kwargs: dict[str, Any]) -> Profile:
    """Build a Profile, turning its validation errors into errors at the right file line or env var."""
    name = kwargs["name"]
    sources = kwargs.get("sources", {})
    try:
        poll = PollSettings(**kwargs.get("poll", {}))
        return Profile(**{**kwargs, "poll": poll})
    except ConfigError as exc:
        fld = exc.key or ""
        source = sources.get(fld, "")
        if source.startswith("$"):  # the bad value came from an environment variable
            raise ConfigError(exc.message, key=source.split()[0][1:], hint=exc.hint) from None
        raise cfg.error(exc.message, ("profiles", name, *FIELD_PATHS.get(fld, (fld,))), hint=exc.hint) from None


def read_config_file(path: Path, *, must_exist: bool) -> ConfigFile:
    """Parse and check the whole file; a missing file is an empty config unless `must_exist`."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        if must_exist:
            raise ConfigError("the configuration file does not exist", file=path) from None
        return ConfigFile(path=path, exists=False)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"the file is not UTF-8 text (byte {exc.start})", file=path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read the file: {exc.strerror or exc}", file=path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(match.group(1)) if match else None
        if match:
            message = f"{message[: match.start()].strip()} (column {match.group(2)})"
        raise ConfigError(f"TOML syntax error: {message}", file=path, line=line) from None
    cfg = ConfigFile(path=path, exists=True, text=text)
    _check_unknown(cfg, data, TOP_KEYS, ())
    default = (
        _check_type(cfg, "str", data["default_profile"], ("default_profile",)) if "default_profile" in data else None
    )
    theme = _check_type(cfg, "str", data["theme"], ("theme",)) if "theme" in data else None
    keys = dict(_table(cfg, data.get("keys", {}), ("keys",)))
    for action, key in keys.items():
        if not _ACTION_ID.match(action):
            raise cfg.error("is not an action id (letters, digits, '_', '.', '-')", ("keys", action))
        _check_type(cfg, "str", key, ("keys", action))
        bad = [k for k in key.split(",") if not _KEY.match(k.strip())]
        if bad or not key.strip():
            raise cfg.error(
                f"{key!r} is not a key such as 'q', 'f5', 'ctrl+r' or 'shift+tab' (separate several with commas)",
                ("keys", action),
            )
    profiles: dict[str, dict[str, Any]] = {}
    for name, table in _table(cfg, data.get("profiles", {}), ("profiles",)).items():
        kwargs = _profile_kwargs(cfg, name, _table(cfg, table, ("profiles", name)))
        # Check every value now (secrets aside), so a typo anywhere in the file is reported early.
        placeholders: dict[str, Any] = {k: None for k, v in kwargs.items() if isinstance(v, EnvRef)}
        if "endpoint" not in kwargs:  # may come from DEIDTUI_ENDPOINT; checked once a profile is chosen
            placeholders["endpoint"] = "https://endpoint.invalid"
        _construct(cfg, {**kwargs, **placeholders})
        profiles[name] = kwargs
    fleet = _check_fleet(cfg, data["fleet"], profiles) if "fleet" in data else ()
    return ConfigFile(
        path=path,
        exists=True,
        text=text,
        default_profile=default,
        theme=theme,
        keys=keys,
        profiles=profiles,
        fleet=fleet,
    )


def _check_fleet(cfg: ConfigFile, value: Any, profiles: Mapping[str, Any]) -> tuple[str, ...]:
    """`fleet = ["prod-eus", "test"]`: profile names of this file, each once."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise cfg.error(f'must be a list of profile names, e.g. ["prod", "test"], got {_show(value)}', ("fleet",))
    return check_fleet_names(value, profiles, lambda message: cfg.error(message, ("fleet",)))


def check_fleet_names(
    names: Iterable[str], profiles: Iterable[str], error: Callable[[str], ConfigError]
) -> tuple[str, ...]:
    """The fleet's profile names, checked: known profiles, each once, at least one; `error` makes
    the ConfigError for a message (located in the file, or naming the option)."""
    known = list(profiles)
    chosen: list[str] = []
    for name in names:
        name = name.strip()
        if not name:
            raise error("an empty profile name")
        if name not in known:
            raise error(
                f"unknown profile {name!r}{did_you_mean(name, known)}; existing profiles: {', '.join(known) or 'none'}"
            )
        if "/" in name:
            raise error(f"profile {name!r}: a profile in a fleet cannot have '/' in its name")
        if name in chosen:
            raise error(f"profile {name!r} is listed twice")
        chosen.append(name)
    if not chosen:
        raise error("names no profile; list the profiles to show together")
    return tuple(chosen)


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
