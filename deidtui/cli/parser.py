"""The argument parser of every subcommand."""

from __future__ import annotations

import argparse
import os

from .. import __version__


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error and exit code 2, never a traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"deidtui: {message} (see `{self.prog} --help`)\n")


def add_common_options(parser: argparse.ArgumentParser, *, suppress: bool = False) -> None:
    """Options every command understands; on subcommands they may also come after the command."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--profile", "-p", default=default,
                        help="profile from the config file (default: $DEIDTUI_PROFILE or default_profile)")
    parser.add_argument("--config", default=default, help="config file (default: $DEIDTUI_CONFIG or the user config dir)")
    parser.add_argument("--cache", default=default, help="cache file (default: $DEIDTUI_CACHE or the user state dir)")
    parser.add_argument("--read-only", action="store_true", default=argparse.SUPPRESS if suppress else False,
                        help="never change anything: submit, cancel, delete, resubmit and retry are disabled")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="deidtui", description="Dashboard for Azure Health Data Services de-identification jobs.")
    parser.add_argument("--version", action="version", version=f"deidtui {__version__}")
    add_common_options(parser)
    parser.add_argument("--bell", action="store_true", help="ring the terminal bell when a watched job finishes")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    _add_emulator(sub)
    _add_azurite(sub)
    _add_demo(sub)
    return parser


def _add_emulator(sub: argparse._SubParsersAction) -> None:
    from .emulator import run_emulator

    p = sub.add_parser(
        "emulator", help="run the local de-identification service (the offline twin)",
        description="A local implementation of the de-identification REST API (api-version 2024-11-15) "
        "that the official SDK talks to unmodified, with documents in Azurite or another storage emulator.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default 0)")
    p.add_argument(
        "--storage-connection-string", default=os.environ.get("AZURE_STORAGE_CONNECTION_STRING"),
        help="the storage the service reads and writes (default: $AZURE_STORAGE_CONNECTION_STRING); "
        "prefer the environment variable, which `ps` does not show",
    )
    p.add_argument("--state-dir", help="where jobs are kept across restarts (default: a temporary folder)")
    p.add_argument("--doc-delay-ms", type=int, default=0, help="pause before each document, to watch progress")
    p.add_argument("--concurrency", type=int, default=8, help="documents processed at once (default 8)")
    p.add_argument("--no-throttle", action="store_true", help="do not answer 429 past 100 requests per 5 s")
    p.add_argument(
        "--chaos", metavar="SPEC",
        help="inject faults: comma-separated error-rate=0.1,reset-rate=0.05,latency-ms=200,burst-rate=0.02,"
        "burst-seconds=2,seed=7",
    )
    p.add_argument("--tls", action="store_true", help="serve https with a generated loopback certificate")
    p.add_argument("-v", "--verbose", action="store_true", help="log each request (method, path, status)")
    p.set_defaults(handler=run_emulator)


def _add_azurite(sub: argparse._SubParsersAction) -> None:
    from .azurite import run_azurite_install

    p = sub.add_parser("azurite", help="manage deidtui's own copy of Azurite (Microsoft's storage emulator)")
    p.add_argument("action", choices=["install", "where"], help="install Azurite from npm, or print where it is")
    p.set_defaults(handler=run_azurite_install)


def _add_demo(sub: argparse._SubParsersAction) -> None:
    from .demo import run_demo

    p = sub.add_parser("demo", help="start Azurite and the emulator with synthetic notes, then open the dashboard")
    p.add_argument("--doc-delay-ms", type=int, default=400, help="pause per document so progress is visible")
    p.add_argument("--no-ui", action="store_true", help="only start the services and print how to reach them")
    p.set_defaults(handler=run_demo)
