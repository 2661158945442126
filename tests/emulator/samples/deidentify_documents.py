"""Sample deidentify_documents.py: create a Surrogate job over a prefix and wait for it (sync)."""

import os
import uuid

from azure.health.deidentification import DeidentificationClient
from azure.health.deidentification.models import (
    DeidentificationJob,
    DeidentificationOperationType,
    SourceStorageLocation,
    TargetStorageLocation,
)
from local_credential import LocalSyncCredential


def deidentify_documents():
    endpoint = os.environ["SAMPLE_ENDPOINT"]
    storage_location = os.environ["SAMPLE_STORAGE_LOCATION"]
    input_prefix = os.environ["INPUT_PREFIX"]
    output_prefix = os.environ.get("OUTPUT_PREFIX", "_output")

    client = DeidentificationClient(endpoint, LocalSyncCredential())
    job_name = f"sample-job-{uuid.uuid4().hex[:8]}"
    job = DeidentificationJob(
        operation_type=DeidentificationOperationType.SURROGATE,
        source_location=SourceStorageLocation(location=storage_location, prefix=input_prefix),
        target_location=TargetStorageLocation(location=storage_location, prefix=output_prefix, overwrite=True),
    )
    finished = client.begin_deidentify_documents(job_name, job).result(timeout=120)
    print(f"Job Name:   {finished.job_name}")
    print(f"Job Status: {finished.status}")
    print(f"File Count: {finished.summary.total_count if finished.summary is not None else 0}")


if __name__ == "__main__":
    deidentify_documents()
