"""Opening a blob: the viewer opens it while its screen is built and draws the text in its first frame."""

from __future__ import annotations

import asyncio

from textual.app import App

from deidtui.tui.blobview import BlobViewerScreen
from deidtui.tui.blobview.screens import FIRST_FRAME_WAIT
from deidtui.tui.blobview.source import MemorySource

from .helpers import screen_text, until, viewer_frames

TEXT = b"first line of the note\n" * 500


class Viewing(App[None]):
    """Opens viewers as the dashboard does; keeps the result each viewer closed with."""

    def __init__(self) -> None:
        super().__init__()
        self.results: list[Exception | None] = []
        self.frames = viewer_frames(self)

    def view(self, opener) -> BlobViewerScreen:
        screen = BlobViewerScreen(title="notes.txt", opener=opener)
        self.push_screen(screen, self.results.append)
        return screen


def opener(*, delay: float = 0.0, gate: asyncio.Event | None = None, error: Exception | None = None):
    """Opens notes.txt like the dashboard's opener: after a round trip (`delay`, or until `gate`)."""

    async def open_it() -> MemorySource:
        await asyncio.sleep(delay)
        if gate is not None:
            await gate.wait()
        if error is not None:
            raise error
        return MemorySource("notes.txt", TEXT)

    return open_it


async def test_a_blob_opened_within_the_wait_shows_its_text_in_the_viewers_first_frame():
    assert FIRST_FRAME_WAIT > 0.03
    app = Viewing()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.view(opener(delay=0.03))
        await until(pilot, lambda: any(app.frames))
        assert app.frames[0] is True, f"an empty frame came first: {app.frames}"
        assert "first line of the note" in screen_text(app)
        assert screen.viewer.source is not None and screen.viewer.source.name == "notes.txt"


async def test_a_slow_blob_shows_the_viewer_after_the_wait_and_its_text_when_it_arrives():
    gate = asyncio.Event()
    app = Viewing()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.view(opener(gate=gate))
        await until(pilot, lambda: bool(app.frames))
        assert app.screen is screen and app.frames[0] is False
        assert "Opening…" in screen_text(app)
        assert screen.viewer.check_action("download", ()) is False, "nothing to act on before the blob is open"
        gate.set()
        await until(pilot, lambda: "first line of the note" in screen_text(app))
        assert screen.viewer.check_action("download", ()) is True


async def test_a_blob_that_cannot_be_opened_closes_the_viewer_before_it_is_drawn():
    app = Viewing()
    async with app.run_test(size=(100, 30)) as pilot:
        home = app.screen
        app.view(opener(delay=0.03, error=OSError("storage unreachable")))
        await until(pilot, lambda: bool(app.results))
        assert isinstance(app.results[0], OSError) and "unreachable" in str(app.results[0])
        assert app.screen is home
        assert app.frames == [], "the viewer was never drawn"


async def test_a_slow_open_that_fails_closes_the_viewer_shown_meanwhile():
    gate = asyncio.Event()
    app = Viewing()
    async with app.run_test(size=(100, 30)) as pilot:
        home = app.screen
        app.view(opener(gate=gate, error=PermissionError("this role cannot read blobs")))
        await until(pilot, lambda: bool(app.frames))
        gate.set()
        await until(pilot, lambda: bool(app.results))
        assert isinstance(app.results[0], PermissionError)
        await until(pilot, lambda: app.screen is home)
