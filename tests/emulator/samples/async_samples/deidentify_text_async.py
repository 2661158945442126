"""Samples deidentify_text_{tag,redact,surrogate}_async.py in one file: the operation is the first
argument ("tag", "redact" or "surrogate"); each makes the same calls as its sample (async)."""

import asyncio
import os
import sys

from azure.health.deidentification.aio import DeidentificationClient
from azure.health.deidentification.models import (
    DeidentificationContent,
    DeidentificationOperationType,
    DeidentificationResult,
)

from deidtui.azure.loopback import LocalCredential

INPUTS = {
    "tag": ("Hello, I'm Dr. John Smith.", DeidentificationOperationType.TAG),
    "redact": ("It's great to work at Contoso.", DeidentificationOperationType.REDACT),
    "surrogate": ("Hello, my name is John Smith.", DeidentificationOperationType.SURROGATE),
}


async def deidentify_text_async(which: str):
    credential = LocalCredential()
    client = DeidentificationClient(os.environ["SAMPLE_ENDPOINT"], credential)
    text, operation = INPUTS[which]
    async with client:
        body = DeidentificationContent(input_text=text, operation_type=operation)
        result: DeidentificationResult = await client.deidentify_text(body)
        print(f'\nOriginal Text:    "{body.input_text}"')
        if which == "tag":
            if result.tagger_result and result.tagger_result.entities:
                print("Tagged Entities:")
                for entity in result.tagger_result.entities:
                    print(
                        f'\tEntity Text: "{entity.text}", Entity Category: "{entity.category}", '
                        f'Offset: "{entity.offset.code_point}", Length: "{entity.length.code_point}"'
                    )
            else:
                print("\tNo tagged entities found.")
        else:
            print(f'{"Redacted" if which == "redact" else "Surrogated"} Text:   "{result.output_text}"')
        await credential.close()


if __name__ == "__main__":
    asyncio.run(deidentify_text_async(sys.argv[1]))
