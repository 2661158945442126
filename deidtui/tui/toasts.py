"""Every toast of the dashboard goes through `toast`: its text is shown literally (names and
service errors in it are never read as markup), and a rich `Text` keeps its styles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content
from textual.notifications import SeverityLevel

if TYPE_CHECKING:
    from textual.dom import DOMNode

Message = str | Text | Content


def as_content(message: Message) -> Content:
    """Literal text as Textual's toast renders it: never parsed as markup."""
    if isinstance(message, Content):
        return message
    if isinstance(message, Text):
        return Content.from_rich_text(message)
    return Content(message)


def toast(
    node: DOMNode,
    message: Message,
    *,
    title: str = "",
    severity: SeverityLevel = "information",
    timeout: float | None = None,
) -> None:
    # Textual's toast renders Content (it fails on a rich Text); its `notify` is annotated `str`.
    node.app.notify(as_content(message), title=title, severity=severity, timeout=timeout)  # type: ignore[arg-type]
