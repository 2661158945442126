"""No key does nothing silently (issue 12.8): an action that does not apply here, to this job, or in a
read-only session says why in one line, as k9s does, whether it came from a key or a `:` command;
the dialogs say why too. Replayed with the keys of the issue against the emulator and Azurite."""

from __future__ import annotations

from textual.widgets import Input

from deidtui.tui.screens.main import MainScreen
from deidtui.tui.screens.new_job import NewJobScreen
from deidtui.tui.widgets.command_line import CommandLine
from deidtui.tui.widgets.job_table import JobTable
from tests.support import deid_client, job_body, until

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."


def table(app) -> JobTable:
    return app.screen.query_one(JobTable)


async def submit(emulator, container, name, prefix="in/"):
    async with deid_client(emulator.url) as client:
        await client.begin_deidentify_documents(name, job_body(container.url, prefix, f"{name}/"), polling=False)


async def said(app, pilot, *keys: str) -> str:
    """Press the keys and return the one-line toast that answered them (failing if none did)."""
    seen = len(app.toasts)
    await pilot.press(*keys)
    await until(pilot, lambda: len(app.toasts) > seen)
    toast = app.toasts[-1]
    assert "\n" not in toast.text.strip(), toast.text
    return toast.text


async def command(app, pilot, text: str) -> str:
    seen = len(app.toasts)
    await pilot.press("colon")
    line = app.screen.query_one(CommandLine).query_one(Input)
    await until(pilot, lambda: line.has_focus)
    line.value = text
    await pilot.press("enter")
    await until(pilot, lambda: len(app.toasts) > seen)
    return app.toasts[-1].text


async def test_keys_that_do_not_apply_to_the_job_say_why(make_app, emulator, container):
    container.put("in/a.txt", NOTE)
    await submit(emulator, container, "done-ok")
    app = make_app(emulator.url)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: (v := table(app).job("done-ok")) is not None and v.status.is_terminal)
        table(app).focus()
        assert await said(app, pilot, "c") == "done-ok already finished (succeeded)."
        assert "done-ok has no failed documents" in await said(app, pilot, "F")
        await pilot.press("2")  # the storage pane has the keys now: a job key says where to go
        await until(pilot, lambda: not table(app).has_focus)
        assert "focus the job queue (1)" in (await said(app, pilot, "c")).lower()
        assert isinstance(app.screen, MainScreen)


async def test_read_only_says_why_for_every_action_key_and_for_new(make_app, emulator, container):
    container.put("in/a.txt", NOTE)
    await submit(emulator, container, "ro-job")
    app = make_app(emulator.url, read_only=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: (v := table(app).job("ro-job")) is not None and v.status.is_terminal)
        table(app).focus()
        for key in ("n", "c", "d", "R", "F"):
            assert "read-only" in await said(app, pilot, key), key
        assert "read-only" in await command(app, pilot, "new")
        assert isinstance(app.screen, MainScreen)  # `:new` did not open the form


async def test_the_new_job_form_says_why_it_does_not_submit(make_app, emulator, container):
    container.put("in/a.txt", NOTE)
    app = make_app(emulator.url)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: app.engine.cannot("submit") is None)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewJobScreen))
        form = app.screen
        await until(pilot, lambda: form.check_result is not None and not form.checking)
        assert not form.can_submit  # no source container chosen: problems marked in the form
        assert "to fix first, marked in the form" in await said(app, pilot, "ctrl+s")
        assert isinstance(app.screen, NewJobScreen)
