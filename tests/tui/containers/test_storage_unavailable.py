"""When storage cannot be browsed from this machine, the pane and the form say why and how to fix it.

A closed port stands for an account this machine cannot reach at all; a small HTTP server answering
403 stands for an account whose network rules (or role assignments) refuse this machine, which a
local Azurite cannot be made to do.
"""

from __future__ import annotations

import socket

from textual.widgets import Button, Input, Select

from deidtui.domain.models import JobSpec
from deidtui.tui.screens.new_job import NewJobScreen
from deidtui.tui.screens.new_job_form import OTHER
from tests.azure.fake_azure_server import ACCOUNT, DEV_KEY, storage_error

from .helpers import PaneApp, ScreenApp, plain, screen_text, until
from .test_new_job import settled


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def connection_string(blob_endpoint: str) -> str:
    return f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={DEV_KEY};BlobEndpoint={blob_endpoint};"


async def test_unreachable_storage_is_explained_in_the_pane_and_jobs_still_submit(make_engine, emulator):
    endpoint = f"http://127.0.0.1:{closed_port()}/{ACCOUNT}"
    engine = make_engine(emulator.url, connection_string=connection_string(endpoint))
    await engine.start()
    try:
        app = PaneApp(engine)
        async with app.run_test(size=(120, 30)) as pilot:
            pane = app.pane
            await until(pilot, lambda: pane.error is not None, timeout=30)
            await pilot.pause()
            text = plain(pane.query_one("#containers-message"))
            assert "Storage not reachable from this machine" in screen_text(app)
            assert "Storage not reachable from this machine" in text
            assert "Jobs keep working: the de-identification service reaches storage with its own managed" in text
            assert "How to fix:" in text and "Press r to try again" in text
            assert pane.has_class("-unavailable") and not pane.container_tree.display
            # Everything else keeps working: a job on that storage is still submitted to the service.
            spec = JobSpec(f"{endpoint}/notes", "in/", "out/")
            result = await engine.submit(spec, "unreachable-storage-job")
            assert result.ok and any("could not check the source from this machine" in w for w in result.warnings)
            assert app.is_running
    finally:
        await engine.stop()


async def test_network_rules_refusing_this_machine_are_explained_with_the_fix(make_engine, emulator, fake_storage):
    fake_storage.respond = lambda request: storage_error(403, "AuthorizationFailure", "This request is not authorized.")
    engine = make_engine(emulator.url, connection_string=connection_string(f"{fake_storage.url}/{ACCOUNT}"))
    await engine.start()
    try:
        app = PaneApp(engine)
        async with app.run_test(size=(120, 30)) as pilot:
            pane = app.pane
            await until(pilot, lambda: pane.error is not None)
            await pilot.pause()
            text = plain(pane.query_one("#containers-message"))
            assert "⚠ Storage not reachable from this machine" in screen_text(app)
            assert "network rules do not allow this machine" in text
            assert "Jobs are unaffected: the de-identification service reaches storage with its own managed" in text
            assert "How to fix: Add this machine's public IP address to the storage account's firewall" in text
            assert "Storage said: AuthorizationFailure" in text
            requests = len(fake_storage.requests)
            await pilot.press("r")
            await until(pilot, lambda: len(fake_storage.requests) > requests)
            await until(pilot, lambda: pane.error is not None)
    finally:
        await engine.stop()


async def test_a_missing_data_role_names_the_role_to_ask_for(make_engine, emulator, fake_storage):
    fake_storage.respond = lambda request: storage_error(403, "AuthorizationPermissionMismatch", "not allowed")
    engine = make_engine(emulator.url, connection_string=connection_string(f"{fake_storage.url}/{ACCOUNT}"))
    await engine.start()
    try:
        app = PaneApp(engine)
        async with app.run_test(size=(120, 30)) as pilot:
            await until(pilot, lambda: app.pane.error is not None)
            await pilot.pause()
            text = plain(app.pane.query_one("#containers-message"))
            assert "⚠ Missing storage data role" in screen_text(app)
            assert 'assign you the "Storage Blob Data Reader" role' in text
    finally:
        await engine.stop()


async def test_a_profile_without_storage_says_so_and_how_to_add_it(make_engine, emulator):
    engine = make_engine(emulator.url, connection_string=None)
    await engine.start()
    try:
        assert engine.storage is None
        app = PaneApp(engine)
        async with app.run_test(size=(120, 30)) as pilot:
            await until(pilot, lambda: "No storage configured" in screen_text(app))
            text = plain(app.pane.query_one("#containers-message"))
            assert "Jobs, the job queue and job actions work without it" in text
            assert "Add storage.account_urls (or storage.connection_string) to the profile" in text
            await pilot.press("i", "n", "v")  # nothing to act on; nothing breaks
            assert app.posted == [] and app.is_running
    finally:
        await engine.stop()


async def test_the_form_without_storage_takes_a_typed_url_and_says_why_nothing_was_counted(make_engine, emulator):
    engine = make_engine(emulator.url, connection_string=None)
    await engine.start()
    try:
        screen = NewJobScreen(engine, name="no-storage-job")
        app = ScreenApp(screen)
        async with app.run_test(size=(100, 40)) as pilot:
            await until(pilot, lambda: settled(screen))
            assert "a storage container URL is required" in screen.problems_for("source-container")[0]
            url = screen.query_one("#source-url", Input)
            assert not url.display, "the URL field is shown only for 'other URL'"
            screen.query_one("#source-container", Select).value = OTHER
            await until(pilot, lambda: url.display)  # choosing 'other URL' shows the URL field
            url.value = "https://contoso.blob.core.windows.net/notes"
            await until(pilot, lambda: settled(screen) and screen.check_result.ok)
            match = screen.query_one("#newjob-match")
            await until(pilot, lambda: "Documents not counted" in str(match.render()))
            # The widget's own text: on screen the sentence wraps inside the dialog's border.
            text = " ".join(str(match.render()).split())
            assert "Documents not counted: this profile has no storage access" in text
            assert "so the job may still run" in text
            assert not screen.query_one("#newjob-submit-button", Button).disabled
    finally:
        await engine.stop()


async def test_the_form_says_when_storage_refuses_this_machine_and_still_allows_submitting(
    make_engine, emulator, fake_storage
):
    fake_storage.respond = lambda request: storage_error(403, "AuthorizationFailure", "not authorized")
    engine = make_engine(emulator.url, connection_string=connection_string(f"{fake_storage.url}/{ACCOUNT}"))
    await engine.start()
    try:
        container_url = f"{fake_storage.url}/{ACCOUNT}/notes"
        screen = NewJobScreen(engine, container_url=container_url, prefix="in/", name="blocked-storage")
        app = ScreenApp(screen)
        async with app.run_test(size=(100, 40)) as pilot:
            await until(pilot, lambda: settled(screen) and "could not list" in screen_text(app))
            await until(pilot, lambda: "Documents not counted" in screen_text(app))
            text = " ".join(screen_text(app).split())
            assert "could not list containers (Storage not reachable from this machine)" in text
            assert "Documents not counted: storage is not reachable from this machine. The job may still run" in text
            assert screen.check_result.ok and screen.check_result.matched is None
            assert screen.query_one("#source-url", Input).value == container_url, "the URL is kept as typed"
            assert screen.can_submit
    finally:
        await engine.stop()
