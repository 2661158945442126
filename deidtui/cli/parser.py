"""The argument parser of every subcommand: the top level here, with the commands in the order
`--help` lists them; the parsers of each group of commands are built in its own module
(jobs_parser.py, services_parser.py, profile_parser.py).
"""

from __future__ import annotations

import argparse

from .. import __version__
from .deferred_parsers import Parser, add_common_options
from .jobs_parser import add_jobs
from .profile_parser import add_blobs, add_config, add_doctor, add_run
from .services_parser import add_azurite, add_demo, add_emulator, add_serve


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="deidtui", description="Dashboard for Azure Health Data Services de-identification jobs.")
    parser.add_argument("--version", action="version", version=f"deidtui {__version__}")
    add_common_options(parser)
    parser.add_argument("--bell", action="store_true", help="ring the terminal bell when a watched job finishes")
    # The fleet view (issue 14): every profile of the config's `fleet` list in one queue.
    parser.add_argument(
        "--fleet",
        action="store_true",
        help="the jobs of every profile in the config's fleet = [...] list, in one queue",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)
    add_emulator(sub)
    add_azurite(sub)
    add_demo(sub)
    add_jobs(sub)
    add_blobs(sub)
    add_config(sub)
    add_doctor(sub)
    add_serve(sub)
    add_run(sub)
    return parser
