"""The viewer's entry points for the rest of the app: one blob, or a job's input beside its output."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Literal, cast

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from deidtui.domain.sanitize import sanitize_line

from ..workers import guarded_work
from .compare import CompareViewer
from .diff import split_lines
from .entities import NotATagResult, parse_tag_result
from .lines import BlobLines
from .source import ByteSource, SourceOpener, SourceTooLarge, read_all, start_now
from .tagview import TagView
from .viewer import BlobViewer

_SCREEN_CSS = """
    #blobview-title { height: 1; background: $primary-background; color: $text; text-style: bold; padding: 0 1; }
"""


FIRST_FRAME_WAIT = 0.1
"""Longest a viewer screen holds its first frame for the blob's first screenful."""


def _started(opener: SourceOpener) -> SourceOpener:
    """`opener`, already running: its request overlaps building the screen."""
    opening = start_now(opener)
    return opener if opening is None else lambda: opening


class BlobViewerScreen(Screen[Exception | None]):
    """A full screen showing one blob; escape closes it.

    Given an `opener`, the screen opens the blob itself, while it is being built; if that fails it
    closes before it was ever drawn, with the error as its result, for the caller to report."""

    DEFAULT_CSS = "BlobViewerScreen {}" + _SCREEN_CSS
    BINDINGS = [Binding("escape", "close", "Close", id="blobview.close", tooltip="Close the viewer")]
    AUTO_FOCUS = ""  # the viewer focuses its lines itself; the app-wide "*" query costs 2 ms a frame

    def __init__(self, source: ByteSource | None = None, *, title: str, opener: SourceOpener | None = None) -> None:
        super().__init__()
        self.source = source
        self.opener = _started(opener) if opener is not None else None  # the request leaves now
        self.title_text = title
        self._footer_asked = False
        self._dismissed = False

    def compose(self) -> ComposeResult:
        yield Static(Content(sanitize_line(self.title_text)), id="blobview-title", markup=False)
        # The screen is the app's size: a title row above the text, a status row below it.
        yield BlobViewer(
            self.source,
            opener=self.opener,
            label=self.title_text,
            id="blobview",
            expected_rows=lambda: self.app.size.height - 2,
        )

    async def on_mount(self) -> None:
        """Hold the first frame (at most FIRST_FRAME_WAIT) until the first screenful is ready.

        The blob is opened and its first bytes read while the screen is built. A screen draws
        its first frame as soon as it is shown, while any later change waits for Textual's next
        frame and a full layout. Holding the screen's messages here (the first one shows it)
        means that one frame has the text, instead of an empty frame followed by the text. A
        slower read shows the screen with a "reading…" notice after FIRST_FRAME_WAIT."""
        viewer = self.viewer
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(viewer.first_screen.wait(), FIRST_FRAME_WAIT)
        if viewer.open_error is not None:
            self._close_with(viewer.open_error)  # before the first frame: never drawn at all

    def on_blob_viewer_open_failed(self, message: BlobViewer.OpenFailed) -> None:
        self._close_with(message.error)

    def _close_with(self, error: Exception) -> None:
        if not self._dismissed:
            self._dismissed = True
            self.dismiss(error)

    def on_blob_lines_moved(self, message: BlobLines.Moved) -> None:
        # The footer (a widget per key) is mounted once the first rows have been drawn: the blob's
        # first frame does not wait for the key hints.
        if not self._footer_asked and message.lines.rows and not message.lines.waiting:
            self._footer_asked = True
            self.call_after_refresh(self._mount_footer)

    async def _mount_footer(self) -> None:
        if self.is_attached and not self.query(Footer):
            await self.mount(Footer())
            # A footer lists keys once told the bindings changed; nothing else may say so now.
            self.refresh_bindings()

    @property
    def viewer(self) -> BlobViewer:
        return self.query_one(BlobViewer)

    def action_close(self) -> None:
        self._dismissed = True
        self.dismiss(None)


