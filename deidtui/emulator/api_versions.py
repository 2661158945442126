"""The api-versions the emulator serves (the domain's list) and the headers that announce them."""

from __future__ import annotations

from ..domain.api_versions import (
    DEPRECATED,
    DEPRECATED_HEADER,
    GA,
    PREVIEW,
    SUPPORTED,
    SUPPORTED_HEADER,
    ApiVersion,
    unsupported_message,
)

__all__ = [
    "DEPRECATED",
    "DEPRECATED_HEADER",
    "GA",
    "PREVIEW",
    "SUPPORTED",
    "SUPPORTED_HEADER",
    "ApiVersion",
    "unsupported_message",
]
