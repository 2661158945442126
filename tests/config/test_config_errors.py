"""Every configuration mistake is reported as `file:line: key: message`, never as a traceback."""

from __future__ import annotations

import textwrap

import pytest

from deidtui.config import ConfigError, load_settings, read_config_file
from deidtui.config.errors import locate

GOOD_PROFILE = """\
[profiles.prod]
endpoint = "https://x.api.eus001.deid.azure.com"
"""

# (what is wrong, file text, expected line, expected key, fragments the message must contain)
CASES = [
    (
        "toml syntax",
        'default_profile = "prod"\n[profiles.prod]\nendpoint = \n',
        3,
        None,
        ["TOML syntax error", "column"],
    ),
    ("duplicate key", GOOD_PROFILE + 'endpoint = "https://y.deid.azure.com"\n', 3, None, ["TOML syntax error"]),
    (
        "unknown top-level key",
        'theme = "dark"\ndefualt_profile = "prod"\n' + GOOD_PROFILE,
        2,
        "defualt_profile",
        ["unknown key", "did you mean 'default_profile'"],
    ),
    (
        "unknown profile key",
        GOOD_PROFILE + 'credentail = "cli"\n',
        3,
        "profiles.prod.credentail",
        ["did you mean 'credential'"],
    ),
    (
        "unknown poll key",
        GOOD_PROFILE + "[profiles.prod.poll]\npagesize = 10\n",
        4,
        "profiles.prod.poll.pagesize",
        ["did you mean 'page_size'"],
    ),
    (
        "unknown storage key",
        GOOD_PROFILE + "\n[profiles.prod.storage]\naccount_url = 'https://a.blob.core.windows.net'\n",
        5,
        "profiles.prod.storage.account_url",
        ["did you mean 'account_urls'"],
    ),
    (
        "whole number as text",
        GOOD_PROFILE + "[profiles.prod.poll]\nbudget_requests = 'ten'\n",
        4,
        "profiles.prod.poll.budget_requests",
        ["must be a whole number, got 'ten'"],
    ),
    (
        "float for a whole number",
        GOOD_PROFILE + "[profiles.prod.poll]\npage_size = 10.5\n",
        4,
        "profiles.prod.poll.page_size",
        ["must be a whole number, got 10.5"],
    ),
    (
        "zero interval",
        GOOD_PROFILE + "[profiles.prod.poll]\nactive_interval = 0\n",
        4,
        "profiles.prod.poll.active_interval",
        ["must be a positive number"],
    ),
    (
        "budget over the service limit",
        GOOD_PROFILE + "[profiles.prod.poll]\nbudget_requests = 500\n",
        4,
        "profiles.prod.poll.budget_requests",
        ["100 requests per 5 s"],
    ),
    (
        "bool as text",
        GOOD_PROFILE + 'read_only = "yes"\n',
        3,
        "profiles.prod.read_only",
        ["must be true or false, got 'yes'"],
    ),
    (
        "http endpoint",
        '[profiles.prod]\n\nendpoint = "http://x.deid.azure.com"\n',
        3,
        "profiles.prod.endpoint",
        ["must use https", "loopback"],
    ),
    (
        "endpoint not a url",
        '[profiles.prod]\nendpoint = "x.deid.azure.com"\n',
        2,
        "profiles.prod.endpoint",
        ["not an http(s) URL"],
    ),
    ("missing endpoint", '[profiles.prod]\ncredential = "cli"\n', 1, "profiles.prod", ["has no endpoint"]),
    (
        "unknown credential",
        GOOD_PROFILE + 'credential = "clii"\n',
        3,
        "profiles.prod.credential",
        ["unknown credential kind 'clii'", "default, cli, managed-identity, environment, device-code, local"],
    ),
    (
        "unknown authority",
        GOOD_PROFILE + 'authority = "moon"\n',
        3,
        "profiles.prod.authority",
        ["public, usgov, china"],
    ),
    (
        "http storage account",
        GOOD_PROFILE + '[profiles.prod.storage]\naccount_urls = ["http://a.blob.core.windows.net"]\n',
        4,
        "profiles.prod.storage.account_urls",
        ["must use https"],
    ),
    (
        "storage urls wrong type",
        GOOD_PROFILE + "[profiles.prod.storage]\naccount_urls = 3\n",
        4,
        "profiles.prod.storage.account_urls",
        ["a URL or a list of URLs"],
    ),
    (
        "secret wrong shape",
        GOOD_PROFILE + "[profiles.prod.storage]\nconnection_string = { var = 'X' }\n",
        4,
        "profiles.prod.storage.connection_string.var",
        ["unknown key 'var'", "expected one of env"],
    ),
    ("bad api version", GOOD_PROFILE + 'api_version = "latest"\n', 3, "profiles.prod.api_version", ["2024-11-15"]),
    (
        "unknown default profile",
        'default_profile = "prd"\n' + GOOD_PROFILE,
        1,
        "default_profile",
        ["unknown profile 'prd'", "did you mean 'prod'", "existing profiles: prod"],
    ),
    ("profile is not a table", "profiles = { prod = 3 }\n", 1, "profiles.prod", ["must be a table"]),
    ("bad key binding", GOOD_PROFILE + '[keys]\nrefresh = "ctrl + r"\n', 4, "keys.refresh", ["is not a key"]),
    ("key binding not text", GOOD_PROFILE + "[keys]\nrefresh = 5\n", 4, "keys.refresh", ["must be a string"]),
    (
        "dotted keys",
        'profiles.prod.endpoint = "https://x.deid.azure.com"\nprofiles.prod.poll.page_size = -1\n',
        2,
        "profiles.prod.poll.page_size",
        ["positive"],
    ),
    (
        "inline table",
        GOOD_PROFILE + 'poll = { sweep_interval = "slow" }\n',
        3,
        "profiles.prod.poll.sweep_interval",
        ["must be a number"],
    ),
    (
        "quoted profile name",
        '[profiles."prod.eu"]\nendpoint = "https://x.deid.azure.com"\ncredential = "x"\n',
        3,
        'profiles."prod.eu".credential',
        ["unknown credential kind"],
    ),
]


