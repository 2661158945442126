"""Fields of the new-job form that depend on what they say: the input locale (the documents'
language) is offered only when the profile talks the preview api-version, which knows it, and a
job submitted from the form carries it to the service (issue 11's leftover, in the form);
overwrite says in words whether it is on."""

from __future__ import annotations

from textual.widgets import Select

from deidtui.domain.api_versions import GA, PREVIEW
from deidtui.engine import Engine
from deidtui.tui.screens.new_job import NewJobScreen
from tests.support import local_profile, wait_for

from .helpers import ScreenApp, screen_text, until

NOTE = "Patient John Smith was seen on 03/04/2024 at Contoso Hospital.\n"


def settled(screen: NewJobScreen) -> bool:
    return screen.check_result is not None and not screen.checking and screen._checked_key == screen._key()


async def started(azurite, emulator, tmp_path, api_version: str) -> Engine:
    profile = local_profile(emulator.url, azurite.connection_string, api_version=api_version)
    engine = Engine(profile, cache_path=tmp_path / f"cache-{api_version}.sqlite3", poll=False)
    await engine.start()
    return engine


async def test_the_ga_version_has_no_input_locale_field(azurite, emulator, container, tmp_path):
    container.put("in/a.txt", NOTE)
    engine = await started(azurite, emulator, tmp_path, GA)
    try:
        screen = NewJobScreen(engine, container_url=container.url, prefix="in/")
        app = ScreenApp(screen)
        async with app.run_test(size=(100, 40)) as pilot:
            await until(pilot, lambda: settled(screen))
            assert not screen.query("#input-locale") and "Input locale" not in screen_text(app)
            assert screen.current_spec().input_locale is None
    finally:
        await engine.stop()


async def test_the_preview_version_offers_the_input_locale_and_submits_it(azurite, emulator, container, tmp_path):
    container.put("in/a.txt", NOTE)
    engine = await started(azurite, emulator, tmp_path, PREVIEW)
    try:
        screen = NewJobScreen(engine, container_url=container.url, prefix="in/")
        app = ScreenApp(screen)
        async with app.run_test(size=(100, 40)) as pilot:
            await until(pilot, lambda: settled(screen))
            assert "Input locale" in screen_text(app) and "the service's default (en-US)" in screen_text(app)
            assert screen.current_spec().input_locale is None  # not chosen: the service's default
            screen.query_one("#input-locale", Select).value = "fr-CA"
            await until(pilot, lambda: settled(screen) and screen.current_spec().input_locale == "fr-CA")
            assert screen.can_submit
            await pilot.press("ctrl+s")
            await until(pilot, lambda: app.results)
        view = await wait_for(lambda: engine.sync_job(app.results[0].name))
        assert view.spec.input_locale == "fr-CA"  # as the service echoed it
    finally:
        await engine.stop()


async def test_overwrite_says_on_or_off_in_words_not_only_in_colour(engine, container):
    """A checkbox's mark is drawn the same on and off; only colour tells them apart, and not every
    terminal (or NO_COLOR) shows it. The label says what the setting does now."""
    container.put("in/a.txt", NOTE)
    screen = NewJobScreen(engine, container_url=container.url, prefix="in/")
    app = ScreenApp(screen)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: settled(screen))
        assert "off: a document whose output exists fails" in screen_text(app)
        screen.query_one("#overwrite").focus()
        await pilot.press("space")
        await until(pilot, lambda: "on: outputs that exist are replaced" in screen_text(app))
        assert screen.current_spec().overwrite
