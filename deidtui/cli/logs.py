"""Where the log goes: nowhere by default, stderr with `--debug`, a file with `--log-file`;
always through `SecretMaskingFilter`, so no SAS signature, key or token is ever written.

"Nowhere" is a handler too: without any, Python's last-resort handler prints every warning to
stderr, and azure-identity logs a dozen lines there when no sign-in is found.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator

from ..domain.secrets import SecretMaskingFilter
from ..logs import PrivateFormatter

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Azure's HTTP logging policy: method, URL and headers of each request, with the SDK's own
# redaction (query values, Authorization) and ours on top. Quiet unless debugging.
HTTP_LOGGER = "azure.core.pipeline.policies.http_logging_policy"


def _log_file(path: str) -> logging.Handler:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    return logging.StreamHandler(os.fdopen(descriptor, "a", encoding="utf-8", buffering=1))


def configure_logging(*, debug: bool, log_file: str | None, to_stderr: bool) -> list[logging.Handler]:
    """Install deidtui's handlers on the root logger and return them.

    `to_stderr` is False for the dashboard, which owns the terminal: there `--debug` logs only
    to `--log-file`.
    """
    handlers: list[logging.Handler] = []
    if log_file:
        handlers.append(_log_file(log_file))
    if debug and to_stderr:
        handlers.append(logging.StreamHandler(sys.stderr))
    if not handlers:
        handlers.append(logging.NullHandler())
    masking = SecretMaskingFilter()
    root = logging.getLogger()
    for handler in handlers:
        handler.addFilter(masking)
        handler.setFormatter(PrivateFormatter(FORMAT))
        root.addHandler(handler)
    # Also on the loggers themselves, for records logged on exactly these names (a logger's
    # filters do not see its children's records; the handlers' filter above does).
    for name in ("deidtui", "azure"):
        logging.getLogger(name).addFilter(masking)
    # Other libraries stay at WARNING even with --debug: aiosqlite's debug log, for one, quotes
    # every statement with its parameters, and those can be blob names or error text (PHI).
    root.setLevel(logging.INFO if log_file else logging.WARNING)
    if debug:
        logging.getLogger("deidtui").setLevel(logging.DEBUG)
        logging.getLogger("azure").setLevel(logging.INFO)  # requests, retries, sign-in attempts
        logging.getLogger(HTTP_LOGGER).setLevel(logging.INFO)
    return handlers


@contextlib.contextmanager
def logging_for_command(*, debug: bool, log_file: str | None, to_stderr: bool) -> Iterator[list[logging.Handler]]:
    """`configure_logging` for one command, undone when it ends: handlers removed and closed,
    levels and filters as they were. A script (or a test) that runs `deidtui.cli.main` in its own
    process must not be left with a handler on a stream that is gone, or `azure` logging at INFO."""
    names = ("", "deidtui", "azure", HTTP_LOGGER)
    saved = {name: (logging.getLogger(name).level, list(logging.getLogger(name).filters)) for name in names}
    handlers = configure_logging(debug=debug, log_file=log_file, to_stderr=to_stderr)
    try:
        yield handlers
    finally:
        root = logging.getLogger()
        for handler in handlers:
            root.removeHandler(handler)
            handler.close()  # flushes; a StreamHandler leaves its stream open, so:
            stream = getattr(handler, "stream", None)
            if stream is not None and stream is not sys.stderr:
                stream.close()  # the --log-file descriptor this command opened
        for name, (level, filters) in saved.items():
            logger = logging.getLogger(name)
            logger.setLevel(level)
            logger.filters[:] = filters
