"""The dashboard driven with Pilot against the emulator and Azurite: queue, actions, filter, panes."""

from __future__ import annotations

from datetime import UTC

from deidtui.domain.models import JobStatus
from deidtui.engine import EngineState
from deidtui.tui.screens.confirm import ConfirmScreen
from deidtui.tui.screens.main import MainScreen
from deidtui.tui.screens.new_job import NewJobScreen
from deidtui.tui.screens.retry_plan import RetryPlanScreen
from deidtui.tui.widgets.job_table import JobTable
from deidtui.tui.widgets.status_bar import StatusBar
from tests.support import deid_client, job_body, until, wait_for

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."


async def submit(emulator, container, name, prefix="in/", target=None, **extra):
    async with deid_client(emulator.url) as client:
        await client.begin_deidentify_documents(
            name, job_body(container.url, prefix, target or f"{name}/", **extra), polling=False
        )


def table(app) -> JobTable:
    return app.screen.query_one(JobTable)


async def test_queue_shows_jobs_from_the_service_and_their_status(make_app, emulator, container):
    container.put("in/a.txt", NOTE)
    await submit(emulator, container, "first")
    await submit(emulator, container, "second", prefix="nothing/")
    app = make_app(emulator.url)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(
            pilot,
            lambda: (
                table(app).total_count == 2
                and all(table(app).job(n) and table(app).job(n).status.is_terminal for n in ("first", "second"))
            ),
        )
        assert table(app).job("first").status is JobStatus.SUCCEEDED
        assert table(app).job("second").status is JobStatus.FAILED
        status = app.screen.query_one(StatusBar)
        await until(pilot, lambda: status.state is EngineState.ONLINE and status.last_sweep is not None)
        rendered = [table(app).render_line(y).text for y in range(3)]
        assert "NAME" in rendered[0] and "second" in rendered[1] and "✘ failed" in rendered[1]
        assert "first" in rendered[2] and "✔ succeeded" in rendered[2]


async def test_cancel_is_confirmed_and_only_offered_for_running_jobs(make_app, emulator_factory, container):
    emulator = emulator_factory(doc_delay_ms=1000, concurrency=1)
    for i in range(120):  # two minutes of work: still running whatever the machine's load
        container.put(f"in/{i}.txt", NOTE)
    await submit(emulator, container, "long-one")
    app = make_app(emulator.url)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(
            pilot, lambda: table(app).job("long-one") is not None and table(app).job("long-one").status.is_active
        )
        assert app.screen.check_action("cancel_jobs", ()) is True
        assert app.screen.check_action("delete_jobs", ()) is None  # shown disabled: the job is running
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")  # declined: nothing happens
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert table(app).job("long-one").status.is_active
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        try:
            await until(pilot, lambda: table(app).job("long-one").status is JobStatus.CANCELED)
        except AssertionError:  # say what the app saw, for a failure seen once under heavy load
            recent = [(e.operation, e.target, e.outcome) for e in app.engine.activity.recent(15)]
            notes = [toast.text[:120] for toast in app.toasts]
            raise AssertionError(
                f"still {table(app).job('long-one').status}; requests {recent}; toasts {notes}"
            ) from None
        assert app.screen.check_action("cancel_jobs", ()) is None
        assert app.screen.check_action("delete_jobs", ()) is True
        audit = await app.engine.audit_log()
        assert audit[0].action == "cancel" and audit[0].outcome == "ok"


async def test_marks_and_bulk_delete_of_finished_jobs(make_app, emulator, container):
    container.put("in/a.txt", NOTE)
    for name in ("keep-me", "drop-one", "drop-two"):
        await submit(emulator, container, name)
    app = make_app(emulator.url)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(
            pilot,
            lambda: (
                table(app).total_count == 3
                and all(table(app).job(n).status.is_terminal for n in ("keep-me", "drop-one", "drop-two"))
            ),
        )
        jobs = table(app)
        jobs.focus()
        order = jobs.order[:3]
        for name in order:
            if name != "keep-me":
                jobs.move_cursor(order.index(name))
                await pilot.press("space")
        assert jobs.marked == {"drop-one", "drop-two"}
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: table(app).total_count == 1)
        assert table(app).job("keep-me") is not None and not table(app).marked
        async with deid_client(emulator.url) as client:
            assert [j.job_name async for j in client.list_jobs()] == ["keep-me"]