COMPARE_LIMIT = 16 * 1024 * 1024
"""Each side of a comparison is loaded whole; the service's own limit is 2 MB per document."""


class DocumentCompareScreen(Screen[None]):
    """A job's input beside its output: side by side for Redact/Surrogate, entity highlighting for Tag."""

    DEFAULT_CSS = (
        "DocumentCompareScreen > #compare-body { height: 1fr; }"
        + _SCREEN_CSS
        + """
    DocumentCompareScreen #compare-message { padding: 1 2; }
    """
    )
    BINDINGS = [Binding("escape", "close", "Close", id="blobview.close", tooltip="Close the viewer")]

    def __init__(
        self, input: ByteSource, output: ByteSource, *, operation: Literal["Tag", "Redact", "Surrogate"], title: str
    ) -> None:
        super().__init__()
        self.input, self.output = input, output
        self.operation = operation
        self.title_text = title

    def compose(self) -> ComposeResult:
        yield Static(Content(sanitize_line(self.title_text)), id="blobview-title", markup=False)
        with Vertical(id="compare-body"):
            yield Static(Content("Loading both documents…"), id="compare-message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    @guarded_work(group="blobview-compare")
    async def _load(self) -> None:
        body = self.query_one("#compare-body", Vertical)
        try:
            before, after = await asyncio.gather(
                read_all(self.input, limit=COMPARE_LIMIT), read_all(self.output, limit=COMPARE_LIMIT)
            )
        except SourceTooLarge as error:
            await self._show_message(f"Too large to compare here: {error}. Open each blob on its own.")
            return
        except Exception as error:  # noqa: BLE001 - any transport error: shown in place
            await self._show_message(f"Could not read the documents: {error}")
            return
        if self.operation == "Tag":
            text_length = len(before.decode("utf-8", errors="surrogateescape"))
            try:
                result = await asyncio.to_thread(parse_tag_result, after, text_length)
            except NotATagResult as error:
                await self._show_message(f"The output is not a Tag result ({error}); showing it as it is.")
                await body.mount(BlobViewer(self.output, id="blobview"))
                return
            widget: Widget = TagView(self.input.name, before, result, id="tag-view")
        else:
            widget = CompareViewer(
                split_lines(before),
                split_lines(after),
                before_name=self.input.name,
                after_name=self.output.name,
                id="compare-view",
            )
        await body.remove_children()
        await body.mount(widget)
        if isinstance(widget, CompareViewer):
            widget.lines.focus()

    async def _show_message(self, text: str) -> None:
        message = self.query_one("#compare-message", Static)
        message.update(Content(sanitize_line(text)))
        self.notify(sanitize_line(text), severity="warning", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


def warm_up_styles(app: App) -> None:
    """Parse the viewer's styles ahead of its first use (the dashboard calls this once idle).

    A widget type's CSS is parsed when the first widget of that type mounts; for the viewer that
    is about a fifth of its first screen. Parsing it early costs the same, at a moment nobody waits.
    Uses Textual's per-class CSS lookup; if that ever changes, the viewer just parses on first use.
    """
    try:
        # The footer's parts: not exported by Textual (the footer mounts them when it lists keys).
        from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

        stylesheet = app.stylesheet
        for widget_type in (
            BlobViewerScreen,
            DocumentCompareScreen,
            BlobViewer,
            BlobLines,
            CompareViewer,
            TagView,
            Footer,
            FooterKey,
            FooterLabel,
            KeyGroup,
            Static,
        ):
            node = cast(Widget, widget_type.__new__(widget_type))  # no __init__: only class-level CSS is read
            for read_from, css, tie_breaker, scope in node._get_default_css():
                stylesheet.add_source(
                    css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker, scope=scope
                )
        stylesheet.parse()
    except Exception:  # noqa: BLE001 - an optimisation only: the first open parses instead
        return
