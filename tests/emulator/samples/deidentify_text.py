"""Samples deidentify_text_{tag,redact,surrogate}.py in one file: the operation is the first argument
("tag", "redact" or "surrogate"); each makes the same calls as its sample (sync)."""

import os
import sys

from azure.health.deidentification import DeidentificationClient
from azure.health.deidentification.models import (
    DeidentificationContent,
    DeidentificationOperationType,
    DeidentificationResult,
)
from local_credential import LocalSyncCredential

INPUTS = {
    "tag": ("Hello, I'm Dr. John Smith.", DeidentificationOperationType.TAG),
    "redact": ("It's great to work at Contoso.", DeidentificationOperationType.REDACT),
    "surrogate": ("Hello, my name is John Smith.", DeidentificationOperationType.SURROGATE),
}


def deidentify_text(which: str):
    client = DeidentificationClient(os.environ["SAMPLE_ENDPOINT"], LocalSyncCredential())
    text, operation = INPUTS[which]
    body = DeidentificationContent(input_text=text, operation_type=operation)
    result: DeidentificationResult = client.deidentify_text(body)
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


if __name__ == "__main__":
    deidentify_text(sys.argv[1])
