"""The config's `fleet` list: checked like every other key, and its members resolved as profiles
without the overrides that point a profile at one service."""

from __future__ import annotations

import pytest

from deidtui.config import ConfigError, load_fleet, read_config_file, select_fleet

FILE = """\
fleet = ["east", "west"]

[profiles.east]
endpoint = "https://east.api.eus001.deid.azure.com"
credential = "cli"

[profiles.west]
endpoint = "https://west.api.weu001.deid.azure.com"
credential = "cli"
read_only = true
"""


def test_the_fleet_list_selects_each_profile_with_its_own_settings(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(FILE)
    env = {"DEIDTUI_ENDPOINT": "https://elsewhere.api.eus001.deid.azure.com", "DEIDTUI_CREDENTIAL": "local"}
    settings = load_fleet(config_path=path, env=env)  # no default_profile is needed
    east, west = settings.fleet
    assert (east.name, west.name) == ("east", "west") and settings.profile is east
    # A single-service override would point every member at one service: members ignore it.
    assert east.endpoint == "https://east.api.eus001.deid.azure.com" and str(east.credential) == "cli"
    assert west.endpoint == "https://west.api.weu001.deid.azure.com"
    assert not east.read_only and west.read_only  # read-only per service
    everything_read_only = load_fleet(config_path=path, env={"DEIDTUI_READ_ONLY": "1"}).fleet
    assert all(profile.read_only for profile in everything_read_only)
    chosen = select_fleet(read_config_file(path, must_exist=True), ["west"], env={})
    assert [profile.name for profile in chosen] == ["west"]


def test_names_given_are_checked_like_the_files_list(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(FILE)
    cfg = read_config_file(path, must_exist=True)
    with pytest.raises(ConfigError, match=r"unknown profile 'eats' \(did you mean 'east'\?\)"):
        select_fleet(cfg, ["eats"], env={})
    with pytest.raises(ConfigError, match="listed twice"):
        select_fleet(cfg, ["west", "west"], env={})


def test_an_unknown_profile_in_the_file_is_reported_at_its_line(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(FILE.replace('["east", "west"]', '["east", "wets"]'))
    with pytest.raises(ConfigError) as error:
        read_config_file(path, must_exist=True)
    assert "config.toml:1" in str(error.value) and "did you mean 'west'" in str(error.value)
