"""The dashboard on a storage account given as a SAS URL: the storage pane, the queue and detail,
the new-job form, toasts and the activity log show no signature, and the cache stores none."""

from __future__ import annotations

from pathlib import Path

from deidtui.config import PollSettings, Profile
from deidtui.engine import Engine
from deidtui.engine.events import Notice
from deidtui.tui.app import DeidApp
from deidtui.tui.messages import NoticeReceived
from deidtui.tui.widgets.containers import ContainersPane
from deidtui.tui.widgets.job_table import JobTable
from tests.support import deid_client, job_body, run_job, screen_text, until

from .test_no_secret_shown import NOTE, Sas


def find_container(pane: ContainersPane, suffix: str):
    stack = [pane.container_tree.root]
    while stack:
        node = stack.pop()
        entry = node.data
        if entry is not None and entry.kind == "container" and entry.container_url.endswith(suffix):
            return node
        stack.extend(node.children)
    return None


async def test_the_dashboard_never_shows_a_signature(emulator, azurite, container, tmp_path):
    sas = Sas()
    container.put("in/a.txt", NOTE)
    async with deid_client(emulator.url) as client:
        await run_job(client, "sas-dashboard", job_body(container.url, "in/", "out/"))
    profile = Profile(
        name="sas",
        endpoint=emulator.url,
        credential="local",
        storage_account_urls=[f"{azurite.account_url}?{sas.token}"],
        poll=PollSettings(active_interval=0.2, sweep_interval=1.0),
    )
    cache = tmp_path / "dashboard.sqlite3"
    app = DeidApp(Engine(profile, cache_path=cache))
    name = "/" + container.client.container_name
    screens: list[str] = []
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            table = app.screen.query_one(JobTable)
            await until(pilot, lambda: table.job("sas-dashboard") is not None, timeout=30)
            pane = app.screen.query_one(ContainersPane)
            node = await until(pilot, lambda: find_container(pane, name), timeout=30)
            # The storage pane: account, containers, then this container opened.
            pane.container_tree.focus()
            pane.container_tree.move_cursor(node)
            pane.container_tree.scroll_to_node(node, animate=False)
            await pilot.press("enter")
            await until(pilot, lambda: node.data.loaded or node.data.error)
            assert node.data.error is None, node.data.error
            screens.append(screen_text(app))
            # The job's detail, with its source and target locations.
            table.focus()
            await pilot.press("1")
            await until(pilot, lambda: "sas-dashboard" in screen_text(app))
            screens.append(screen_text(app))
            # The new-job form, whose source is this SAS account's container.
            pane.container_tree.focus()
            pane.container_tree.move_cursor(node)
            await pilot.press("n")
            await until(pilot, lambda: type(app.screen).__name__ == "NewJobScreen")
            await until(pilot, lambda: container.client.container_name in screen_text(app))
            screens.append(screen_text(app))
            await pilot.press("escape")
            await until(pilot, lambda: type(app.screen).__name__ == "MainScreen")
            # A toast from the engine that quotes the account URL, SAS and all.
            notice = Notice("error", "Storage refused", f"GET {azurite.account_url}?{sas.token}")
            app.screen.post_message(NoticeReceived(notice))  # as the engine's event pump posts it
            await until(pilot, lambda: any(toast.title == "Storage refused" for toast in app.toasts))
            toasts = [f"{toast.title} {toast.text}" for toast in app.toasts]
            assert any("sig=***" in t for t in toasts)
            screens.extend(toasts)
            # The activity log.
            await pilot.press("a")
            await until(pilot, lambda: type(app.screen).__name__ == "ActivityScreen")
            await pilot.pause()
            screens.append(screen_text(app))
    finally:
        await app.engine.stop()
    shown = "\n".join(screens)
    assert container.client.container_name in shown and "sas-dashboard" in shown  # real content was read
    assert "devstoreaccount1" in shown
    assert sas.leaks(shown) == []
    stored = b"".join(p.read_bytes() for p in Path(cache).parent.iterdir() if p.name.startswith(cache.name))
    assert stored and sas.leaks(stored) == []
