"""The client's checks of a job specification: prefixes no blob path should have are refused."""

from __future__ import annotations

import pytest

from deidtui.domain.models import JobSpec
from deidtui.domain.validation import validate_spec

SOURCE = "https://contosohealth.blob.core.windows.net/clinical-notes"


def spec(source_prefix: str, target_prefix: str) -> JobSpec:
    return JobSpec(source_location=SOURCE, source_prefix=source_prefix, target_prefix=target_prefix)


@pytest.mark.parametrize(
    ("source", "target", "field", "says"),
    [
        ("/emergency/", "deid/emergency/", "sourceLocation.prefix", "starts with '/'"),
        ("emergency/", "/deid/emergency/", "targetLocation.prefix", "starts with '/'"),
        ("emergency//2024/", "deid/x/", "sourceLocation.prefix", "contains '//'"),
        ("emergency/", "deid//emergency/", "targetLocation.prefix", "contains '//'"),
    ],
)
def test_a_leading_slash_or_an_empty_folder_is_refused(source, target, field, says):
    problems = validate_spec(spec(source, target))
    assert [p.target for p in problems] == [field]
    assert says in problems[0].message


def test_ordinary_prefixes_pass_and_the_service_rules_alone_accept_those_paths():
    assert validate_spec(spec("emergency/2024/", "deid/emergency/2024/")) == []
    assert validate_spec(spec("", "deid/")) == []
    assert validate_spec(spec("/emergency/", "deid//emergency/"), as_service=True) == []
