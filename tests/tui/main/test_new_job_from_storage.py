"""The new-job form opened from the storage pane: derived fields follow their sources until the
operator edits them, and a prefix no blob name can have is refused."""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.widgets import Input

from deidtui.tui.screens.new_job import NewJobScreen
from deidtui.tui.widgets.containers import ContainersPane
from tests.support import screen_text, until
from tests.tui.containers.helpers import find_node

from .cached_dashboard import SIZES

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital.\n"
KEYS = {"/": "slash", "-": "minus", " ": "space"}
PASTE_GAP = 0.005  # seconds between pasted characters


async def burst(app, pilot, text: str) -> None:
    """Keys as a terminal delivers a paste without bracketed paste: a few milliseconds apart, not
    waiting for the app to settle after each (Pilot's `press` does, which hides races)."""
    for char in text:
        app.post_message(events.Key(KEYS.get(char, char), char))
        await asyncio.sleep(PASTE_GAP)
    await pilot.pause()


def settled(screen: NewJobScreen) -> bool:
    return screen.check_result is not None and not screen.checking and screen._checked_key == screen._key()


async def open_form_on_folder(app, pilot, container, folder: str) -> NewJobScreen:
    """`2`, open the test's container, put the cursor on `folder` and press `n`."""
    await pilot.press("2")
    pane = app.screen.query_one(ContainersPane)
    suffix = "/" + container.client.container_name
    node = await until(
        pilot, lambda: find_node(pane, lambda e: e.kind == "container" and e.container_url.endswith(suffix))
    )
    pane.container_tree.move_cursor(node)
    await pilot.press("enter")
    folder_node = await until(pilot, lambda: find_node(pane, lambda e: e.kind == "folder" and e.path == folder))
    pane.container_tree.move_cursor(folder_node)
    await pilot.press("n")
    screen = await until(pilot, lambda: app.screen if isinstance(app.screen, NewJobScreen) else None)
    await until(pilot, lambda: settled(screen))
    return screen


@pytest.mark.parametrize("size", SIZES)
async def test_the_target_prefix_follows_the_source_through_fast_edits(make_app, emulator, container, size):
    container.put("emergency/a.txt", NOTE)
    app = make_app(emulator.url)
    async with app.run_test(size=size) as pilot:
        screen = await open_form_on_folder(app, pilot, container, "emergency/")
        target = screen.query_one("#target-prefix", Input)
        assert target.value == "deid/emergency/"
        await pilot.press("tab", "tab", "tab")
        assert screen.focused.id == "source-prefix"
        await pilot.press("z", "z", "ctrl+u")
        await burst(app, pilot, "/emergency/")
        await until(pilot, lambda: settled(screen))
        assert screen.query_one("#source-prefix", Input).value == "/emergency/"
        assert target.value == "deid//emergency/", "the target still follows the source"
        assert not screen.can_submit
        await until(pilot, lambda: "ready to submit" not in screen_text(app))
        assert screen.problems_for("source-prefix") and screen.problems_for("target-prefix")
        await until(pilot, lambda: "starts with '/'" in screen_text(app))
        # Fixed at the source, the target follows again and the form can be submitted.
        await pilot.press("ctrl+u", *(KEYS.get(c, c) for c in "emergency/"))
        await until(pilot, lambda: settled(screen) and screen.can_submit)
        assert target.value == "deid/emergency/"
        # Once the operator edits the target, it stays as typed.
        target.focus()
        await pilot.press("end", "x")
        screen.query_one("#source-prefix", Input).focus()
        await pilot.press("end", "backspace")
        await until(pilot, lambda: settled(screen))
        assert screen.query_one("#source-prefix", Input).value == "emergency"
        assert target.value == "deid/emergency/x"


@pytest.mark.parametrize("size", SIZES)
async def test_the_suggested_name_follows_the_spec_until_the_operator_names_the_job(
    make_app, emulator, container, size
):
    container.put("emergency/a.txt", NOTE)
    container.put("oncology/a.txt", NOTE)
    app = make_app(emulator.url)
    async with app.run_test(size=size) as pilot:
        screen = await open_form_on_folder(app, pilot, container, "emergency/")
        name = screen.query_one("#name", Input)
        assert name.value.startswith("surrogate-emergency-")
        screen.query_one("#source-prefix", Input).focus()
        await pilot.press("ctrl+u", *"oncology/")
        await until(pilot, lambda: settled(screen) and name.value.startswith("surrogate-oncology-"))
        assert screen.can_submit
        name.focus()
        await pilot.press("ctrl+u", *(KEYS.get(c, c) for c in "onc-weekly"))
        screen.query_one("#source-prefix", Input).focus()
        await pilot.press("ctrl+u", *"emergency/")
        await until(pilot, lambda: settled(screen) and screen.current_spec().source_prefix == "emergency/")
        assert name.value == "onc-weekly" and screen.can_submit
