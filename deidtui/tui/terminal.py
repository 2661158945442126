"""The terminal going away under the dashboard (the SSH session or the window closed).

Textual writes the screen from a thread of its own. When the terminal is hung up, a write there
fails with `OSError: [Errno 5]` (EIO; EPIPE or EBADF on other set-ups), which ended the thread
with an uncaught exception; its queue then fills, and a later write would block the app for good.
The driver here gives that thread a terminal that, once gone, takes output and drops it, and asks
the app to exit (as SIGHUP, which usually comes with the hang-up, already does).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import IO, Any, cast

from textual.driver import Driver


class TerminalOutput:
    """The terminal as the output thread sees it: writes after it has gone are dropped."""

    def __init__(self, file: IO[str], on_lost: Callable[[], None]) -> None:
        self._file = file
        self._on_lost = on_lost
        self.lost = False

    def write(self, text: str) -> int:
        if not self.lost:
            try:
                self._file.write(text)
            except OSError:
                self._lose()
        return len(text)

    def flush(self) -> None:
        if not self.lost:
            try:
                self._file.flush()
            except OSError:
                self._lose()

    def _lose(self) -> None:
        self.lost = True
        self._on_lost()

    def __getattr__(self, name: str) -> Any:  # fileno, isatty, encoding...: the real terminal's
        return getattr(self._file, name)


def hangup_safe(driver_class: type[Driver]) -> type[Driver]:
    """`driver_class` with its output thread writing through `TerminalOutput` (for the drivers that
    have one: Linux and macOS); any other driver unchanged."""
    try:
        from textual.drivers.linux_driver import LinuxDriver
    except ImportError:  # Windows
        return driver_class
    if not issubclass(driver_class, LinuxDriver):
        return driver_class

    class HangupSafeDriver(driver_class):  # type: ignore[valid-type,misc]
        def __init__(self, app: Any, **kwargs: Any) -> None:
            super().__init__(app, **kwargs)
            loop: asyncio.AbstractEventLoop | None = None
            with contextlib.suppress(RuntimeError):
                loop = asyncio.get_running_loop()

            def lost() -> None:  # called from the output thread: only hand the exit to the app's loop
                if loop is not None and not loop.is_closed():
                    with contextlib.suppress(RuntimeError):
                        loop.call_soon_threadsafe(app.exit)

            # The output thread only writes, flushes and asks for the file number: a stand-in will do.
            self._file = cast(IO[str], TerminalOutput(self._file, lost))  # type: ignore[has-type]

    HangupSafeDriver.__name__ = HangupSafeDriver.__qualname__ = f"HangupSafe{driver_class.__name__}"
    return HangupSafeDriver
