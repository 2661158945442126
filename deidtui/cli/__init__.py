"""The `deidtui` command: the dashboard by default, and headless subcommands for scripts."""

from __future__ import annotations

import os
import sys

from .errors import UsageError, report_unexpected
from .parser import build_parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        from .dashboard import run_dashboard

        handler = run_dashboard
    try:
        code = handler(args)
    except KeyboardInterrupt:
        print("deidtui: interrupted", file=sys.stderr)
        return 130
    except UsageError as exc:
        print(f"deidtui: {exc}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # noqa: BLE001 - the one place that turns surprises into a message
        return report_unexpected(exc, debug=bool(os.environ.get("DEIDTUI_DEBUG")))
    return int(code or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