async def test_resubmit_and_retry_failed_from_the_queue(make_app, emulator, container):
    container.put("in/a.txt", NOTE)
    container.put("in/b.txt", NOTE)
    container.put("partly/b.txt", "in the way")
    await submit(emulator, container, "partly")
    app = make_app(emulator.url)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: table(app).job("partly") and table(app).job("partly").status.is_terminal)
        table(app).focus()
        assert app.screen.check_action("retry_failed", ()) is True
        container.client.delete_blob("partly/b.txt")
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, RetryPlanScreen))
        await pilot.press("y")
        await until(pilot, lambda: table(app).job("partly-retry2") is not None)
        # Finish first: the resubmission below writes the same output, and whichever job got there
        # second would fail with OutputAlreadyExists.
        await until(pilot, lambda: table(app).job("partly-retry2").status is JobStatus.SUCCEEDED)
        await pilot.press("home")
        jobs = table(app)
        jobs.move_to("partly")
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, NewJobScreen) and app.screen.can_submit)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and table(app).job("partly-r2") is not None)
        assert sorted(container.names("partly/")) == ["partly/a.txt", "partly/b.txt"]


async def test_filter_language_and_sort(make_app, emulator, container):
    container.put("in/a.txt", NOTE)
    await submit(emulator, container, "alpha-tag", operation="Tag")
    await submit(emulator, container, "beta-fails", prefix="nothing/")
    await submit(emulator, container, "gamma-ok")
    app = make_app(emulator.url)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: table(app).total_count == 3 and all(j.status.is_terminal for j in table(app).jobs()))
        await pilot.press("slash")
        for text, expected in [
            ("status:failed", {"beta-fails"}),
            ("op:tag", {"alpha-tag"}),
            ("!status:failed", {"alpha-tag", "gamma-ok"}),
            ("re:^g", {"gamma-ok"}),
            ("ok", {"gamma-ok"}),
        ]:
            box = app.screen.query_one("#filter")
            box.value = text
            await until(pilot, lambda expected=expected: set(table(app).order) == expected)
        box.value = "re:[unclosed"
        await until(pilot, lambda: box.has_class("-error"))
        assert "regular expression" in str(box.border_subtitle)
        await pilot.press("escape")
        await until(pilot, lambda: table(app).row_count == 3)
        jobs = table(app)
        jobs.focus()
        await pilot.press("s")  # by name
        assert jobs.sort_key == "name" and jobs.order == ["alpha-tag", "beta-fails", "gamma-ok"]
        await pilot.press("S")
        assert jobs.order == ["gamma-ok", "beta-fails", "alpha-tag"]


async def test_read_only_hides_and_blocks_actions(make_app, emulator, container):
    container.put("in/a.txt", NOTE)
    await submit(emulator, container, "ro-job")
    app = make_app(emulator.url, read_only=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: table(app).job("ro-job") is not None)
        for action in ("cancel_jobs", "delete_jobs", "resubmit", "retry_failed", "new_job"):
            assert app.screen.check_action(action, ()) is False
        for key in ("d", "c", "n"):
            seen = len(app.toasts)
            await pilot.press(key)  # not offered, and not silent either: it says why
            await until(pilot, lambda seen=seen: len(app.toasts) > seen)
            assert "read-only" in app.toasts[-1].text
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(StatusBar).read_only


async def test_command_line_help_activity_and_pane_keys(make_app, emulator, container):
    container.put("in/a.txt", NOTE)
    await submit(emulator, container, "cmd-job")
    app = make_app(emulator.url)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: table(app).total_count == 1)
        await pilot.press("colon")
        for key in "filter op:tag":
            await pilot.press(key if key != " " else "space")
        await pilot.press("enter")
        await until(pilot, lambda: table(app).row_count == 0)
        await pilot.press("colon", *"nonsense", "enter")
        await until(pilot, lambda: any("unknown command" in toast.text for toast in app.toasts))
        await pilot.press("question_mark")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        await pilot.press("escape")
        await pilot.press("a")
        await until(pilot, lambda: type(app.screen).__name__ == "ActivityScreen")
        await pilot.press("escape")
        await pilot.press("3")
        await until(
            pilot,
            lambda: (
                (app.screen.focused is not None and app.screen.focused.id in ("detail",))
                or "Documents" in type(app.screen.focused).__name__
            ),
        )
        await pilot.press("colon", *"q", "enter")
        await until(pilot, lambda: not app.is_running or app._exit_renderables is not None)
    assert app.return_code in (0, None)


