"""How `deidtui run` shows its progress on stderr: rich's progress bars on a terminal (files,
bytes, rate, ETA), and on anything else a quiet line per phase now and then."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

from ..domain.sanitize import sanitize_line
from ..tui.formatting import size as human_bytes  # no textual: plain formatting

if TYPE_CHECKING:
    from rich.console import Console

LABELS = {"upload": "upload", "process": "de-identify", "download": "download"}
UNITS = {"upload": "files", "process": "documents", "download": "files"}
# What a phase says before its total is known (a job's documents are counted once the service
# lists them): never "0/0", which reads as a job of no documents.
UNCOUNTED = {"process": "waiting for the service to count the documents"}
LINE_EVERY = 5.0  # seconds between two quiet lines of one phase


class LineProgress:
    """One line per phase every few seconds, and when it completes: logs and CI stay readable."""

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self._stream = stream
        self._last: dict[str, float] = {}
        self._ended: set[tuple[str, int]] = set()

    def update(self, phase: str, done: int, total: int, nbytes: int = 0) -> None:
        now = time.monotonic()
        complete = total > 0 and done >= total
        if complete and (phase, total) in self._ended:
            return
        if not complete and now - self._last.get(phase, 0.0) < LINE_EVERY:
            return
        self._last[phase] = now
        if complete:
            self._ended.add((phase, total))
        size = f", {human_bytes(nbytes)}" if nbytes else ""
        if total > 0:
            said = f"{done}/{total} {UNITS[phase]}{size}"
        else:
            said = UNCOUNTED.get(phase) or f"{done} {UNITS[phase]} so far{size}"
        self._stream.write(f"deidtui: {LABELS[phase]}: {said}\n")
        self._stream.flush()

    def say(self, text: str) -> None:
        self._stream.write(f"deidtui: {sanitize_line(text)}\n")
        self._stream.flush()

    def __enter__(self) -> LineProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class BarProgress:
    """rich's progress bars on stderr: one per phase, with counts, bytes, rate and time left."""

    def __init__(self, console: Console | None = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description:>11}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[size]}"),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=console or Console(stderr=True, highlight=False),
        )
        self._tasks: dict[str, object] = {}
        self._started: dict[str, float] = {}

    def update(self, phase: str, done: int, total: int, nbytes: int = 0) -> None:
        task = self._tasks.get(phase)
        counted = total if total > 0 else None  # not known yet: rich pulses the bar and says "0/?"
        if task is None:
            task = self._progress.add_task(LABELS[phase], total=counted, size="", rate="")
            self._tasks[phase] = task
            self._started[phase] = time.monotonic()
        elapsed = max(time.monotonic() - self._started[phase], 1e-6)
        rate = f"{nbytes / elapsed / 1024:.0f} KB/s" if nbytes else f"{done / elapsed:.0f}/s"
        self._progress.update(
            task,  # type: ignore[arg-type]
            completed=done,
            total=counted,
            size=human_bytes(nbytes) if nbytes else "",
            rate=rate,
        )

    def say(self, text: str) -> None:
        self._progress.console.print(f"deidtui: {sanitize_line(text)}", markup=False, highlight=False)

    def __enter__(self) -> BarProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()
