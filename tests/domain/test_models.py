"""The domain's REST parsing tolerates what the real service sends (issue 11)."""

from __future__ import annotations

from deidtui.domain.models import Document, Job, JobStatus, parse_timestamp

JOB = {
    "name": "real-shape",
    "operation": "Redact",
    "sourceLocation": {"location": "https://a.blob.core.windows.net/notes", "prefix": "in/", "extensions": ["*"]},
    "targetLocation": {"location": "https://a.blob.core.windows.net/notes", "prefix": "out/", "overwrite": False},
    "customizations": {"redactionFormat": "[{type}]", "surrogateLocale": None},
    "status": "Running",
    "createdAt": "2024-11-15T10:00:00.1234567Z",
    "lastUpdatedAt": "2024-11-15T10:00:05.1Z",
    "summary": {"successful": 1, "failed": 0, "canceled": 0, "total": 3, "bytesProcessed": 10},
}


def test_a_running_job_with_a_summary_nulls_and_seven_digits_parses():
    job = Job.from_rest(JOB)
    assert job.status is JobStatus.RUNNING and job.started_at is None
    assert job.summary is not None and (job.summary.successful, job.summary.total) == (1, 3)
    assert job.spec.surrogate_locale is None and job.spec.redaction_format == "[{type}]"
    assert job.created_at == parse_timestamp("2024-11-15T10:00:00.123456Z")


def test_document_etags_are_read_as_the_service_or_the_model_writes_them_or_not_at_all():
    base = {"id": "d", "status": "Succeeded"}
    service = Document.from_rest({**base, "input": {"location": "https://x/in/a", "eTag": '"0x8DD"'}})
    model = Document.from_rest({**base, "input": {"location": "https://x/in/a", "etag": '"0x8DD"'}})
    neither = Document.from_rest({**base, "input": {"location": "https://x/in/a"}})
    assert service.input.etag == model.input.etag == '"0x8DD"' and neither.input.etag is None
    assert Document.from_rest(service.to_rest()) == service
