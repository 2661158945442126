"""The new-job form against the emulator and Azurite: checks as you type, counts, submission, read-only."""

from __future__ import annotations

from textual.widgets import Button, Input, Select

from deidtui.domain.models import Operation
from deidtui.engine import ActionResult
from deidtui.tui.screens.new_job import NewJobScreen
from deidtui.tui.screens.preview import PreviewScreen

from .helpers import ScreenApp, assert_inert, screen_segments, screen_text, until

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital. Call 555-123-4567.\n"


def settled(screen: NewJobScreen) -> bool:
    """The latest check covers exactly what the form shows."""
    return screen.check_result is not None and not screen.checking and screen._checked_key == screen._key()


async def type_into(pilot, screen: NewJobScreen, widget_id: str, text: str) -> None:
    """Replace a field's text (one edit, as a paste; `test_each_keystroke_...` types key by key)."""
    field = screen.query_one(f"#{widget_id}", Input)
    field.focus()
    field.value = text
    await pilot.pause()


def submit_button(screen: NewJobScreen) -> Button:
    return screen.query_one("#newjob-submit-button", Button)


async def test_the_name_is_suggested_and_the_match_count_and_size_are_shown(engine, container):
    for i in range(3):
        container.put(f"in/{i}.txt", NOTE)
    container.put("in/skip.json", "{}")
    container.put("elsewhere/x.txt", NOTE)
    screen = NewJobScreen(engine, container_url=container.url, prefix="in/")
    app = ScreenApp(screen)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: settled(screen))
        name = screen.current_name()
        assert name.startswith("surrogate-in-") and screen.check_result.ok
        assert screen.query_one("#target-prefix", Input).value == "deid/in/"
        assert screen.check_result.matched == 4 and screen.check_result.total_bytes == 3 * len(NOTE) + 2
        await type_into(pilot, screen, "extensions", "*.txt")
        await until(pilot, lambda: settled(screen) and screen.check_result.matched == 3)
        await until(pilot, lambda: f"✔ 3 documents, {3 * len(NOTE)} B match" in screen_text(app))
        assert not submit_button(screen).disabled


async def test_problems_appear_next_to_their_fields_as_you_type(engine, container):
    container.put("in/a.txt", NOTE)
    screen = NewJobScreen(engine, container_url=container.url, prefix="in/")
    app = ScreenApp(screen)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: settled(screen))
        assert screen.check_result.ok and not submit_button(screen).disabled

        await type_into(pilot, screen, "name", "bad name!")
        assert submit_button(screen).disabled, "submit is disabled as soon as the form changes"
        await until(pilot, lambda: settled(screen) and screen.problems_for("name"))
        assert "letters, digits" in screen.problems_for("name")[0]
        await until(pilot, lambda: "✘ job name 'bad name!' may only contain letters" in screen_text(app))
        assert submit_button(screen).disabled

        await type_into(pilot, screen, "name", "good-name")
        await until(pilot, lambda: settled(screen) and not screen.problems_for("name"))
        assert screen.check_result.ok and not submit_button(screen).disabled
        await until(pilot, lambda: "may only contain" not in screen_text(app))  # a fixed problem disappears

        await type_into(pilot, screen, "source-prefix", "nothing/")
        await until(pilot, lambda: settled(screen) and screen.problems_for("source-prefix"))
        assert "no document matches" in screen.problems_for("source-prefix")[0]
        assert screen.query_one("#target-prefix", Input).value == "deid/nothing/", "the target follows the source"
        assert submit_button(screen).disabled
        await type_into(pilot, screen, "source-prefix", "in/")
        await until(pilot, lambda: settled(screen) and screen.check_result.ok)

        screen.query_one("#operation", Select).value = Operation.REDACT
        await until(pilot, lambda: settled(screen) and screen.current_spec().operation is Operation.REDACT)
        assert screen.current_spec().redaction_format == "[{type}]"
        await type_into(pilot, screen, "redaction-format", "{type}{type}")
        await until(pilot, lambda: settled(screen) and screen.problems_for("redaction-format"))
        assert "at most once" in screen.problems_for("redaction-format")[0]
        assert submit_button(screen).disabled
        await type_into(pilot, screen, "redaction-format", "[{TYPE}]")
        await until(pilot, lambda: settled(screen) and screen.check_result.ok)
        await until(pilot, lambda: "example: John Smith seen 10/12/2023 → [PATIENT] seen [DATE]" in screen_text(app))
        await type_into(pilot, screen, "redaction-format", "*{len}")
        # {len} repeats the character before it to the entity's length
        await until(pilot, lambda: "→ ********** seen **********" in screen_text(app))