async def test_hostile_job_names_render_inert_in_the_queue(make_app, emulator, tmp_path):
    from deidtui.cache import JobCache
    from deidtui.domain.models import Job, JobSpec, JobStatus, utcnow

    cache_path = tmp_path / "hostile.sqlite3"
    cache = await JobCache.open(cache_path)
    now = utcnow()
    spec = JobSpec(
        source_location="https://a.blob.core.windows.net/notes",
        source_prefix="\x1b[31min/\u202e",
        target_prefix="[bold]out/[/bold]",
    )
    await cache.upsert_jobs(
        "test",
        [
            Job(
                name="evil\x1b]52;c;eA==\x07name\x9b2J[bold]x[/]",
                spec=spec,
                status=JobStatus.FAILED,
                created_at=now,
                last_updated_at=now,
            )
        ],
    )
    await cache.close()
    app = make_app(emulator.url, start_engine=False, cache=cache_path)
    async with app.run_test(size=(200, 20)) as pilot:
        await until(pilot, lambda: table(app).total_count == 1)
        strip = table(app).render_line(1)
        text = "".join(segment.text for segment in strip)
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text and "\u202e" not in text
        assert "[bold]x[/]" in text or "[bold]x[/" in text


async def test_device_code_sign_in_is_shown_inside_the_app(make_app, emulator):
    from datetime import datetime, timedelta

    app = make_app(emulator.url, start_engine=False)
    async with app.run_test(size=(120, 30)) as pilot:
        expires = datetime.now(UTC) + timedelta(minutes=15)
        app.show_device_code("https://microsoft.com/devicelogin", "ABCD-1234", expires)
        shown = [toast for toast in app.toasts if toast.title == "Sign in to Azure"]
        assert shown and "ABCD-1234" in shown[0].text and "devicelogin" in shown[0].text
        assert shown[0].timeout is not None and shown[0].timeout > 600  # stays up until the code expires
        await pilot.pause()


async def test_a_crash_never_prints_local_variables(make_app, emulator, capsys):
    app = make_app(emulator.url, start_engine=False)
    secret_note = "Patient Jane Roe, MRN 1234567"

    async def boom() -> None:
        phi = secret_note  # noqa: F841 - a local a default crash report would print
        raise RuntimeError("unexpected state")

    try:
        async with app.run_test(size=(80, 24)) as pilot:
            app.call_later(boom)
            await pilot.pause(0.5)
    except RuntimeError:
        pass  # Pilot re-raises the app's error for the test runner
    rendered = (
        "".join(segment.text for part in app._exit_renderables for segment in part.segments)
        if app._exit_renderables
        else ""
    )
    app._print_error_renderables()
    printed = capsys.readouterr()
    text = rendered + printed.out + printed.err
    assert "unexpected error" in text and "RuntimeError" in text
    assert secret_note not in text and "phi =" not in text


async def test_after_a_rebuild_the_queue_shows_the_fresh_cache_not_the_damaged_one(
    make_app, emulator, container, tmp_path
):
    """The whole-file check runs beside the first reads; its verdict reaches the dashboard as a
    toast, and the queue refills from the service into the fresh file. The first screen is read
    from the damaged file before its check ends. Its jobs carried that file's revisions, higher
    than the fresh file's, so the queue refused the fresh states of the same jobs (a job shown
    running while the service and the cache said succeeded), and jobs only the damaged file knew
    stayed on screen for good. After a rebuild the queue holds what the fresh cache holds, and
    nothing else."""
    from deidtui.cache import JobCache
    from tests.cache.factories import damage_a_page, job

    cache_path = tmp_path / "damaged.sqlite3"
    async with await JobCache.open(cache_path) as cache:
        for first in range(0, 2_000, 10):  # many batches: the damaged file's revisions run high
            await cache.upsert_jobs(
                "test", [job(f"old-{i:05d}", JobStatus.SUCCEEDED, created=i) for i in range(first, first + 10)]
            )
        # The job the service will list, as the damaged file last saw it: running, and newest.
        await cache.upsert_jobs("test", [job("after-rebuild", JobStatus.RUNNING, created=10**9)])
    damage_a_page(cache_path)
    container.put("in/a.txt", NOTE)
    await submit(emulator, container, "after-rebuild")

    app = make_app(emulator.url, cache=cache_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: any("damaged and has been rebuilt" in toast.title for toast in app.toasts))

        async def settled() -> bool:
            cached = await app.engine.job("after-rebuild")
            shown = table(app).job("after-rebuild")
            return (
                cached is not None and cached.status.is_terminal and shown is not None and shown.status is cached.status
            )

        await wait_for(settled, timeout=30)
        assert app.engine.recovered_from is not None and app.engine.recovered_from.exists()
        assert table(app).job("old-01999") is None and all(not name.startswith("old-") for name in table(app).order)


