"""`deidtui` with no subcommand: the dashboard."""

from __future__ import annotations

import argparse

from .errors import UsageError


def run_dashboard(args: argparse.Namespace) -> int:
    raise UsageError("the dashboard is not available yet in this build; try `deidtui demo --no-ui` or `deidtui --help`")
