"""Keys an operator reaches for: `?` names them as typed, the key bar keeps `?` and `q`, the filter
says what is wrong with a bad term, and the storage tree moves with j/k."""

from __future__ import annotations

import pytest

from deidtui.tui.keys import binding_ids
from deidtui.tui.screens.help import HelpScreen
from deidtui.tui.widgets.container_tree import TREE_BINDINGS, ContainerTree
from deidtui.tui.widgets.containers import ContainersPane
from tests.support import screen_lines, screen_text, until
from tests.tui.containers.helpers import find_node

from .cached_dashboard import SIZES, cached_dashboard, jobs_shown


@pytest.mark.parametrize("size", SIZES)
async def test_help_shows_keys_as_typed_with_every_key_of_an_action(tmp_path, size):
    app = await cached_dashboard(tmp_path)
    async with app.run_test(size=size) as pilot:
        await jobs_shown(app, pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await until(pilot, lambda: "Keys of jobs" in screen_text(app))
        text = screen_text(app)
        assert "question_mark" not in text and "slash" not in text
        lines = screen_lines(app)
        assert any(" ↑ k " in line and "Up" in line and "jobs.up" in line for line in lines), text
        assert any(" ↓ j " in line and "jobs.down" in line for line in lines), text
        await pilot.press("G")  # the list scrolls
        await until(pilot, lambda: any(" q " in line and "app.quit" in line for line in screen_lines(app)))
        await until(pilot, lambda: any(" ? " in line and "app.help" in line for line in screen_lines(app)))
        await pilot.press("question_mark")
        await until(pilot, lambda: not isinstance(app.screen, HelpScreen))


@pytest.mark.parametrize("size", SIZES)
async def test_the_key_bar_never_cuts_help_and_quit_and_leads_with_what_applies(tmp_path, size):
    app = await cached_dashboard(tmp_path)
    async with app.run_test(size=size) as pilot:
        await jobs_shown(app, pilot)
        await pilot.press("1")
        bar = screen_lines(app)[-1]
        assert bar.rstrip().endswith("? Keys  q Quit"), bar
        # What applies to the highlighted job first (only `e` here: this engine never starts), then
        # the queue's own keys; where panes take turns (80x24), after the pane's name.
        lead = "Jobs │ e Details  ⏎ Open" if size[1] < 30 else "e Details  ⏎ Open"
        assert bar.lstrip().startswith(lead), bar
        if size[0] >= 120:  # then the actions on the selected job (dim here: this engine never starts)
            assert "c Cancel" in bar, bar
        assert "…" not in bar


@pytest.mark.parametrize("size", SIZES)
async def test_a_bad_filter_term_says_what_is_wrong(tmp_path, size):
    app = await cached_dashboard(tmp_path)
    async with app.run_test(size=size) as pilot:
        table = await jobs_shown(app, pilot)
        await pilot.press("slash", *"status:bogus")
        await until(pilot, lambda: "no status 'bogus': queued, running" in screen_text(app))
        await pilot.press("ctrl+u", *"re:(unclosed")
        await until(pilot, lambda: "bad regular expression: missing )" in screen_text(app))
        await pilot.press("ctrl+u", *"status:partial")
        await until(pilot, lambda: table.order == ["emergency-redact"])
        assert "bad regular expression" not in screen_text(app)
        await pilot.press("ctrl+u", *"status:queued,run")
        await until(pilot, lambda: set(table.order) == {"urgence-fr-surrogate", "nightly-0514"})


def test_every_key_of_the_storage_tree_has_an_id():
    assert all(b.id and b.id.startswith("containers.") for b in TREE_BINDINGS)
    ids = set(binding_ids())  # what a [keys] entry in config.toml may name
    assert {"containers.up", "containers.down", "containers.first", "containers.last"} <= ids
    assert {"blobview.next_change", "blobview.line_end", "command.complete", "help.close"} <= ids


@pytest.mark.parametrize("size", SIZES)
async def test_j_and_k_move_in_the_storage_tree(make_app, emulator, container, size):
    for folder in ("cardiology", "emergency", "oncology"):
        container.put(f"{folder}/a.txt", "note\n")
    app = make_app(emulator.url)
    async with app.run_test(size=size) as pilot:
        await pilot.press("2")
        pane = app.screen.query_one(ContainersPane)
        suffix = "/" + container.client.container_name
        node = await until(
            pilot, lambda: find_node(pane, lambda e: e.kind == "container" and e.container_url.endswith(suffix))
        )
        tree = pane.container_tree
        tree.move_cursor(node)
        await pilot.press("enter")
        await until(pilot, lambda: len(node.children) == 3)
        assert isinstance(app.screen.focused, ContainerTree)
        await pilot.press("j")
        await until(pilot, lambda: tree.cursor_node is node.children[0])
        await pilot.press("j", "j")
        await until(pilot, lambda: tree.cursor_node is node.children[2])
        await pilot.press("k")
        await until(pilot, lambda: tree.cursor_node is node.children[1])
        assert "emergency/" in screen_text(app)


def test_every_key_id_the_ui_declares_may_be_remapped():
    # A [keys] entry for the doctor's or the retry plan's keys ("doctor.rerun", "retry.all") was
    # refused as "no such action": binding_ids() listed the classes to read by hand, and a screen
    # (or a split that moved an import) fell out of the list. The reference: every deidtui class with
    # bindings, after importing every module of the TUI; binding_ids() runs in a fresh interpreter,
    # which has imported nothing the test did.
    import importlib
    import pkgutil
    import subprocess
    import sys

    from textual.binding import Binding
    from textual.dom import DOMNode

    from deidtui import tui

    for module in pkgutil.walk_packages(tui.__path__, tui.__name__ + "."):
        importlib.import_module(module.name)

    def subclasses(cls: type) -> list[type]:
        return [cls, *(s for sub in cls.__subclasses__() for s in subclasses(sub))]

    declared = {
        binding.id
        for cls in subclasses(DOMNode)
        if cls.__module__.startswith("deidtui.")
        for binding in vars(cls).get("BINDINGS", [])
        if isinstance(binding, Binding) and binding.id
    }
    listed = subprocess.run(
        [sys.executable, "-c", "from deidtui.tui.keys import binding_ids; print('\\n'.join(binding_ids()))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert {"doctor.rerun", "retry.all"} <= declared
    assert set(listed) == declared
