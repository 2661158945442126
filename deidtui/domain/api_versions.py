"""The service's api-versions and what each one knows: one list for deidtui and its emulator.

The recorded service (Azure/azure-sdk-assets, August 2025) answers every request with
`api-supported-versions: 2024-11-15, 2025-07-15-preview` and
`api-deprecated-versions: 2024-07-12-preview`. A profile talks one of the supported versions
(`api_version`, the GA one by default); the emulator serves exactly these two, each with its own
shapes: fields the GA version does not know never appear in its answers.
"""

from __future__ import annotations

from dataclasses import dataclass

GA = "2024-11-15"  # azure-health-deidentification 1.0.0
PREVIEW = "2025-07-15-preview"  # azure-health-deidentification 1.1.0b1
SUPPORTED = (GA, PREVIEW)
DEPRECATED = ("2024-07-12-preview",)

SUPPORTED_HEADER = ", ".join(SUPPORTED)
DEPRECATED_HEADER = ", ".join(DEPRECATED)


@dataclass(frozen=True, slots=True)
class ApiVersion:
    """One served api-version and the features of the contract that depend on it."""

    value: str

    @property
    def has_input_locale(self) -> bool:
        """`customizations.inputLocale` (jobs and `/deid`) exists from 2025-07-15-preview."""
        return self.value == PREVIEW

    @property
    def has_surrogate_only(self) -> bool:
        """The `SurrogateOnly` operation and `/deid`'s `taggedEntities` exist from 2025-07-15-preview."""
        return self.value == PREVIEW

    @property
    def operations(self) -> tuple[str, ...]:
        base = ("Tag", "Redact", "Surrogate")
        return (*base, "SurrogateOnly") if self.has_surrogate_only else base


def unsupported_message(version: str) -> str:
    """Why `version` is refused, naming the versions that are served."""
    if version in DEPRECATED:
        return (
            f"api-version {version!r} is deprecated and not served here; "
            f"the supported api-versions are {SUPPORTED_HEADER}."
        )
    return f"api-version {version!r} is not supported; the supported api-versions are {SUPPORTED_HEADER}."
