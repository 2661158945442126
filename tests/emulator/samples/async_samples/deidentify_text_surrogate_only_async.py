"""Sample deidentify_text_surrogate_only_async.py (SDK 1.1.0b1): surrogate only the entities the
caller tags (async)."""

import asyncio
import os

from azure.health.deidentification.aio import DeidentificationClient
from azure.health.deidentification.models import (
    DeidentificationContent,
    DeidentificationCustomizationOptions,
    DeidentificationOperationType,
    DeidentificationResult,
    PhiCategory,
    SimplePhiEntity,
    TaggedPhiEntities,
    TextEncodingType,
)

from deidtui.azure.loopback import LocalCredential


async def deidentify_text_surrogate_only_async():
    credential = LocalCredential()
    client = DeidentificationClient(os.environ["SAMPLE_ENDPOINT"], credential)
    async with client:
        tagged_entities = TaggedPhiEntities(
            encoding=TextEncodingType.CODE_POINT,
            entities=[SimplePhiEntity(category=PhiCategory.PATIENT, offset=18, length=10, text="John Smith")],
        )
        body = DeidentificationContent(
            input_text="Hello, my name is John Smith.",
            operation_type=DeidentificationOperationType.SURROGATE_ONLY,
            tagged_entities=tagged_entities,
            customizations=DeidentificationCustomizationOptions(input_locale="en-US"),
        )
        result: DeidentificationResult = await client.deidentify_text(body)
        print(f'\nOriginal Text:        "{body.input_text}"')
        print(f'Surrogate Only Text:  "{result.output_text}"')
        await credential.close()


if __name__ == "__main__":
    asyncio.run(deidentify_text_surrogate_only_async())
