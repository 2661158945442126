"""Sample list_job_documents_async.py: create a job, wait, list up to 10 of its documents (async)."""

import asyncio
import os
import uuid

from azure.core.polling import AsyncLROPoller
from azure.health.deidentification.aio import DeidentificationClient
from azure.health.deidentification.models import DeidentificationJob, SourceStorageLocation, TargetStorageLocation

from deidtui.azure.loopback import LocalCredential


async def list_job_documents_async():
    endpoint = os.environ["SAMPLE_ENDPOINT"]
    storage_location = os.environ["SAMPLE_STORAGE_LOCATION"]
    input_prefix = os.environ.get("INPUT_PREFIX", "example_patient_1")

    credential = LocalCredential()
    client = DeidentificationClient(endpoint, credential)
    job_name = f"sample-job-{uuid.uuid4().hex[:8]}"
    job = DeidentificationJob(
        source_location=SourceStorageLocation(location=storage_location, prefix=input_prefix),
        target_location=TargetStorageLocation(location=storage_location, prefix="_output", overwrite=True),
    )
    print(f"Creating job with name: {job_name}")
    async with client:
        poller: AsyncLROPoller = await client.begin_deidentify_documents(job_name, job)
        job = await poller.result()
        print(f"Job Status: {job.status}")
        print("Completed files (Max 10):")
        remaining = 10
        async for document in client.list_job_documents(job_name):
            print(f"\t - {document.input_location.location}")
            remaining -= 1
            if remaining <= 0:
                break
        await credential.close()


if __name__ == "__main__":
    asyncio.run(list_job_documents_async())
