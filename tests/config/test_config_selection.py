"""Where the configuration is read from, which profile is chosen, and how the environment overrides it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest
from azure.identity import AzureAuthorityHosts

from deidtui.config import (
    AUTHORITY_HOSTS,
    EXAMPLE_CONFIG,
    ConfigError,
    CredentialKind,
    PollSettings,
    Profile,
    default_config_path,
    load_settings,
    resolve_config_path,
)

TWO_PROFILES = """\
default_profile = "prod"

[profiles.prod]
endpoint = "https://prod.api.eus001.deid.azure.com"
credential = "cli"

[profiles.prod.storage]
account_urls = ["https://prodstore.blob.core.windows.net"]

[profiles.staging]
endpoint = "https://staging.api.eus001.deid.azure.com"

[profiles.staging.storage]
connection_string = { env = "STAGING_CONN" }
"""
CONN = "DefaultEndpointsProtocol=https;AccountName=stagestore;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net"


@pytest.fixture
def config_file(tmp_path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(TWO_PROFILES)
    return path


def test_the_default_path_is_config_toml_in_the_platform_config_dir(monkeypatch, tmp_path):
    calls = []

    def fake_user_config_dir(appname, *args, **kwargs):
        calls.append(appname)
        return str(tmp_path / "cfg" / appname)

    monkeypatch.setattr(platformdirs, "user_config_dir", fake_user_config_dir)
    assert default_config_path() == tmp_path / "cfg" / "deidtui" / "config.toml"
    assert calls == ["deidtui"]
    assert resolve_config_path(None, env={}) == (tmp_path / "cfg" / "deidtui" / "config.toml", False)


def test_an_explicit_path_beats_deidtui_config_which_beats_the_default(tmp_path):
    env = {"DEIDTUI_CONFIG": str(tmp_path / "from-env.toml")}
    assert resolve_config_path(tmp_path / "arg.toml", env=env) == (tmp_path / "arg.toml", True)
    assert resolve_config_path(None, env=env) == (tmp_path / "from-env.toml", True)


def test_deidtui_config_is_read(config_file):
    settings = load_settings(env={"DEIDTUI_CONFIG": str(config_file)})
    assert settings.profile.name == "prod" and settings.config.path == config_file


@pytest.mark.parametrize(
    ("argument", "env", "expected"),
    [
        ("staging", {"DEIDTUI_PROFILE": "prod"}, "staging"),  # the argument wins
        (None, {"DEIDTUI_PROFILE": "staging"}, "staging"),  # then the environment
        (None, {}, "prod"),  # then default_profile
    ],
)
def test_profile_selection_order(config_file, argument, env, expected):
    env = {"STAGING_CONN": CONN, **env}
    assert load_settings(argument, config_path=config_file, env=env).profile.name == expected


def test_the_only_profile_is_chosen_without_a_default(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[profiles.solo]\nendpoint = "https://solo.deid.azure.com"\n')
    assert load_settings(config_path=path, env={}).profile.name == "solo"


def test_several_profiles_without_a_default_ask_to_choose(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(TWO_PROFILES.replace('default_profile = "prod"\n', ""))
    with pytest.raises(ConfigError, match=r"several profiles .prod, staging.") as caught:
        load_settings(config_path=path, env={})
    assert caught.value.key == "default_profile"


def test_an_unknown_profile_lists_the_existing_ones(config_file):
    with pytest.raises(ConfigError) as caught:
        load_settings(config_path=config_file, env={"DEIDTUI_PROFILE": "stagign"})
    assert caught.value.key == "DEIDTUI_PROFILE"
    assert "did you mean 'staging'" in str(caught.value) and "existing profiles: prod, staging" in str(caught.value)


def test_a_secret_env_reference_is_resolved_only_for_the_chosen_profile(config_file):
    assert load_settings("prod", config_path=config_file, env={}).profile.name == "prod"  # STAGING_CONN unset: fine
    staging = load_settings("staging", config_path=config_file, env={"STAGING_CONN": CONN}).profile
    assert staging.storage_connection_string == CONN
    assert staging.sources["storage_connection_string"].startswith("$STAGING_CONN")
    with pytest.raises(ConfigError, match="STAGING_CONN, which is not set") as caught:
        load_settings("staging", config_path=config_file, env={})
    assert caught.value.line == 14 and caught.value.key == "profiles.staging.storage.connection_string"


def test_environment_variables_override_the_file_and_record_their_source(config_file):
    env = {
        "DEIDTUI_ENDPOINT": "https://other.api.eus001.deid.azure.com/",
        "DEIDTUI_STORAGE_ACCOUNT_URL": "https://a.blob.core.windows.net, https://b.blob.core.windows.net",
        "DEIDTUI_STORAGE_CONNECTION_STRING": CONN,
        "DEIDTUI_CREDENTIAL": "managed-identity",
        "DEIDTUI_READ_ONLY": "yes",
    }
    profile = load_settings(config_path=config_file, env=env).profile
    assert profile.endpoint == "https://other.api.eus001.deid.azure.com"
    assert profile.storage_account_urls == ("https://a.blob.core.windows.net", "https://b.blob.core.windows.net")
    assert profile.storage_connection_string == CONN
    assert profile.credential is CredentialKind.MANAGED_IDENTITY and profile.read_only is True
    assert profile.sources["endpoint"] == "$DEIDTUI_ENDPOINT"
    assert profile.sources["read_only"] == "$DEIDTUI_READ_ONLY"
    assert profile.sources["credential"] == "$DEIDTUI_CREDENTIAL"


def test_a_bad_override_is_blamed_on_its_environment_variable(config_file):
    with pytest.raises(ConfigError) as caught:
        load_settings(config_path=config_file, env={"DEIDTUI_ENDPOINT": "http://prod.example.com"})
    assert caught.value.key == "DEIDTUI_ENDPOINT" and caught.value.file is None
    with pytest.raises(ConfigError, match="got 'maybe'") as caught:
        load_settings(config_path=config_file, env={"DEIDTUI_READ_ONLY": "maybe"})
    assert caught.value.key == "DEIDTUI_READ_ONLY"


def test_azure_storage_connection_string_is_only_a_fallback(config_file, tmp_path):
    env = {"AZURE_STORAGE_CONNECTION_STRING": CONN}
    # prod names its storage account: a variable set for other tools must not redirect it.
    assert load_settings("prod", config_path=config_file, env=env).profile.storage_connection_string is None
    bare = tmp_path / "bare.toml"
    bare.write_text('[profiles.p]\nendpoint = "https://p.deid.azure.com"\n')
    profile = load_settings(config_path=bare, env=env).profile
    assert profile.storage_connection_string == CONN
    assert profile.sources["storage_connection_string"] == "$AZURE_STORAGE_CONNECTION_STRING"
    both = {**env, "DEIDTUI_STORAGE_CONNECTION_STRING": CONN.replace("stagestore", "mine")}
    assert "mine" in load_settings(config_path=bare, env=both).profile.storage_connection_string


def test_with_no_file_the_environment_alone_makes_an_env_profile(tmp_path, monkeypatch):
    monkeypatch.setattr(platformdirs, "user_config_dir", lambda *a, **k: str(tmp_path / "absent"))
    env = {
        "DEIDTUI_ENDPOINT": "http://127.0.0.1:8123",
        "AZURE_STORAGE_CONNECTION_STRING": CONN,
        "DEIDTUI_CREDENTIAL": "local",
    }
    settings = load_settings(env=env)
    assert settings.profile.name == "env" and not settings.config.exists
    assert settings.profile.endpoint == "http://127.0.0.1:8123"
    assert settings.profile.credential is CredentialKind.LOCAL
    assert settings.profile.storage_connection_string == CONN


def test_with_no_file_and_no_endpoint_the_error_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(platformdirs, "user_config_dir", lambda *a, **k: str(tmp_path / "absent"))
    with pytest.raises(ConfigError) as caught:
        load_settings(env={})
    assert "does not exist" in str(caught.value) and "DEIDTUI_ENDPOINT" in str(caught.value)
    assert "[profiles.NAME]" in caught.value.hint


def test_empty_environment_variables_count_as_unset(config_file):
    profile = load_settings(config_path=config_file, env={"DEIDTUI_ENDPOINT": "", "DEIDTUI_READ_ONLY": " "}).profile
    assert profile.endpoint == "https://prod.api.eus001.deid.azure.com" and profile.read_only is False


def test_a_profile_built_in_code_needs_only_name_endpoint_storage_and_kind():
    profile = Profile(
        name="demo", endpoint="http://127.0.0.1:5000/", storage_connection_string=CONN, credential="local"
    )
    assert profile.credential is CredentialKind.LOCAL and profile.endpoint == "http://127.0.0.1:5000"
    assert profile.api_version == "2024-11-15" and profile.poll == PollSettings()
    assert profile.poll.budget_requests / profile.poll.budget_window < 100 / 5


def test_a_profile_built_in_code_is_validated_too():
    with pytest.raises(ConfigError, match="unknown credential kind") as caught:
        Profile(name="demo", endpoint="http://127.0.0.1:5000", credential="emulator")
    assert caught.value.key == "credential"
    with pytest.raises(ConfigError, match="must use https"):
        Profile(name="demo", endpoint="http://10.0.0.5:5000")


@pytest.mark.parametrize(
    ("alias", "host"),
    [
        ("public", AzureAuthorityHosts.AZURE_PUBLIC_CLOUD),
        ("usgov", AzureAuthorityHosts.AZURE_GOVERNMENT),
        ("china", AzureAuthorityHosts.AZURE_CHINA),
        ("AzureUSGovernment", AzureAuthorityHosts.AZURE_GOVERNMENT),
        ("login.microsoftonline.us", AzureAuthorityHosts.AZURE_GOVERNMENT),
        ("https://login.contoso-sovereign.example/", "https://login.contoso-sovereign.example"),
    ],
)
def test_authority_aliases_map_to_azure_identity_hosts(alias, host):
    assert Profile(name="p", endpoint="https://x.deid.azure.com", authority=alias).authority == host


def test_the_copied_authority_hosts_still_match_azure_identity():
    assert AUTHORITY_HOSTS == {
        "public": AzureAuthorityHosts.AZURE_PUBLIC_CLOUD,
        "usgov": AzureAuthorityHosts.AZURE_GOVERNMENT,
        "china": AzureAuthorityHosts.AZURE_CHINA,
    }


def test_an_http_authority_is_refused():
    with pytest.raises(ConfigError, match="https"):
        Profile(name="p", endpoint="https://x.deid.azure.com", authority="http://login.example")


def test_key_bindings_and_theme_are_parsed_and_unknown_actions_located(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "nord"\n[keys]\nrefresh = "ctrl+r,f5"\nquit = "q"\ncancle_job = "x"\n'
        '[profiles.p]\nendpoint = "https://p.deid.azure.com"\n'
    )
    settings = load_settings(config_path=path, env={})
    assert settings.theme == "nord" and settings.keys["refresh"] == "ctrl+r,f5"
    with pytest.raises(ConfigError) as caught:
        settings.check_key_actions(["refresh", "quit", "cancel_job"])
    assert caught.value.line == 5 and caught.value.key == "keys.cancle_job"
    assert "did you mean 'cancel_job'" in str(caught.value)


def test_the_documented_example_config_is_valid(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(EXAMPLE_CONFIG)
    settings = load_settings(config_path=path, env={})
    assert settings.profile.name == "prod" and settings.profile.credential is CredentialKind.CLI


def test_the_config_package_imports_neither_textual_nor_rich():
    code = (
        "import sys, deidtui.config\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'azure')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == ""  # not even azure: reading config stays fast
