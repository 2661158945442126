"""`mask_secrets`: one function masks SAS signatures, account keys and passwords in any text."""

from __future__ import annotations

import logging
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deidtui.domain.sanitize import sanitize, sanitize_line
from deidtui.domain.secrets import (
    MASK,
    SecretMaskingFilter,
    mask_connection_string,
    mask_data,
    mask_sas,
    mask_secrets,
    mask_url,
)

SIG = "QpfAM2xYz0+AbC/dEf9Gh1Ij2Kl3Mn4Op5Qr6St7Uv8="
SIG_URL = quote(SIG, safe="")  # as it appears in a URL: %2B, %2F, %3D
SAS = f"se=2030-01-01T00%3A00%3A00Z&sp=rwlac&sv=2024-08-04&ss=b&srt=sco&sig={SIG_URL}"
ACCOUNT = "https://contoso.blob.core.windows.net"


@pytest.mark.parametrize(
    "text",
    [
        f"{ACCOUNT}/?{SAS}",
        f"{ACCOUNT}/?{SAS}/clean",  # a path glued after the query, as `blobs ls` once printed it
        f"'{ACCOUNT}/?{SAS}/hostile' does not name a container",
        f"GET {ACCOUNT}/notes?restype=container&{SAS} -> 403",
        f'{{"url": "{ACCOUNT}/notes?sv=1\\u0026sig={SIG_URL}"}}',  # JSON-escaped ampersand
        f"{ACCOUNT}/notes?{quote(SAS, safe='')}",  # the whole query percent-encoded (a nextLink, a copy source)
        f"copy={quote(quote(SAS, safe=''), safe='')}",  # encoded twice
        f"?SIG={SIG}&sp=r",  # upper case, raw base64
        f"sig={SIG}",
    ],
)
def test_the_signature_never_survives(text):
    masked = mask_secrets(text)
    assert SIG not in masked and SIG_URL not in masked and SIG[:12] not in masked
    assert MASK in masked


def test_what_identifies_the_grant_is_kept_for_diagnosis():
    masked = mask_url(f"{ACCOUNT}/?{SAS}")
    assert masked == f"{ACCOUNT}/?se=2030-01-01T00%3A00%3A00Z&sp=rwlac&sv=2024-08-04&ss=b&srt=sco&sig={MASK}"


def test_connection_string_secrets_are_masked_wherever_they_appear():
    key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
    text = f"bad setting in 'AccountName=a;AccountKey={key};BlobEndpoint=http://127.0.0.1:1/a'"
    assert key not in mask_secrets(text) and "AccountKey=***;BlobEndpoint=http://127.0.0.1:1/a" in mask_secrets(text)
    sas_setting = f"BlobEndpoint={ACCOUNT};SharedAccessSignature={SAS};AccountName=contoso"
    assert mask_secrets(sas_setting) == f"BlobEndpoint={ACCOUNT};SharedAccessSignature=***;AccountName=contoso"
    assert mask_connection_string(sas_setting) == mask_secrets(sas_setting)


def test_passwords_bearer_tokens_and_unknown_tokens():
    assert mask_url("https://user:hunter2@proxy.example/x") == "https://user:***@proxy.example/x"
    assert mask_secrets("Authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e30.sig") == (
        "Authorization: Bearer ***"
    )
    assert mask_sas("not-a-sas-at-all") == MASK
    assert mask_sas(f"?{SAS}") == f"?{SAS.replace(SIG_URL, MASK)}"


def test_ordinary_text_is_returned_unchanged_and_masking_is_idempotent():
    for text in (
        "design=3 and the monkey key",
        "bearer of bad news",
        "http://127.0.0.1:10000/devstoreaccount1/notes",
        "Patient John Smith, contact j.smith@example.com",
        "",
    ):
        assert mask_secrets(text) == text
    once = mask_secrets(f"{ACCOUNT}/?{SAS}")
    assert mask_secrets(once) == once


def test_data_for_json_is_masked_at_every_depth():
    data = {"a": [{"url": f"{ACCOUNT}/?{SAS}"}, 3, None], "b": (f"sig={SIG}",)}
    assert SIG_URL not in str(mask_data(data)) and SIG not in str(mask_data(data))
    assert mask_data(data)["a"][1:] == [3, None]


def test_sanitize_line_masks_but_document_text_is_left_as_written():
    line = f"{ACCOUNT}/?{SAS}\x1b[31m"
    assert SIG_URL not in sanitize_line(line) and "␛[31m" in sanitize_line(line)
    document = f"the note quotes {ACCOUNT}/?{SAS}\n"
    assert sanitize(document) == document  # the viewer maps each character to one: data is not rewritten


@given(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", min_size=8, max_size=60),
    st.text(max_size=30),
    st.text(max_size=30),
    st.booleans(),
)
def test_any_signature_in_any_surrounding_text_is_masked(signature, before, after, encode):
    value = quote(signature + "=", safe="") if encode else signature + "="
    text = f"{before} {ACCOUNT}/c?sv=2024&sig={value}&sp=r {after}"
    assert value not in mask_secrets(text)
    assert value not in sanitize_line(text)


def test_the_logging_filter_masks_messages_arguments_and_tracebacks():
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Keep()
    handler.addFilter(SecretMaskingFilter())
    logger = logging.getLogger("deidtui.test.secrets")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        logger.info("listing %s", f"{ACCOUNT}/?{SAS}")
        try:
            raise ValueError(f"'{ACCOUNT}/?{SAS}/x' does not name a container")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    text = "\n".join(records)
    assert "listing" in text and "ValueError" in text and "Traceback" in text
    assert SIG_URL not in text and SIG not in text
