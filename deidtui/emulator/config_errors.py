"""The error every emulator setting raises when the operator's value cannot be used."""

from __future__ import annotations


class ConfigError(ValueError):
    """A setting the operator gave cannot be used; the message says which and why."""
