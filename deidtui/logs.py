"""Where the dashboard's log goes, and what a log may hold: never a document's text.

The dashboard cannot print while it owns the terminal, so what went wrong is written to a log
file in the user's log directory (platformdirs), private to the user (0600); `cli/logs.py` installs
the handlers. An exception is logged by its type and where it was raised; its message (which may
quote data: a name, a line of a document) only when the operator asked for it with DEIDTUI_DEBUG=1.
"""

from __future__ import annotations

import logging
import os
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs

APP_NAME = "deidtui"
LOG_NAME = "deidtui.log"
ENV_DEBUG = "DEIDTUI_DEBUG"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def log_path() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)) / LOG_NAME


def debugging() -> bool:
    return bool(os.environ.get(ENV_DEBUG))


class PrivateFormatter(logging.Formatter):
    """Tracebacks by frame (file, line, function) and exception type; messages only when debugging."""

    def formatException(self, ei: ExcInfo) -> str:
        kind, error, tb = ei
        if kind is None:
            return ""
        frames = "".join(traceback.format_tb(tb)) if tb is not None else ""
        lines = [line for line in frames.splitlines() if line.startswith("  File ")]
        text = "\n".join(lines)
        head = f"{kind.__module__}.{kind.__qualname__}"
        if debugging():
            head += f": {error}"
        return f"Traceback (frames only):\n{text}\n{head}"


def prepare_log_file(path: Path | None = None) -> str | None:
    """The dashboard's log file, created private to the user (folder 0700, file 0600); None when
    it cannot be written (the app then runs without one)."""
    path = path or log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
    except OSError:
        return None
    return str(path)
