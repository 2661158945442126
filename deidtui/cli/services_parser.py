"""The parsers of the commands about services on this machine: `emulator` runs the local
de-identification service, `azurite` installs or finds the storage emulator it uses, `demo` starts
both with synthetic notes and opens the dashboard, and `serve` serves the dashboard to web browsers.
"""

from __future__ import annotations

import argparse
import os

from .deferred_parsers import add_command, add_group, lazy_handler


def add_emulator(sub: argparse._SubParsersAction) -> None:
    add_group(
        sub,
        "emulator",
        "run the local de-identification service (the offline twin)",
        _fill_emulator,
        description="A local implementation of the de-identification REST API (api-versions 2024-11-15 and "
        "2025-07-15-preview) that the official SDKs talk to unmodified, with documents in Azurite or another "
        "storage emulator. Jobs move at the recorded service's pace unless --fast.",
    )


def _fill_emulator(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default 0)")
    p.add_argument(
        "--storage-connection-string",
        default=os.environ.get("AZURE_STORAGE_CONNECTION_STRING"),
        help="the storage the service reads and writes (default: $AZURE_STORAGE_CONNECTION_STRING); "
        "prefer the environment variable, which `ps` does not show",
    )
    p.add_argument("--state-dir", help="where jobs are kept across restarts (default: a temporary folder)")
    p.add_argument(
        "--fast", action="store_true", help="for tests: jobs run at once, Retry-After 1 (default: the service's pace)"
    )
    p.add_argument(
        "--queue-seconds", metavar="N|MIN-MAX", help="how long a job waits NotStarted before it runs (default 2-60)"
    )
    p.add_argument("--document-seconds", metavar="N|MIN-MAX", help="time each document takes (default 5-15)")
    p.add_argument("--doc-delay-ms", type=int, default=0, help="a fixed time per document in ms (overrides the above)")
    p.add_argument("--seed", type=int, default=0, help="seed of delays, Retry-After values, listing order (default 0)")
    p.add_argument(
        "--summary-while-running",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="give NotStarted/Running jobs a summary, as the recorded service does; --no-summary-while-running "
        "only once finished, as the specification says (default: on)",
    )
    p.add_argument("--concurrency", type=int, default=8, help="documents processed at once (default 8)")
    p.add_argument("--no-throttle", action="store_true", help="do not answer 429 past 100 requests per 5 s")
    p.add_argument(
        "--chaos",
        metavar="SPEC",
        help="inject faults: comma-separated error-rate=0.1,reset-rate=0.05,latency-ms=200,burst-rate=0.02,"
        "burst-seconds=2,seed=7",
    )
    p.add_argument("--tls", action="store_true", help="serve https with a generated loopback certificate")
    p.add_argument(
        "--caller-role",
        choices=("owner", "reader", "none"),
        default="owner",
        help="the caller's DeID role: reader may only read jobs, none gets 403 on every call (default owner)",
    )
    p.add_argument(
        "--identity-storage",
        choices=("contributor", "reader", "none"),
        default="contributor",
        help="the service's managed identity's storage role: reader cannot write outputs, none cannot list "
        "(jobs fail with StorageAccessDenied) (default contributor)",
    )
    p.add_argument(
        "--clock-skew", type=float, default=0.0, metavar="SECONDS", help="move the Date header of every answer"
    )
    p.add_argument(
        "--api-versions", metavar="V[,V]", help="serve (and announce) only these api-versions (default: both)"
    )
    p.add_argument("-v", "--verbose", action="store_true", help="log each request (method, path, status)")
    p.set_defaults(handler=lazy_handler(".emulator", "run_emulator"), own_logging=True)


def add_azurite(sub: argparse._SubParsersAction) -> None:
    add_group(sub, "azurite", "manage deidtui's own copy of Azurite (Microsoft's storage emulator)", _fill_azurite)


def _fill_azurite(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["install", "where"], help="install Azurite from npm, or print where it is")
    p.set_defaults(handler=lazy_handler(".azurite", "run_azurite_install"))


def add_demo(sub: argparse._SubParsersAction) -> None:
    add_group(sub, "demo", "start Azurite and the emulator with synthetic notes, then open the dashboard", _fill_demo)


def _fill_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--fast", action="store_true", help="jobs run at once instead of at a realistic pace")
    p.add_argument("--doc-delay-ms", type=int, default=None, help="a fixed time per document in ms")
    p.add_argument("--no-ui", action="store_true", help="only start the services and print how to reach them")
    p.set_defaults(handler=lazy_handler(".demo", "run_demo"), opens_dashboard=True)


def add_serve(sub: argparse._SubParsersAction) -> None:
    add_command(
        sub,
        "serve",
        "serve the dashboard to web browsers: loopback, an access token, read-only unless --allow-actions",
        lazy_handler(".serve", "run_serve"),
        _fill_serve,
    )


def _fill_serve(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port; 0 picks a free one (default 8000)")
    p.add_argument(
        "--allow-actions",
        action="store_true",
        help="let browsers submit, cancel, delete, resubmit and retry (default: read-only)",
    )
    p.add_argument(
        "--allow-remote",
        action="store_true",
        help="listen on an address other machines can reach (needs --tls-cert and --tls-key)",
    )
    p.add_argument("--tls-cert", metavar="PEM", help="serve https with this certificate (chain)")
    p.add_argument("--tls-key", metavar="PEM", help="the certificate's private key")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the URL browsers use when a reverse proxy is in front, e.g. https://deid.example.org",
    )
    p.add_argument(
        "--max-sessions",
        type=int,
        default=10,
        help="browser tabs served at once, each its own dashboard process (default 10)",
    )
    # SUPPRESS: `deidtui --fleet serve` (the dashboard's own option) keeps its value.
    p.add_argument(
        "--fleet",
        action="store_true",
        default=argparse.SUPPRESS,
        help="serve the fleet view: every profile of the config's fleet list in one queue",
    )
