"""Sample deidentify_documents_async.py: create a job over a prefix and wait for it (async)."""

import asyncio
import os
import uuid

from azure.core.polling import AsyncLROPoller
from azure.health.deidentification.aio import DeidentificationClient
from azure.health.deidentification.models import DeidentificationJob, SourceStorageLocation, TargetStorageLocation

from deidtui.azure.loopback import LocalCredential


async def deidentify_documents_async():
    endpoint = os.environ["SAMPLE_ENDPOINT"]
    storage_location = os.environ["SAMPLE_STORAGE_LOCATION"]
    input_prefix = os.environ.get("INPUT_PREFIX", "example_patient_1")
    output_prefix = "_output"

    credential = LocalCredential()
    client = DeidentificationClient(endpoint, credential)
    job_name = f"sample-job-{uuid.uuid4().hex[:8]}"
    job = DeidentificationJob(
        source_location=SourceStorageLocation(location=storage_location, prefix=input_prefix),
        target_location=TargetStorageLocation(location=storage_location, prefix=output_prefix, overwrite=True),
    )
    async with client:
        poller: AsyncLROPoller = await client.begin_deidentify_documents(job_name, job)
        finished: DeidentificationJob = await poller.result()
        await credential.close()
        print(f"Job Name:   {finished.job_name}")
        print(f"Job Status: {finished.status}")
        print(f"File Count: {finished.summary.total_count if finished.summary is not None else 0}")


if __name__ == "__main__":
    asyncio.run(deidentify_documents_async())