async def test_each_keystroke_rechecks_and_the_last_check_wins(engine, container):
    container.put("in/a.txt", NOTE)
    screen = NewJobScreen(engine, container_url=container.url, prefix="in/")
    app = ScreenApp(screen)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: settled(screen))
        name = screen.query_one("#name", Input)
        name.focus()
        await pilot.press("home", "ctrl+k")  # to the start, delete to the end: the field is empty
        await until(pilot, lambda: settled(screen) and screen.problems_for("name"))
        assert screen.problems_for("name") == ["a job name is required"]
        # with a valid suggestion
        await until(pilot, lambda: "a job name is required — try 'surrogate-in-" in screen_text(app))
        # Each key restarts the 300 ms wait; a check still running when the form changes is dropped.
        await pilot.press(*"ab", "space", "c")
        await until(pilot, lambda: settled(screen) and screen.problems_for("name"))
        assert screen.current_name() == "ab c" and "letters, digits" in screen.problems_for("name")[0]
        await pilot.press("backspace", "backspace", *"-c")
        await until(pilot, lambda: settled(screen) and screen.check_result.ok)
        assert screen.current_name() == "ab-c" and screen._checked_key == screen._key()


async def test_submit_is_disabled_while_there_are_problems(engine, container, client):
    container.put("in/a.txt", NOTE)
    screen = NewJobScreen(engine, container_url=container.url, prefix="in/", name="x")
    app = ScreenApp(screen)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: settled(screen))
        assert "3 to 36" in screen.problems_for("name")[0]
        assert submit_button(screen).disabled and not screen.can_submit
        await pilot.press("ctrl+s")
        await pilot.click("#newjob-submit-button")
        await pilot.pause()
        assert not screen.submitting and app.results == []
    assert [job async for job in client.list_jobs()] == [], "nothing was sent to the service"


async def test_a_valid_form_submits_a_real_job(engine, container, client):
    for i in range(2):
        container.put(f"in/{i}.txt", NOTE)
    screen = NewJobScreen(engine, container_url=container.url, prefix="in/")
    app = ScreenApp(screen)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: settled(screen))
        await type_into(pilot, screen, "name", "form-job-1")
        await until(pilot, lambda: settled(screen) and screen.can_submit)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.results)
    result = app.results[0]
    assert isinstance(result, ActionResult) and result.ok and result.name == "form-job-1"
    job = await client.get_job("form-job-1")
    assert job.source_location.prefix == "in/" and job.target_location.prefix == "deid/in/"
    assert job.operation_type == "Surrogate" and job.customizations.surrogate_locale == "en-US"


async def test_escape_cancels_with_none(engine, container):
    screen = NewJobScreen(engine, container_url=container.url, prefix="")
    app = ScreenApp(screen)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: settled(screen))
        await pilot.press("escape")
        await until(pilot, lambda: app.results)
    assert app.results == [None]


