"""Reading config.toml and checking all of it, so that a mistake anywhere is reported at once.

Each table's keys and types are checked, every profile is built once to check its values, and so
are the key bindings and the fleet list; every problem becomes a `ConfigError` naming the file,
line and key. Secrets may be written inline or as `{ env = "VAR" }` references (`EnvRef`), which
are resolved only for the profile actually selected (`selection.py`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, did_you_mean, dotted, locate
from .profile import PollSettings, Profile

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
