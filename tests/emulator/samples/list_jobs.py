"""Sample list_jobs.py: print the names of the latest five jobs (sync)."""

import os

from azure.health.deidentification import DeidentificationClient
from local_credential import LocalSyncCredential


def list_jobs():
    client = DeidentificationClient(os.environ["SAMPLE_ENDPOINT"], LocalSyncCredential())
    print("Listing latest 5 jobs:")
    remaining = 5
    for job in client.list_jobs():
        print(f"Job Name: {job.job_name}")
        remaining -= 1
        if remaining <= 0:
            break


if __name__ == "__main__":
    list_jobs()