@pytest.mark.parametrize(("what", "text", "line", "key", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_config_error_names_file_line_and_key(tmp_path, what, text, line, key, fragments):
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_settings(config_path=path, env={})
    error = caught.value
    assert (error.file, error.line, error.key) == (path, line, key)
    rendered = str(error)
    assert rendered.startswith(f"{path}:{line}: " + (f"{key}: " if key else ""))
    for fragment in fragments:
        assert fragment in rendered
    assert "Traceback" not in rendered


def test_config_error_str_leaves_out_unknown_parts():
    assert str(ConfigError("boom")) == "boom"
    assert str(ConfigError("boom", key="DEIDTUI_READ_ONLY")) == "DEIDTUI_READ_ONLY: boom"
    assert str(ConfigError("boom", file="c.toml", key="k")) == "c.toml: k: boom"
    assert str(ConfigError("boom", file="c.toml", line=3, key="k")) == "c.toml:3: k: boom"


def test_a_file_named_explicitly_must_exist(tmp_path):
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError, match="does not exist") as caught:
        load_settings(config_path=missing, env={"DEIDTUI_ENDPOINT": "https://x.deid.azure.com"})
    assert caught.value.file == missing


def test_a_file_that_is_not_utf8_is_reported(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "\xff"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        read_config_file(path, must_exist=True)


def test_a_directory_instead_of_a_file_is_reported(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        read_config_file(tmp_path, must_exist=True)


def test_a_secret_value_is_never_echoed_in_an_error(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(GOOD_PROFILE + '[profiles.prod.storage]\nconnection_string = "SuperSecretKeyMaterial=="\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(config_path=path, env={})
    assert "SuperSecret" not in str(caught.value)
    assert caught.value.key == "profiles.prod.storage.connection_string" and caught.value.line == 4


@pytest.mark.parametrize(
    ("connection_string", "fragment"),
    [
        ("DefaultEndpointsProtocol=http;AccountName=prodstore;AccountKey=c2VjcmV0", "must be https"),
        ("BlobEndpoint=http://prodstore.blob.core.windows.net;AccountKey=c2VjcmV0", "must use https"),
        ("just some text", "not a storage connection string"),
        ("AccountKey=c2VjcmV0", "neither AccountName nor BlobEndpoint"),
    ],
)
def test_a_connection_string_may_use_http_only_to_loopback_storage(connection_string, fragment):
    from deidtui.config import Profile

    with pytest.raises(ConfigError, match=fragment) as caught:
        Profile(name="p", endpoint="https://x.deid.azure.com", storage_connection_string=connection_string)
    assert "c2VjcmV0" not in str(caught.value)
    Profile(name="p", endpoint="http://127.0.0.1:1", storage_connection_string="UseDevelopmentStorage=true")
    Profile(
        name="p",
        endpoint="http://127.0.0.1:1",
        storage_connection_string="BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;AccountKey=c2VjcmV0",
    )


def test_the_locator_skips_multiline_strings_and_comments():
    text = textwrap.dedent('''\
        # endpoint = "commented"
        [profiles.prod]
        note = """
        endpoint = "inside a string"
        """
        endpoint = "https://real"
        ''')
    assert locate(text, ("profiles", "prod", "endpoint")) == 6
    assert locate(text, ("profiles", "prod", "missing")) == 2
    assert locate(text, ("nowhere",)) is None
