"""Sample list_jobs_async.py: print the names of the latest five jobs (async)."""

import asyncio
import os

from azure.health.deidentification.aio import DeidentificationClient

from deidtui.azure.loopback import LocalCredential


async def list_jobs_async():
    credential = LocalCredential()
    client = DeidentificationClient(os.environ["SAMPLE_ENDPOINT"], credential)
    async with client:
        print("Listing latest 5 jobs:")
        remaining = 5
        async for job in client.list_jobs():
            print(f"Job Name: {job.job_name}")
            remaining -= 1
            if remaining <= 0:
                break
        await credential.close()


if __name__ == "__main__":
    asyncio.run(list_jobs_async())
