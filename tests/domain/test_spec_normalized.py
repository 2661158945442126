"""Two specs of the same job compare equal once normalized, whichever optional fields were given."""

from __future__ import annotations

import pytest

from deidtui.domain.models import JobSpec, Operation

SOURCE = "https://acct.blob.core.windows.net/notes"


def spec(**fields) -> JobSpec:
    return JobSpec(**{"source_location": SOURCE, "source_prefix": "in/", "target_prefix": "out/", **fields})


@pytest.mark.parametrize(
    ("sent", "read_back"),
    [
        (spec(), spec(target_location=SOURCE)),  # the service fills in the target container
        (spec(extensions=()), spec(extensions=("*",))),
        (spec(source_location=SOURCE + "?sv=1&sig=abc"), spec()),  # a SAS is not part of the job
        (spec(source_location=SOURCE + "/"), spec()),
        (spec(source_location="HTTPS://ACCT.blob.core.windows.net/notes"), spec()),
        (spec(surrogate_locale="fr-CA"), spec(surrogate_locale="fr-ca")),
        (spec(surrogate_locale=""), spec()),
        (spec(operation=Operation.TAG, redaction_format="[{type}]"), spec(operation=Operation.TAG)),
        (spec(operation=Operation.REDACT, surrogate_locale="fr-CA"), spec(operation=Operation.REDACT)),
        # The service echoes its defaults: a Surrogate job's locale, a Redact job's format.
        (spec(), spec(surrogate_locale="en-US")),
        (spec(operation=Operation.REDACT), spec(operation=Operation.REDACT, redaction_format="[{type}]")),
    ],
)
def test_what_the_service_fills_in_or_spells_its_way_is_the_same_job(sent, read_back):
    assert sent.same_job_as(read_back) and read_back.same_job_as(sent)


@pytest.mark.parametrize(
    "other",
    [
        spec(target_location="https://acct.blob.core.windows.net/elsewhere"),
        spec(operation=Operation.TAG),
        spec(extensions=("*.txt",)),
        spec(overwrite=True),
        spec(surrogate_locale="fr-CA"),
        JobSpec(source_location=SOURCE, source_prefix="in/2024/", target_prefix="out/"),
        JobSpec(source_location=SOURCE, source_prefix="in/", target_prefix="out/2024/"),
        spec(source_location="https://other.blob.core.windows.net/notes"),
    ],
)
def test_a_job_that_differs_in_what_it_does_is_another_job(other):
    assert not spec().same_job_as(other)


def test_redact_formats_that_differ_are_different_jobs():
    assert not spec(operation=Operation.REDACT, redaction_format="*{len}").same_job_as(
        spec(operation=Operation.REDACT, redaction_format="[{type}]")
    )