async def test_toasts_render_text_literally_and_never_fail_on_rich_text(make_app, emulator):
    """Textual's toast renders Content and fails on a rich Text; data in a toast is never markup.
    (Pilot does not mount toasts, so each is rendered here as the terminal would.)"""
    from rich.text import Text
    from textual.content import Content

    app = make_app(emulator.url, start_engine=False)
    async with app.run_test(size=(120, 30)) as pilot:
        app.notify(Text("evil [bold]job[/]\nsecond line", style="bold"), title="A title", severity="error")
        app.screen.notify("job [red]x[/red] and [unclosed", title="Deleted 1")
        await pilot.pause()
        shown = []
        for toast in app.toasts:  # what Textual's Toast.render does with the message handed to it
            shown.append(Content.from_markup(toast.content).plain)
        assert any("evil [bold]job[/]\nsecond line" in text for text in shown)
        assert any("job [red]x[/red] and [unclosed" in text for text in shown)


async def test_number_keys_and_the_command_line_move_focus_between_panes(make_app, emulator, container):
    container.put("in/a.txt", NOTE)
    await submit(emulator, container, "first")
    app = make_app(emulator.url)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: table(app).job("first") is not None)

        def focused_in(pane_id: str) -> bool:
            focused = app.screen.focused
            return focused is not None and any(node.id == pane_id for node in focused.ancestors_with_self)

        for key, pane in (("2", "containers"), ("3", "detail"), ("1", "jobs")):
            await pilot.press(key)
            await until(pilot, lambda pane=pane: focused_in(pane), timeout=10)
        await pilot.press("colon", *"containers", "enter")
        await until(pilot, lambda: focused_in("containers"), timeout=10)
        assert type(app.screen.focused).__name__ == "ContainerTree", "the tree takes the keys: arrows, enter"


async def test_every_failure_takes_one_route_a_toast_in_one_format_and_the_app_stays_up(make_app, emulator):
    """An explained error shows its title, detail, fix and resource; anything else is an internal
    error pointing at the log; a failing worker never ends the app; each goes to the activity view."""
    from deidtui.domain.errors import DeidError
    from deidtui.tui.errors import report_error
    from deidtui.tui.workers import run_guarded

    app = make_app(emulator.url, start_engine=False)
    async with app.run_test(size=(120, 30)) as pilot:
        report_error(
            app,
            DeidError(
                "The cache is locked by another program.",
                title="Cache busy",
                hint="Close the other deidtui, then press ctrl+r.",
                resource="/tmp/cache.sqlite3",
            ),
        )
        explained = app.toasts[-1]
        assert (explained.title, explained.severity) == ("Cache busy", "error")
        assert explained.text == (
            "The cache is locked by another program.\nClose the other deidtui, then press ctrl+r.\n"
            "about: /tmp/cache.sqlite3"
        )

        async def broken() -> None:
            raise KeyError("Patient Jane Roe")  # a bug, whose message may quote data

        run_guarded(app, broken(), group="test", doing="testing")
        await until(pilot, lambda: app.toasts[-1].title == "Internal error: KeyError")
        assert "deidtui.log" in app.toasts[-1].text and "Jane Roe" not in app.toasts[-1].text
        assert app.is_running
        errors = [e for e in app.engine.activity.recent() if e.kind == "error"]
        assert [(e.operation, e.outcome) for e in errors] == [
            ("error", "Cache busy"),
            ("testing", "Internal error: KeyError"),
        ]
