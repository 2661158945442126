"""Sample deidentify_text_surrogate_only.py (SDK 1.1.0b1): surrogate only the entities the caller
tags, with the input's locale given (sync)."""

import os

from azure.health.deidentification import DeidentificationClient
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
from local_credential import LocalSyncCredential


def deidentify_text_surrogate_only():
    client = DeidentificationClient(os.environ["SAMPLE_ENDPOINT"], LocalSyncCredential())
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
    result: DeidentificationResult = client.deidentify_text(body)
    print(f'\nOriginal Text:        "{body.input_text}"')
    print(f'Surrogate Only Text:  "{result.output_text}"')


if __name__ == "__main__":
    deidentify_text_surrogate_only()
