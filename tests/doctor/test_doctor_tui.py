"""`:doctor` in the dashboard: the same report as the command, offered when the app cannot connect."""

from __future__ import annotations

import dataclasses

from textual.command import CommandPalette

from deidtui.engine import Engine, EngineState
from deidtui.engine.doctor import Status
from deidtui.tui.app import DeidApp
from deidtui.tui.screens.doctor import DoctorScreen
from deidtui.tui.screens.main import MainScreen
from deidtui.tui.widgets.command_line import CommandLine, complete
from deidtui.tui.widgets.status_bar import StatusBar
from tests.support import local_profile, screen_segments, until

from .test_doctor_network import closed_port


def shown(app: DeidApp) -> str:
    return "".join(segment.text for segment in screen_segments(app))


async def open_doctor(app: DeidApp, pilot) -> DoctorScreen:
    await pilot.press("colon", *"doctor", "enter")
    await until(pilot, lambda: isinstance(app.screen, DoctorScreen))
    screen = app.screen
    assert isinstance(screen, DoctorScreen)
    await until(pilot, lambda: screen.report is not None and not screen.running, timeout=90)
    await pilot.pause()
    return screen


async def test_an_app_that_cannot_connect_offers_doctor_and_doctor_names_the_fix(azurite, tmp_path):
    port = closed_port()
    profile = local_profile(f"http://127.0.0.1:{port}", azurite.connection_string)
    app = DeidApp(Engine(profile, cache_path=tmp_path / "cache.sqlite3"))
    async with app.run_test(size=(200, 60)) as pilot:
        status = app.screen.query_one(StatusBar)
        await until(pilot, lambda: status.state is EngineState.OFFLINE)
        await until(pilot, lambda: any(":doctor" in toast.text for toast in app.toasts))
        await until(pilot, lambda: ":doctor says why" in shown(app))
        screen = await open_doctor(app, pilot)
        assert screen.report is not None
        endpoint = screen.report.check("endpoint")
        assert endpoint.status is Status.FAILED and f"127.0.0.1:{port}" in endpoint.observed
        text = shown(app)
        assert "Endpoint: DNS, connection, TLS" in text and "✘" in text
        assert f"deidtui emulator --port {port}" in text  # the fix, on the screen
        assert "the environment is broken, exit 3" in text
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
    await app.engine.stop()


async def test_a_dashboard_that_cannot_sign_in_offers_doctor_and_doctor_shows_the_sign_in_fix(
    azurite, tmp_path, monkeypatch
):
    for variable in ("AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_USERNAME"):
        monkeypatch.delenv(variable, raising=False)
    profile = dataclasses.replace(
        local_profile(f"https://127.0.0.1:{closed_port()}", azurite.connection_string), credential="environment"
    )
    app = DeidApp(Engine(profile, cache_path=tmp_path / "cache.sqlite3"))
    async with app.run_test(size=(200, 60)) as pilot:
        status = app.screen.query_one(StatusBar)
        await until(pilot, lambda: status.state is EngineState.SIGNED_OUT)
        await until(pilot, lambda: any(":doctor" in toast.text for toast in app.toasts))
        await until(pilot, lambda: ":doctor says why" in shown(app))
        screen = await open_doctor(app, pilot)
        assert screen.report is not None
        sign_in = screen.report.check("sign-in")
        assert sign_in.status is Status.FAILED and "environment" in sign_in.observed
        assert "export AZURE_TENANT_ID=... AZURE_CLIENT_ID=..." in shown(app)
    await app.engine.stop()


async def test_doctor_on_a_working_dashboard_is_all_good_and_the_deep_probe_runs_on_D(
    emulator, azurite, container, tmp_path
):
    profile = local_profile(emulator.url, azurite.connection_string)
    app = DeidApp(Engine(profile, cache_path=tmp_path / "cache.sqlite3"))
    async with app.run_test(size=(200, 60)) as pilot:
        await until(pilot, lambda: app.screen.query_one(StatusBar).state is EngineState.ONLINE)
        assert ":doctor says why" not in shown(app)
        screen = await open_doctor(app, pilot)
        assert screen.report is not None
        assert {c.id: c.status for c in screen.report.checks if c.status is not Status.OK} == {"deep": Status.SKIPPED}
        assert "all good, exit 0" in shown(app)
        first = screen.report
        await pilot.press("D")
        await until(pilot, lambda: screen.report is not first and not screen.running, timeout=120)
        assert screen.report.check("deep").status is Status.OK, screen.report.check("deep")
        assert screen.report.exit_code == 0
    await app.engine.stop()


async def test_doctor_is_in_the_command_lines_completion_and_the_palette(emulator, azurite, tmp_path):
    assert complete(":doc", {}).texts == [":doctor"]
    profile = local_profile(emulator.url, azurite.connection_string)
    app = DeidApp(Engine(profile, cache_path=tmp_path / "cache.sqlite3"), start_engine=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("colon", *"doc")
        line = app.screen.query_one(CommandLine)
        await until(pilot, lambda: line.input._suggestion == ":doctor")
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*":doctor")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DoctorScreen))
        screen = app.screen
        await until(pilot, lambda: screen.report is not None and not screen.running, timeout=90)
    await app.engine.stop()
