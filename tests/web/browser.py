"""Debian's Chromium, driven headless by playwright, and what its terminal shows.

The dashboard draws into a canvas (xterm.js), so its text is not in the page. `TerminalView`
rebuilds the screen from the very bytes the browser's websocket received, with pyte (a VT100
emulator), at the size the page asked for: what the browser drew from, cell for cell.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

# Debian's `chromium` package; DEIDTUI_CHROMIUM names another binary (or none, to see the skip).
CHROMIUM = Path(os.environ.get("DEIDTUI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium")
# Chromium's own background connections (updates, sync, safe browsing) are no part of the test and
# fail, many at a time, where the network is closed: off. --no-sandbox: CI runs as root, where
# Chromium's sandbox cannot start. playwright gives it a fresh --user-data-dir of its own.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_or_skip() -> Path:
    """The browser, or a skip of the calling test module that says why (one line with -ra)."""
    if not CHROMIUM.exists():
        why = os.environ.get("DEIDTUI_NO_CHROMIUM") or "Debian's `chromium` package is not installed"
        pytest.skip(
            f"browser tests skipped: no Chromium ({why}); .ci/run installs it with apt-get as root or with sudo",
            allow_module_level=True,
        )
    if not _playwright_importable():
        pytest.skip(
            "browser tests skipped: playwright is not installed (pip install -e '.[test,browser]')",
            allow_module_level=True,
        )
    return CHROMIUM


def _playwright_importable() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


class TerminalView:
    """The screen of the page's terminal, rebuilt from what its websocket received."""

    def __init__(self, page) -> None:
        import pyte

        self.page = page
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.received = 0
        self.closed = False
        page.on("websocket", self._attach)

    def _attach(self, websocket) -> None:
        query = parse_qs(urlsplit(websocket.url).query)
        self.screen.resize(int(query["height"][0]), int(query["width"][0]))
        websocket.on("framereceived", self._received)
        websocket.on("framesent", self._sent)
        websocket.on("close", lambda _ws: setattr(self, "closed", True))

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):  # binary frames are the terminal's output; text ones are pongs
            self.received += len(payload)
            self.stream.feed(payload)

    def _sent(self, payload: str | bytes) -> None:
        message = json.loads(payload) if isinstance(payload, str) else None
        if isinstance(message, list) and message and message[0] == "resize":
            self.screen.resize(message[1]["height"], message[1]["width"])

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def until(self, predicate: Callable[[str], object], timeout: float = 60.0) -> str:
        """Let the browser run until `predicate(screen text)` holds; the text then. playwright's
        events arrive only while it is called, hence `wait_for_timeout` rather than a sleep."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.text()
            if predicate(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"the page never showed what was expected; it shows:\n{text}")
            self.page.wait_for_timeout(50)
