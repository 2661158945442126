"""What the official SDK's tests and samples run against: their input documents, the emulator at
the service's own pace (with short delays), and a sync client that trusts the emulator's certificate."""

from __future__ import annotations

from dataclasses import replace

from deidtui.emulator.config import REALISTIC, Span

# The SDK tests' container holds three notes under "example_patient_1" (their recordings list
# visit_summary.txt, row-2-data.txt and doctor_dictation.txt); these are our own synthetic ones.
EXAMPLE_PREFIX = "example_patient_1"
EXAMPLE_NOTES = {
    f"{EXAMPLE_PREFIX}/doctor_dictation.txt": "Dr. Jane Doe saw patient John Smith on 04/12/2024 at Contoso Hospital.",
    f"{EXAMPLE_PREFIX}/visit_summary.txt": "Patient John Smith, 54, visited on April 12, 2024. Phone 555-123-4567.",
    f"{EXAMPLE_PREFIX}/row-2-data.txt": "John Smith,MRN 4412345,Seattle,WA,98101",
}
OUTPUT_PATH = "_output"  # the SDK tests' target prefix

# The default (realistic) pacing, every stage shortened: listed within a fraction of a second,
# NotStarted for about a second, a second or two per document. Retry-After stays 2-5 s with the
# recorded quiet window after each change.
QUICK_REALISTIC = replace(
    REALISTIC, listing=Span(0.1, 0.3), queue=Span(0.6, 1.2), document=Span(1.0, 2.0), name="realistic (short)"
)


def seed_example_notes(container) -> None:
    for name, text in EXAMPLE_NOTES.items():
        container.put(name, text)


def sync_client(emulator):
    """The official sync client over https, trusting the emulator's certificate, with a local credential."""
    from azure.health.deidentification import DeidentificationClient

    from .samples.local_credential import LocalSyncCredential

    return DeidentificationClient(
        emulator.url, LocalSyncCredential(), connection_verify=str(emulator.server.certificate)
    )
