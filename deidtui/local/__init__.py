"""The local twin of Azure: Azurite for storage and the emulator for the de-identification service."""
