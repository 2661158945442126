"""`deidtui emulator`: a local implementation of the de-identification REST API over Azurite."""
