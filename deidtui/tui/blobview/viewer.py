"""`BlobViewer`: a blob on screen with search, go to line, wrap, hex, pretty JSON and download.

The widget composes `BlobLines` (the rows), a one-line status and a prompt. I/O runs in
async workers; what comes back is sanitized before it is shown, and notifications are sent
with markup off. Opening the blob is `ViewerOpening` (`viewer_opening.py`); searching, going to a
line and downloading are `ViewerTasks` (`viewer_tasks.py`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import Worker

from deidtui.domain.sanitize import sanitize_line

from .chunks import ChunkStore
from .download import safe_file_name
from .lines import BlobLines
from .prompts import PathScreen
from .render import LineDecorator
from .search import Match, Query
from .source import ByteSource, SourceOpener, start_now
from .status import status_line
from .viewer_opening import ViewerOpening
from .viewer_tasks import ViewerTasks


class BlobViewer(ViewerOpening, ViewerTasks, Vertical):
    """Shows one `ByteSource`; only what is on screen is read, whatever the blob's size."""

    # Textual draws every widget's whole region, even one its children cover: hidden, this
    # container costs nothing to draw (its 39 blank rows cost as much as the text in the first
    # frame), while its children, visible, are drawn as usual.
    DEFAULT_CSS = """
    BlobViewer { height: 1fr; visibility: hidden; }
    BlobViewer > * { visibility: visible; }
    BlobViewer > BlobLines { height: 1fr; }
    BlobViewer > #blobview-status { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    BlobViewer > #blobview-prompt { display: none; }
    BlobViewer > #blobview-prompt.-open { display: block; }
    """
    BINDINGS = [
        Binding("slash", "search", "Search", id="blobview.search", tooltip="Search the blob (streams through it)"),
        Binding("n", "search_next", "Next", id="blobview.search_next", tooltip="Next match"),
        Binding("N", "search_previous", "Prev", id="blobview.search_previous", tooltip="Previous match"),
        Binding("colon,g", "goto", "Go to", id="blobview.goto", tooltip="Go to a line number (an offset in hex view)"),
        Binding("w", "toggle_wrap", "Wrap", id="blobview.wrap", tooltip="Wrap long lines or scroll sideways"),
        Binding("p", "toggle_pretty", "Pretty", id="blobview.pretty", tooltip="Raw or pretty-printed JSON"),
        Binding("x", "toggle_hex", "Hex", id="blobview.hex", tooltip="Hex dump or text"),
        Binding("d", "download", "Download", id="blobview.download", tooltip="Save the blob to a local file"),
        Binding("r", "retry", "Retry", show=False, id="blobview.retry", tooltip="Retry failed reads"),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            show=False,
            id="blobview.cancel",
            tooltip="Cancel a search or close the prompt",
        ),
    ]

    def __init__(
        self,
        source: ByteSource | None = None,
        *,
        opener: SourceOpener | None = None,
        label: str = "",
        decorator: LineDecorator | None = None,
        id: str | None = None,
        expected_rows: Callable[[], int] | None = None,
    ) -> None:
        """Shows `source`, or the source `opener` returns (opened once mounted; `label` names it
        meanwhile). `expected_rows`: how many text rows the viewer will have once laid out, if
        the owner knows; the first rows are then ready for the first frame (`BlobLines.relayout`)."""
        super().__init__(id=id)
        if (source is None) == (opener is None):
            raise ValueError("the viewer needs exactly one of a source and an opener")
        self.source = source
        self.label = source.name if source is not None else label
        self.decorator = decorator
        self._opener = opener
        self._expected_rows = expected_rows
        self.raw_store = ChunkStore(source) if source is not None else None
        self.pretty_store: ChunkStore | None = None
        self.kind = "opening"  # then "text", "binary" or "json"
        self.pretty = False
        self.search_query: Query | None = None
        self.match: Match | None = None
        self.activity = ""  # "Searching… 12%" while a long task runs
        self.open_error: Exception | None = None
        """Why the opener failed, if it did."""
        self.first_screen = asyncio.Event()
        """Set once the first screenful is laid out (text, or why there is none): the viewer's
        screen holds its first frame until then, so that frame shows the text."""
        self._prompt_mode: str | None = None
        self._long_task: Worker | None = None
        store = self.raw_store
        # The first chunk is requested now, while the screen mounts; `_open` waits for that read
        # (the reference keeps the task alive until then).
        self._first_read = start_now(lambda: store.load(0)) if store is not None and store.size else None

    @property
    def opened(self) -> ByteSource:
        """The blob's source; every action that uses it is offered only once the blob is open."""
        if self.source is None:
            raise RuntimeError("the blob is not open yet")
        return self.source

    @property
    def raw(self) -> ChunkStore:
        """The blob's bytes as loaded chunks (once open)."""
        if self.raw_store is None:
            raise RuntimeError("the blob is not open yet")
        return self.raw_store

    def compose(self) -> ComposeResult:
        yield BlobLines(decorator=self.decorator, id="blobview-lines")
        yield Static(id="blobview-status", markup=False)
        # The prompt is mounted on first use: one widget less to build before the first screen.

    @property
    def lines(self) -> BlobLines:
        return self.query_one(BlobLines)

    def on_mount(self) -> None:
        self.lines.expected_height = self._expected_rows
        self.lines.focus()
        self._open()

    class OpenFailed(Message):
        """The opener failed: there is nothing to show (the screen closes and its caller says why)."""

        def __init__(self, error: Exception) -> None:
            super().__init__()
            self.error = error

    # -- bindings ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.source is None:
            return action == "cancel"  # nothing to act on until the blob is open
        if action == "toggle_pretty":
            return self.kind == "json"
        if action in ("search_next", "search_previous"):
            return True if self.search_query is not None else None
        return True

    def action_toggle_wrap(self) -> None:
        self.lines.set_wrap(not self.lines.wrap)
        self._update_status()

    def action_toggle_hex(self) -> None:
        if self.kind == "opening":
            return
        if self.lines.hex:
            self.lines.show(self.pretty_store if self.pretty and self.pretty_store else self.raw, hex=False)
        else:
            self.lines.show(self.raw, hex=True)
        self._update_status()

    async def action_toggle_pretty(self) -> None:
        if self.kind != "json":
            return
        if self.pretty:
            self.pretty = False
            self.lines.show(self.raw, hex=False)
        elif await self._build_pretty() and self.pretty_store is not None:
            self.pretty = True
            self.lines.show(self.pretty_store, hex=False)
        self._update_status()

    def action_retry(self) -> None:
        self.lines.refetch()

    async def action_search(self) -> None:
        await self._open_prompt("search", "Search: text, smart case (enter: find, escape: close)", self.search_query)

    async def action_goto(self) -> None:
        if self.lines.hex:
            await self._open_prompt("goto", "Go to offset: decimal or 0x hex (escape: close)")
        else:
            await self._open_prompt("goto", "Go to line number (escape: close)")

    def action_search_next(self) -> None:
        self._search(backward=False, again=True)

    def action_search_previous(self) -> None:
        self._search(backward=True, again=True)

    def action_cancel(self) -> None:
        if self._long_task is not None and self._long_task.is_running:
            self._long_task.cancel()
            self.activity = ""
            self._toast("Cancelled", "information")
            self._update_status()
        elif self._prompt_mode is not None:
            self._close_prompt()
        else:
            raise SkipAction()  # let the screen close

    def action_download(self) -> None:
        default = str(Path.cwd() / safe_file_name(self.opened.name))
        self.app.push_screen(PathScreen(default, self.opened.size), self._download_to)

    # -- prompt ------------------------------------------------------------------------------------

    async def _open_prompt(self, mode: str, placeholder: str, query: Query | None = None) -> None:
        if not self.query("#blobview-prompt"):
            await self.mount(Input(id="blobview-prompt", compact=True))
        prompt = self.query_one("#blobview-prompt", Input)
        self._prompt_mode = mode
        prompt.placeholder = placeholder
        prompt.value = query.text if query is not None else ""
        prompt.add_class("-open")
        prompt.focus()

    def _close_prompt(self) -> None:
        prompt = self.query_one("#blobview-prompt", Input)
        prompt.remove_class("-open")
        self._prompt_mode = None
        self.lines.focus()

    @on(Input.Submitted, "#blobview-prompt")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        mode, value = self._prompt_mode, event.value.strip()
        self._close_prompt()
        if not value:
            return
        if mode == "search":
            try:
                self.search_query = Query.compile(event.value)
            except ValueError as error:
                self._toast(str(error), "warning")
                return
            self.match = None
            self.lines.set_search(self.search_query)
            self.refresh_bindings()
            self._search(backward=False, again=False)
        elif mode == "goto":
            self._goto(value)

    # -- status --------------------------------------------------------------------------------------

    def _toast(self, text: str, severity: str) -> None:
        self.notify(sanitize_line(text), severity=severity, markup=False)  # type: ignore[arg-type]

    def on_blob_lines_moved(self, _: BlobLines.Moved) -> None:
        self._update_status()

    def on_blob_lines_read_failed(self, message: BlobLines.ReadFailed) -> None:
        self.notify(message.text, severity="error", markup=False)

    def status_text(self) -> str:
        """The status line as plain text (also what tests read)."""
        if self.source is None:
            return f"{sanitize_line(self.label)} · opening…"
        return status_line(
            self.source.name,
            self.source.size,
            self.kind,
            self.pretty,
            self.lines,
            self.search_query.text if self.search_query else None,
            self.activity,
        )

    def _update_status(self) -> None:
        if self.is_mounted:
            self.query_one("#blobview-status", Static).update(Content(self.status_text()))