async def test_a_rejected_submission_shows_why_and_keeps_every_value(engine, container):
    container.put("in/2024/a.txt", NOTE)
    screen = NewJobScreen(engine, container_url=container.url, prefix="in/2024/", name="keep-values")
    app = ScreenApp(screen)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: settled(screen))
        screen.query_one("#operation", Select).value = Operation.REDACT
        await type_into(pilot, screen, "redaction-format", "<{Type}>")
        await type_into(pilot, screen, "extensions", "*.txt, *.md")
        await type_into(pilot, screen, "target-prefix", "clean/2024/")
        screen.query_one("#overwrite").focus()
        await pilot.press("space")
        await until(pilot, lambda: settled(screen) and screen.can_submit)
        before = (screen.current_spec(), screen.current_name())
        assert before[0].overwrite and before[0].extensions == ("*.txt", "*.md")

        container.client.delete_blob("in/2024/a.txt")  # the documents vanish between check and submit
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not screen.submitting and screen.problems_for("source-prefix"))
        await pilot.pause()
        assert app.results == [], "the form stays open"
        assert (screen.current_spec(), screen.current_name()) == before, "every value is kept"
        assert "no document matches" in screen.problems_for("source-prefix")[0]
        assert "Job not submitted" in screen_text(app)
        assert submit_button(screen).disabled


async def test_a_service_error_is_explained_inline_and_values_are_kept(engine, container, client):
    from tests.support import job_body, run_job

    container.put("in/a.txt", NOTE)
    # The name is taken on the service by a job this machine has not seen yet.
    await run_job(client, "taken-name", job_body(container.url, "in/", "elsewhere/"))
    screen = NewJobScreen(engine, container_url=container.url, prefix="in/", name="taken-name")
    app = ScreenApp(screen)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: settled(screen) and screen.can_submit)
        before = (screen.current_spec(), screen.current_name())
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not screen.submitting and screen.query_one("#newjob-error").has_class("-shown"))
        await pilot.pause()
        assert app.results == []
        assert (screen.current_spec(), screen.current_name()) == before
        await until(pilot, lambda: "✘ Conflict" in screen_text(app))
        text = screen_text(app)
        assert "✘ Conflict: Could not create job" in text
        assert "The service said: JobAlreadyExists" in text, "the service's own words, sanitized, are shown too"
        assert not screen.query_one("#newjob-form").disabled, "the form is editable again"


async def test_read_only_explains_and_disables_submit_but_allows_preview(make_engine, emulator, container):
    container.put("in/a.txt", NOTE)
    engine = make_engine(emulator.url, read_only=True)
    await engine.start()
    try:
        screen = NewJobScreen(engine, container_url=container.url, prefix="in/")
        app = ScreenApp(screen)
        async with app.run_test(size=(100, 40)) as pilot:
            await until(pilot, lambda: settled(screen))
            assert screen.check_result.ok, "the specification itself is fine"
            assert submit_button(screen).disabled and not screen.can_submit
            await until(pilot, lambda: "Read-only profile" in screen_text(app))
            text = screen_text(app)
            assert "Read-only profile: submitting is disabled" in text
            assert "read-only: submitting disabled" in text
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not screen.submitting and app.results == []
            await pilot.press("f5")
            await until(pilot, lambda: isinstance(app.screen, PreviewScreen))
    finally:
        await engine.stop()


async def test_a_hostile_prefix_is_drawn_inert_and_submitted_unchanged(engine, container):
    prefix = "in/\x9b31m[bold]x[/]\u202e/"  # a folder name from storage: C1 CSI, markup, a bidi override
    container.put(prefix + "a.txt", NOTE)
    screen = NewJobScreen(engine, container_url=container.url, prefix=prefix, name="hostile-prefix")
    app = ScreenApp(screen)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: settled(screen))
        screen.query_one("#source-prefix", Input).focus()
        await pilot.pause()
        assert screen.current_spec().source_prefix == prefix, "the value itself is never altered"
        assert screen.check_result.matched == 1
        await until(pilot, lambda: "in/\ufffd31m" in screen_text(app))
        text = screen_text(app)
        assert "in/\ufffd31m[bold]x[/]\ufffd/" in text, "drawn with visible stand-ins, markup literal"
        assert_inert(screen_segments(app))
