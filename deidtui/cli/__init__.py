"""The `deidtui` command: the dashboard by default, and headless subcommands for scripts."""

from __future__ import annotations

import contextlib
import gc
import os
import sys

from ..domain.sanitize import sanitize_line
from . import exit_codes
from .errors import UsageError, report_unexpected
from .parser import build_parser


def main(argv: list[str] | None = None) -> int:
    # Start-up (imports, the parser, building the dashboard) makes many objects and no garbage worth
    # a collection, yet sets the cyclic collector off a hundred times or more: it waits until the
    # dashboard's first frame is drawn (`DeidApp`), or until a command starts.
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        from .dashboard import run_dashboard

        handler = run_dashboard
    else:
        gc.enable()  # a command (the demo too: its services start first): the collector as usual
    debug = bool(getattr(args, "debug", False) or os.environ.get("DEIDTUI_DEBUG"))
    logging_set: contextlib.AbstractContextManager[object] = contextlib.nullcontext()
    if not getattr(args, "own_logging", False):  # the emulator sets up its own access log
        from .logs import logging_for_command

        # The dashboard (and the demo with its UI) owns the terminal: its log goes to --log-file only.
        dashboard = getattr(args, "handler", None) is None or (
            getattr(args, "opens_dashboard", False) and not getattr(args, "no_ui", False)
        )
        log_file = getattr(args, "log_file", None)
        if dashboard and not log_file:  # what goes wrong in the dashboard is kept (without PHI) for later
            from ..logs import prepare_log_file

            log_file = prepare_log_file()
        logging_set = logging_for_command(debug=debug, log_file=log_file, to_stderr=not dashboard)
    with logging_set:
        try:
            code = handler(args)
        except KeyboardInterrupt:
            print("deidtui: interrupted", file=sys.stderr)
            return exit_codes.INTERRUPTED
        except UsageError as exc:
            # The message may echo what the operator typed (a SAS URL): sanitized, and so masked.
            print(f"deidtui: {sanitize_line(str(exc))}", file=sys.stderr)
            return exc.exit_code
        except Exception as exc:  # noqa: BLE001 - the one place that turns surprises into a message
            return report_unexpected(exc, debug=debug)
    return int(code or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
