"""Where a job stands (`rules.outcome_of`), in the operator's words, for every status."""

from __future__ import annotations

import pytest

from deidtui.domain.models import JobStatus
from deidtui.domain.rules import Outcome, outcome_of

S = JobStatus


@pytest.mark.parametrize(
    ("status", "succeeded", "expected"),
    [
        (S.NOT_STARTED, 0, Outcome.QUEUED),
        (S.RUNNING, 0, Outcome.RUNNING),
        (S.RUNNING, 5, Outcome.RUNNING),
        (S.SUCCEEDED, 0, Outcome.SUCCEEDED),  # an empty job that succeeded is still a success
        (S.SUCCEEDED, 5, Outcome.SUCCEEDED),
        (S.CANCELED, 0, Outcome.CANCELED),
        (S.CANCELED, 3, Outcome.CANCELED),
        (S.FAILED, 0, Outcome.FAILED),
        (S.FAILED, 1, Outcome.PARTIAL),  # failed, but some documents came out
    ],
)
def test_every_status_has_its_outcome(status: JobStatus, succeeded: int, expected: Outcome) -> None:
    assert outcome_of(status, succeeded) is expected
    assert expected.finished is status.is_terminal
