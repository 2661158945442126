"""The assertions the official SDK tests make (sync and async alike), in one place for both replays."""

from __future__ import annotations

from azure.health.deidentification.models import (
    DeidentificationJob,
    DeidentificationJobCustomizationOptions,
    DeidentificationOperationType,
    OperationStatus,
    SourceStorageLocation,
    TargetStorageLocation,
)

from .sdk_fixtures import EXAMPLE_PREFIX, OUTPUT_PATH

HELLO = "Hello, my name is John Smith."


def job_for(location: str, prefix: str = EXAMPLE_PREFIX, **fields) -> DeidentificationJob:
    """A job as the SDK tests build it: the example notes, output to `_output`, overwrite on."""
    return DeidentificationJob(
        source_location=SourceStorageLocation(location=location, prefix=prefix),
        target_location=TargetStorageLocation(location=location, prefix=OUTPUT_PATH, overwrite=True),
        **fields,
    )


def redact_job(location: str) -> DeidentificationJob:
    return job_for(
        location,
        operation_type=DeidentificationOperationType.REDACT,
        customizations=DeidentificationJobCustomizationOptions(redaction_format="[{type}]"),
    )


def check_finished(finished, name: str) -> None:
    """test_create_wait_finish: the poller's final job."""
    assert finished.status == OperationStatus.SUCCEEDED
    assert finished.job_name == name
    assert finished.operation_type == DeidentificationOperationType.SURROGATE
    assert finished.summary is not None
    assert finished.summary.total_count == 3
    assert finished.summary.successful_count == 3
    assert finished.summary.failed_count == 0
    assert finished.started_at is not None
    assert finished.started_at > finished.created_at
    assert finished.last_updated_at > finished.started_at
    assert finished.customizations is not None
    assert finished.customizations.surrogate_locale == "en-US"
    assert finished.error is None
    assert finished.source_location.prefix == EXAMPLE_PREFIX


def check_finished_documents(documents: list) -> None:
    """test_create_wait_finish: every document of the finished job."""
    for document in documents:
        assert len(document.id) == 36  # GUID
        assert EXAMPLE_PREFIX in document.input_location.location
        assert document.status == OperationStatus.SUCCEEDED
        assert document.output_location is not None
        assert OUTPUT_PATH in document.output_location.location
    assert len(documents) == 3


def check_listed(found, name: str) -> None:
    """test_create_list: the new job as list_jobs shows it, just after creation."""
    assert found is not None, "job not found in list_jobs"
    assert found.job_name == name
    assert found.status in (OperationStatus.NOT_STARTED, OperationStatus.RUNNING)
    assert found.operation_type == DeidentificationOperationType.REDACT
    assert found.error is None
    assert found.created_at is not None
    assert found.last_updated_at is not None
    assert found.customizations is not None
    assert found.customizations.redaction_format == "[{type}]"


def check_running(job) -> None:
    """test_create_cancel_delete: the job once out of the queue."""
    assert job.error is None, "Job should not have an error"
    assert job.status == OperationStatus.RUNNING, "Job should be running"


def check_canceled(job) -> None:
    assert job.error is None, "Job should not have an error after cancelling"
    assert job.status == OperationStatus.CANCELED, "Job should be cancelled"


def check_empty_job(job) -> None:
    """test_exception_throws: a job whose prefix matches nothing."""
    assert job.status == OperationStatus.FAILED
    assert job.error is not None
    assert job.error.code == "EmptyJob"
    assert job.error.message is not None
    assert len(job.error.message) > 10


def check_unique_ids(ids: list[str]) -> None:
    """test_list_job_docs_pagination: three documents over pages of two, each once."""
    assert len(ids) == 3
    assert len(set(ids)) == 3


def check_hello(result) -> None:
    """test_hello_world: a Surrogate of one sentence."""
    assert result is not None
    assert result.output_text is not None
    assert result.tagger_result is None
    assert result.output_text.startswith("Hello, my name is ")
    assert "John Smith" not in result.output_text
    assert "[" not in result.output_text
