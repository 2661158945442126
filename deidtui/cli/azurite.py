"""`deidtui azurite install|where`."""

from __future__ import annotations

import argparse

from ..local.azurite import AzuriteError, find_azurite_blob
from .errors import UsageError


def run_azurite_install(args: argparse.Namespace) -> int:
    try:
        path = find_azurite_blob(install=args.action == "install")
    except AzuriteError as exc:
        raise UsageError(str(exc), exit_code=3) from None
    print(path)
    return 0
