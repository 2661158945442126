"""Opening blobs and job documents from the main screen: a blob chosen in the storage pane, or a
document of the shown job (its input, its output, or both side by side), each in the blob viewer
(`tui/blobview`), read through the storage of the job's own service. A mixin of `MainScreen`; the
viewer's modules are imported on first use, since the first frame does not need them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.screen import Screen

from ...domain.sanitize import sanitize_line
from ..errors import report_error
from ..widgets.containers import ContainersPane
from ..widgets.job_detail import JobDetail
from ..workers import guarded_work

if TYPE_CHECKING:
    from ...domain.jobs import JobView
    from ...domain.rules import Standing
    from ...engine import Engine
    from ..blobview.source import ByteSource


class BlobViewing(Screen[None]):
    engine: Engine

    if TYPE_CHECKING:

        def engine_of(self, view: JobView | Standing) -> Engine: ...  # `JobActions` has it

    @on(ContainersPane.ViewBlob)
    def view_blob(self, message: ContainersPane.ViewBlob) -> None:
        storage = self.engine.storage
        if storage is not None:
            self._view(
                sanitize_line(message.blob_name), partial(storage.open_blob, message.container_url, message.blob_name)
            )

    @on(JobDetail.ViewDocument)
    def view_document(self, message: JobDetail.ViewDocument) -> None:
        storage = self.engine_of(message.job).storage
        if storage is None:
            self.notify("This profile has no storage access, so documents cannot be opened.", severity="warning")
            return
        document = message.document
        title = sanitize_line(document.input.location.rsplit("/", 1)[-1])
        if message.which == "output" and document.output is not None:
            self._view(f"output · {title}", partial(storage.open_url, document.output.location))
        elif message.which == "input" or document.output is None:
            self._view(f"input · {title}", partial(storage.open_url, document.input.location))
        else:
            self._compare(message, title)

    def _view(self, title: str, open_blob: Callable[..., Awaitable[ByteSource]]) -> None:
        """Open the viewer, which opens the blob while it builds itself: one request brings the
        blob's size and its first screenful. If the blob cannot be opened, the viewer closes
        before it is drawn and `_viewer_closed` says why."""
        from ..blobview.chunks import CHUNK_SIZE
        from ..blobview.screens import BlobViewerScreen

        screen = BlobViewerScreen(title=title, opener=partial(open_blob, head=CHUNK_SIZE))
        self.app.push_screen(screen, self._viewer_closed)

    def _viewer_closed(self, error: Exception | None) -> None:
        if error is not None:
            report_error(self, error, doing="opening a blob")

    @guarded_work(group="viewer", exclusive=True, doing="opening a document")
    async def _compare(self, message: JobDetail.ViewDocument, title: str) -> None:
        from ..blobview.screens import DocumentCompareScreen

        storage = self.engine_of(message.job).storage
        output = message.document.output
        if storage is None or output is None:
            return
        source = await storage.open_url(message.document.input.location)
        result = await storage.open_url(output.location)
        await self.app.push_screen(
            DocumentCompareScreen(source, result, operation=message.job.spec.operation.value, title=title)
        )
