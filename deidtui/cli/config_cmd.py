"""`deidtui config show`: the effective configuration, secrets masked."""

from __future__ import annotations

import argparse

from ..config import EXAMPLE_CONFIG, describe, render_toml
from .common import load
from .output import write_json


def run_config_show(args: argparse.Namespace) -> int:
    settings = load(args)
    if args.output == "json":
        write_json(describe(settings.profile), "json")
    else:
        print(render_toml(settings), end="")
    return 0


def run_config_example(args: argparse.Namespace) -> int:
    print(EXAMPLE_CONFIG, end="")
    return 0
