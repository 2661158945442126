"""The tutorial's own sample (shared/seeds/quickstart-batch-deidentification.txt), unmodified but for
the three values the tutorial tells its reader to replace: the endpoint, the storage location and
the credential. Run by tests/emulator/test_tutorial_sample.py against the emulator over https.
"""

import asyncio
import os
import uuid

from azure.core.polling import AsyncLROPoller
from azure.health.deidentification.aio import DeidentificationClient
from azure.health.deidentification.models import (
    DeidentificationJob,
    DeidentificationJobCustomizationOptions,
    DeidentificationOperationType,
    SourceStorageLocation,
    TargetStorageLocation,
)

from deidtui.azure.loopback import LocalCredential  # changed: was azure.identity.aio.DefaultAzureCredential


async def deidentify_documents_async():
    endpoint = os.environ["SAMPLE_ENDPOINT"]  ### Replace  (changed)
    storage_location = os.environ["SAMPLE_STORAGE_LOCATION"]  ### Replace  (changed)
    inputPrefix = "deidsample"
    outputPrefix = "_output"
    locale = "fr-CA"  ### e.g., fr-FR, de-DE, etc

    credential = LocalCredential()  # changed: was DefaultAzureCredential()
    client = DeidentificationClient(endpoint, credential)
    jobname = f"sample-job-{uuid.uuid4().hex[:8]}"
    job = DeidentificationJob(
        ### Set the operation to Surrogate:
        operation_type=DeidentificationOperationType.SURROGATE,
        source_location=SourceStorageLocation(
            location=storage_location,
            prefix=inputPrefix,
        ),
        target_location=TargetStorageLocation(location=storage_location, prefix=outputPrefix, overwrite=True),
        ### Locale customization for surrogate generation:
        customizations=DeidentificationJobCustomizationOptions(surrogate_locale=locale),
    )

    async with client:
        lro: AsyncLROPoller = await client.begin_deidentify_documents(jobname, job)
        finished_job: DeidentificationJob = await lro.result()

    await credential.close()
    print(f"Job Name: {finished_job.job_name}")
    print(f"Job Status: {finished_job.status}")  # Succeeded
    print(f"File Count: {finished_job.summary.total_count if finished_job.summary is not None else 0}")


async def main():
    await deidentify_documents_async()


if __name__ == "__main__":
    asyncio.run(main())
