"""`config show`: the effective configuration with every secret masked and every override attributed."""

from __future__ import annotations

import json
import tomllib

import pytest

from deidtui.config import (
    Profile,
    describe,
    load_settings,
    mask_connection_string,
    mask_sas,
    mask_url,
    render_toml,
)

ACCOUNT_KEY = "S3cr3tAccountKeyMaterialXyZ0123456789abcdefABCDEF=="
SAS_SIG = "SasSignatureSecretQwErTy%2B%3D"
CONN_KEY = (
    f"DefaultEndpointsProtocol=https;AccountName=prodstore;AccountKey={ACCOUNT_KEY};EndpointSuffix=core.windows.net"
)
CONN_SAS = f"BlobEndpoint=https://prodstore.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&sig={SAS_SIG}"
SECRETS = (ACCOUNT_KEY, SAS_SIG, "SasSignatureSecret", "S3cr3t", "OtherSig")


def _secret_profile(**changes) -> Profile:
    values = {
        "name": "prod",
        "endpoint": "https://x.api.eus001.deid.azure.com",
        "credential": "environment",
        "storage_account_urls": [
            "https://a.blob.core.windows.net/?sv=2022&se=2030-01-01&sig=OtherSigValue",
            "https://b.blob.core.windows.net",
        ],
        "storage_connection_string": CONN_KEY,
        "storage_sas": f"?sv=2022-11-02&sp=rl&se=2030-01-01&sig={SAS_SIG}",
    }
    values.update(changes)
    return Profile(**values)


def test_account_key_is_masked_but_the_account_stays_recognisable():
    masked = mask_connection_string(CONN_KEY)
    assert ACCOUNT_KEY not in masked
    assert "AccountKey=***" in masked and "AccountName=prodstore" in masked


def test_a_connection_string_sas_is_masked_and_its_endpoint_kept():
    masked = mask_connection_string(CONN_SAS)
    assert SAS_SIG not in masked and "SharedAccessSignature=***" in masked
    assert "BlobEndpoint=https://prodstore.blob.core.windows.net/" in masked


def test_sas_signature_is_masked_in_urls_and_tokens_keeping_expiry():
    url = mask_url(f"https://a.blob.core.windows.net/c?sv=2022&se=2030-01-01&sig={SAS_SIG}")
    assert SAS_SIG not in url and "sig=***" in url and "se=2030-01-01" in url
    token = mask_sas(f"sv=2022&SIG={SAS_SIG}&sp=r")
    assert SAS_SIG not in token and "sp=r" in token
    assert mask_sas("not-a-sas-at-all") == "***"  # unrecognisable: hide it whole


def test_a_password_in_a_url_is_masked():
    assert mask_url("https://user:hunter2@proxy.example/x") == "https://user:***@proxy.example/x"


def test_describe_contains_no_secret_anywhere():
    data = describe(_secret_profile(), env={"AZURE_CLIENT_SECRET": "ClientSecretValue42", "AZURE_CLIENT_ID": "cid"})
    text = json.dumps(data)
    for secret in (*SECRETS, "ClientSecretValue42"):
        assert secret not in text
    assert data["values"]["storage"]["connection_string"].startswith(
        "DefaultEndpointsProtocol=https;AccountName=prodstore"
    )
    assert data["credential_environment"] == {"AZURE_CLIENT_ID": "cid", "AZURE_CLIENT_SECRET": "***"}


def test_repr_of_a_profile_contains_no_secret():
    text = repr(_secret_profile()) + str(_secret_profile())
    for secret in SECRETS:
        assert secret not in text
    assert "prodstore" in text


def test_render_toml_is_valid_toml_without_secrets_and_names_override_sources(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "nord"\n[keys]\nrefresh = "r"\n'
        '[profiles.prod]\nendpoint = "https://x.api.eus001.deid.azure.com"\n'
        '[profiles.prod.storage]\nconnection_string = { env = "PROD_CONN" }\n'
    )
    monkeypatch.setenv("AZURE_CLIENT_SECRET", "ClientSecretValue42")
    settings = load_settings(config_path=path, env={"PROD_CONN": CONN_KEY, "DEIDTUI_READ_ONLY": "1"})
    text = render_toml(settings)
    for secret in (*SECRETS, "ClientSecretValue42"):
        assert secret not in text
        assert secret not in repr(settings)
    parsed = tomllib.loads(text)
    prod = parsed["profiles"]["prod"]
    assert prod["read_only"] is True and prod["storage"]["connection_string"].endswith(
        "AccountKey=***;EndpointSuffix=core.windows.net"
    )
    assert parsed["theme"] == "nord" and parsed["keys"] == {"refresh": "r"}
    assert "read_only = true  # $DEIDTUI_READ_ONLY" in text
    assert "# $PROD_CONN (named at line 7)" in text
    assert 'endpoint = "https://x.api.eus001.deid.azure.com"  # line 5' in text


def test_render_toml_of_a_code_built_profile_round_trips_to_an_equal_profile():
    profile = _secret_profile(
        storage_connection_string=None,
        storage_sas=None,
        storage_account_urls=["https://b.blob.core.windows.net"],
        tenant_id="t",
    )
    parsed = tomllib.loads(render_toml(profile))["profiles"]["prod"]
    rebuilt = Profile(
        name="prod",
        endpoint=parsed["endpoint"],
        credential=parsed["credential"],
        tenant_id=parsed["tenant_id"],
        storage_account_urls=parsed["storage"]["account_urls"],
    )
    assert rebuilt == profile


@pytest.mark.parametrize("name", ["prod.eu", 'we"ird', "spaced name"])
def test_render_toml_quotes_profile_names_that_need_it(name):
    parsed = tomllib.loads(render_toml(_secret_profile(name=name)))
    assert name in parsed["profiles"]


def test_an_inline_secret_in_the_file_stays_out_of_settings_repr(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        '[profiles.prod]\nendpoint = "https://x.api.eus001.deid.azure.com"\n'
        f'[profiles.prod.storage]\nconnection_string = "{CONN_KEY}"\n'
    )
    settings = load_settings(config_path=path, env={})
    assert settings.profile.storage_connection_string == CONN_KEY
    assert ACCOUNT_KEY not in repr(settings) and ACCOUNT_KEY not in render_toml(settings)
