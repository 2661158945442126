"""How the command line reports problems: one precise line on stderr, never a traceback with locals."""

from __future__ import annotations

import sys
import traceback

from ..domain.sanitize import sanitize, sanitize_line
from ..domain.secrets import mask_secrets
from .exit_codes import INTERNAL


class UsageError(Exception):
    """A problem the user can fix; printed as `deidtui: <message>` with a distinct exit code."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def report_unexpected(exc: BaseException, *, debug: bool) -> int:
    """Name the failure without printing local variables (they may hold PHI or secrets); the
    message often quotes a URL, so it is masked (before it is cut) and sanitized."""
    print(f"deidtui: unexpected error: {type(exc).__name__}: {sanitize_line(str(exc))[:300]}", file=sys.stderr)
    if debug:
        # Only the frames' file, line and function: `traceback.format_exception` never prints locals.
        # The exception's message appears again at its end, and in each chained exception.
        text = "".join(traceback.format_exception(exc))
        sys.stderr.write(sanitize(mask_secrets(text)))
    else:
        print("deidtui: run with --debug (or DEIDTUI_DEBUG=1) to see where it happened", file=sys.stderr)
    return INTERNAL
