"""The viewer's long tasks: searching the blob, going to a line, and downloading it to a file.

Each streams through the blob in a worker, one at a time (starting one cancels the last), shows
its progress in the status line, and stops on escape. A mixin of `BlobViewer`, which holds the
state and opens the prompts; a plain class at run time, since Textual takes a widget's default
CSS along its first widget base only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..workers import run_guarded
from .chunks import ChunkStore
from .download import download_to_file
from .prompts import ConfirmScreen
from .search import Match, Query, find, scan_to_line
from .source import ByteSource
from .status import human_size

if TYPE_CHECKING:
    from textual.containers import Vertical
    from textual.worker import Worker

    from .lines import BlobLines

    _Viewer = Vertical
else:
    _Viewer = object


class ViewerTasks(_Viewer):
    search_query: Query | None
    match: Match | None
    activity: str
    _long_task: Worker | None

    if TYPE_CHECKING:  # `BlobViewer` has them

        @property
        def lines(self) -> BlobLines: ...
        @property
        def opened(self) -> ByteSource: ...
        def _toast(self, text: str, severity: str) -> None: ...
        def _update_status(self) -> None: ...

    def _progress(self, label: str):
        def report(done: int, total: int) -> None:
            self.activity = f"{label} {done * 100 // max(total, 1)}% (escape: cancel)"
            self._update_status()

        return report

    def _search(self, *, backward: bool, again: bool) -> None:
        if self.search_query is None or self.lines.store is None or self.lines.model is None:
            return
        if again and self.match is not None:
            origin = self.match.start if backward else self.match.start + 1
        else:
            origin = self.lines.model.top
        self._long_task = run_guarded(
            self,
            self._run_search(self.lines.store, self.search_query, origin, backward),
            group="blobview-task",
            exclusive=True,
        )

    async def _run_search(self, store: ChunkStore, query: Query, origin: int, backward: bool) -> None:
        try:
            match = await find(store, query, origin, backward=backward, progress=self._progress("Searching…"))
        except Exception as error:  # noqa: BLE001 - any transport error ends the search
            self._toast(f"Search failed: {error}", "error")
            return
        finally:
            self.activity = ""
            self._update_status()
        if match is None:
            self._toast(f"Not found: {query.text}", "warning")
            return
        if match.wrapped:
            self._toast("Search wrapped round the end of the blob", "information")
        self.match = match
        self.lines.set_search(query, match)
        self.lines.reveal(match.start)
        self._update_status()

    def _goto(self, value: str) -> None:
        lines = self.lines
        if lines.store is None:
            return
        if lines.hex:
            try:
                offset = int(value, 0)
            except ValueError:
                self._toast(f"Not an offset: {value}", "warning")
                return
            if not 0 <= offset < max(lines.store.size, 1):
                self._toast(f"Offset {offset:,} is beyond the end ({lines.store.size:,} bytes)", "warning")
                return
            lines.go_to_byte(offset)
            return
        if not value.isdigit() or int(value) < 1:
            self._toast(f"Not a line number: {value}", "warning")
            return
        self._long_task = run_guarded(
            self, self._run_goto(lines.store, int(value)), group="blobview-task", exclusive=True
        )

    async def _run_goto(self, store: ChunkStore, number: int) -> None:
        try:
            start = await scan_to_line(store, number - 1, progress=self._progress("Counting lines…"))
        except Exception as error:  # noqa: BLE001 - any transport error ends the count
            self._toast(f"Could not count lines: {error}", "error")
            return
        finally:
            self.activity = ""
            self._update_status()
        if start is None:
            total = store.total_lines() or 0
            self._toast(f"Line {number:,} is beyond the end: the blob has {total:,} lines", "warning")
            return
        self.lines.go_to_byte(start)

    # -- download ----------------------------------------------------------------------------------

    def _download_to(self, path: str | None) -> None:
        if not path:
            return
        target = Path(path).expanduser()
        if target.exists():
            question = f"{target} exists. Replace it with this blob ({human_size(self.opened.size)})?"
            self.app.push_screen(
                ConfirmScreen(question), lambda yes: self._start_download(target, True) if yes else None
            )
        else:
            self._start_download(target, False)

    def _start_download(self, target: Path, overwrite: bool) -> None:
        self._long_task = run_guarded(
            self, self._run_download(target, overwrite), group="blobview-task", exclusive=True
        )

    async def _run_download(self, target: Path, overwrite: bool) -> None:
        try:
            written = await download_to_file(
                self.opened, target, overwrite=overwrite, progress=self._progress("Downloading…")
            )
        except Exception as error:  # noqa: BLE001 - network or disk: nothing was written
            self._toast(f"Download failed, nothing was written: {error}", "error")
            return
        finally:
            self.activity = ""
            self._update_status()
        self._toast(f"Saved {written:,} bytes to {target} (readable by you only)", "information")
