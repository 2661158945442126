"""Sample list_job_documents.py: create a job, wait for it, list up to 10 of its documents (sync)."""

import os
import uuid

from azure.health.deidentification import DeidentificationClient
from azure.health.deidentification.models import DeidentificationJob, SourceStorageLocation, TargetStorageLocation
from local_credential import LocalSyncCredential


def list_job_documents():
    endpoint = os.environ["SAMPLE_ENDPOINT"]
    storage_location = os.environ["SAMPLE_STORAGE_LOCATION"]
    input_prefix = os.environ.get("INPUT_PREFIX", "example_patient_1")
    output_prefix = os.environ.get("OUTPUT_PREFIX", "_output")

    client = DeidentificationClient(endpoint, LocalSyncCredential())
    job_name = f"sample-job-{uuid.uuid4().hex[:8]}"
    job = DeidentificationJob(
        source_location=SourceStorageLocation(location=storage_location, prefix=input_prefix),
        target_location=TargetStorageLocation(location=storage_location, prefix=output_prefix, overwrite=True),
    )
    print(f"Creating job with name: {job_name}")
    job = client.begin_deidentify_documents(job_name, job).result(timeout=60)
    print(f"Job Status: {job.status}")

    print("Completed files (Max 10):")
    remaining = 10
    for document in client.list_job_documents(job_name):
        print(f"\t - {document.input_location.location}")
        remaining -= 1
        if remaining <= 0:
            break


if __name__ == "__main__":
    list_job_documents()
