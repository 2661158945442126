"""What every command's parser is built from: the parser class (a one-line, sanitized error, and
arguments added only when a parser is first used), handlers that import their command's module only
when it runs, the options every command understands, and the helpers that add a command or a group
of commands. Together they let `deidtui` (the dashboard) start without building any subcommand's
arguments or importing any subcommand's code.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ..domain.sanitize import sanitize_line


def lazy_handler(module: str, function: str):
    """A handler that imports its module only when its command runs: `deidtui` (the dashboard)
    must not pay for the emulator, the demo's Faker or the Azure SDK at start-up."""

    def handler(args: argparse.Namespace) -> int:
        import importlib

        return getattr(importlib.import_module(module, __package__), function)(args)

    handler.__name__ = function
    return handler


class Parser(argparse.ArgumentParser):
    """argparse with a one-line error and exit code 2, never a traceback. The message quotes what
    was typed (`invalid choice: '...'`), so it is sanitized, which masks any SAS in it.

    A subcommand's parser gets its arguments when it is first used (`fill`): the dashboard (no
    subcommand) builds only the top level, and does not import the subcommands' argument modules."""

    _fill: Callable[[argparse.ArgumentParser], None] | None = None

    def defer(self, fill: Callable[[argparse.ArgumentParser], None]) -> argparse.ArgumentParser:
        self._fill = fill
        return self

    def _filled(self) -> None:
        fill, self._fill = self._fill, None
        if fill is not None:
            fill(self)

    def parse_known_args(self, args=None, namespace=None):
        self._filled()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self._filled()
        return super().format_usage()

    def format_help(self) -> str:
        self._filled()
        return super().format_help()

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"deidtui: {sanitize_line(message)} (see `{self.prog} --help`)\n")


def add_common_options(parser: argparse.ArgumentParser, *, suppress: bool = False) -> None:
    """Options every command understands; on subcommands they may also come after the command."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--profile",
        "-p",
        default=default,
        help="profile from the config file (default: $DEIDTUI_PROFILE or default_profile)",
    )
    parser.add_argument(
        "--config", default=default, help="config file (default: $DEIDTUI_CONFIG or the user config dir)"
    )
    parser.add_argument("--cache", default=default, help="cache file (default: $DEIDTUI_CACHE or the user state dir)")
    parser.add_argument(
        "--read-only",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="never change anything: submit, cancel, delete, resubmit and retry are disabled",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="log what deidtui and the Azure SDK do to stderr (or --log-file), and show where an "
        "unexpected error happened; secrets are masked (also: DEIDTUI_DEBUG=1)",
    )
    parser.add_argument(
        "--log-file",
        default=default,
        metavar="FILE",
        help="append the log to FILE (created 0600), with secrets masked; the dashboard logs only there",
    )


def add_command(
    sub: argparse._SubParsersAction,
    name: str,
    help_text: str,
    handler,
    fill: Callable[[argparse.ArgumentParser], None] | None = None,
) -> argparse.ArgumentParser:
    """A command's parser; with `fill`, its options are added when the command is used."""
    parser = sub.add_parser(name, help=help_text, description=help_text)

    def options(parser: argparse.ArgumentParser) -> None:
        add_common_options(parser, suppress=True)
        parser.set_defaults(handler=handler)
        if fill is not None:
            fill(parser)

    if fill is None:
        options(parser)
    else:
        _deferred(parser, options)
    return parser


def _deferred(parser: argparse.ArgumentParser, fill: Callable[[argparse.ArgumentParser], None]) -> None:
    assert isinstance(parser, Parser)
    parser.defer(fill)


def add_group(sub: argparse._SubParsersAction, name: str, help_text: str, fill, description: str | None = None) -> None:
    """A command whose parser `fill` builds when it is used: one with commands of its own (`jobs`,
    `blobs`, `config`), or with options of its own (`emulator`, `azurite`, `demo`)."""
    _deferred(sub.add_parser(name, help=help_text, description=description), fill)
