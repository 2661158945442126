"""The dashboard's one route for failures: every error becomes one toast, one activity entry, and
never the end of the app.

A `DeidError` (the service, storage, sign-in, the local cache, a refused action) is explained in
one format: its title, what happened, the service's own words (dim), the fix (bold) and the
resource it concerns. Anything else is a bug: it is logged (frames only, see `deidtui.logs`) and
shown as an internal error that points at the log; the app keeps running.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from rich.text import Text

from ..domain.errors import DeidError
from ..domain.sanitize import sanitize_line
from ..logs import log_path
from .toasts import toast

if TYPE_CHECKING:
    from textual.dom import DOMNode

log = logging.getLogger("deidtui.tui")


def error_text(error: DeidError) -> Text:
    """What happened, the service's words (dim), the fix (bold) and the resource (dim)."""
    body = Text(sanitize_line(error.detail or ""))
    if error.service_message:
        body.append("\n" + sanitize_line(error.service_message), style="dim")
    if error.hint:
        body.append("\n" + sanitize_line(error.hint), style="bold")
    if error.resource:
        body.append("\nabout: " + sanitize_line(error.resource), style="dim")
    return body


def notify_error(node: DOMNode, error: DeidError, *, timeout: float = 15) -> None:
    """A toast for an explained error (see `error_text`)."""
    toast(node, error_text(error), title=sanitize_line(error.title), severity="error", timeout=timeout)


def report_error(node: DOMNode, error: BaseException, *, doing: str = "") -> None:
    """Tell the operator about `error` in the one format, and note it in the activity view."""
    app = node.app
    note = getattr(app, "note_error", None)
    if isinstance(error, DeidError):  # the service, storage, sign-in, the cache, a refused action
        notify_error(node, error)
        title = error.title
    else:
        log.error("internal error%s", f" while {doing}" if doing else "", exc_info=error)
        title = f"Internal error: {type(error).__name__}"
        body = Text(f"deidtui keeps running; {'while ' + doing + ', ' if doing else ''}something unexpected failed.")
        body.append(f"\nDetails (no document text) are in {log_path()}", style="dim")
        toast(node, body, title=title, severity="error", timeout=20)
    if callable(note):
        note(doing or "error", title)
