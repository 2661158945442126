"""Retry and resubmit in the dashboard foresee the failures they would walk into (issue 12.7),
replayed with the keys of the issue against the emulator and Azurite: `F` shows the plan (what a
retry can fix, what it cannot and why) and includes the unfixable only when the operator says so;
`R` opens the new-job form with the job's spec, so overwrite and the target can be changed, warns
that the outputs already exist, and keeps lineage."""

from __future__ import annotations

import re

from textual.widgets import Button, Checkbox, Input

from deidtui.domain.models import JobStatus
from deidtui.tui.screens.main import MainScreen
from deidtui.tui.screens.new_job import NewJobScreen
from deidtui.tui.screens.retry_plan import RetryPlanScreen
from deidtui.tui.widgets.job_table import JobTable
from tests.support import deid_client, job_body, screen_text, seed_unfixable_failures, until

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."


def table(app) -> JobTable:
    return app.screen.query_one(JobTable)


def flat(app) -> str:
    return re.sub(r"\s+", " ", screen_text(app))


async def submit(emulator, container, name, prefix, target, **extra):
    async with deid_client(emulator.url) as client:
        await client.begin_deidentify_documents(name, job_body(container.url, prefix, target, **extra), polling=False)


def finished(app, name) -> bool:
    view = table(app).job(name) if isinstance(app.screen, MainScreen) else None
    return view is not None and view.status.is_terminal


async def test_F_shows_the_plan_and_retries_only_what_can_succeed_unless_told(make_app, emulator, container):
    seed_unfixable_failures(container)
    await submit(emulator, container, "emergency-redact", "emergency/", "deid/emergency/", operation="Redact")
    app = make_app(emulator.url)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: finished(app, "emergency-redact"))
        container.client.delete_blob("deid/emergency/cleared.txt")  # the operator clears one output
        table(app).focus()
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, RetryPlanScreen) and "Retry 1 (y)" in flat(app))
        shown = flat(app)
        assert "1 of 4 failed documents can succeed on a retry" in shown
        assert "3 cannot, and are left out" in shown
        assert "1 — the input is over the service's 2 MB limit; split it first" in shown
        assert "1 — the input is not valid UTF-8; convert it first" in shown
        assert "1 — an output already exists" in shown
        assert "Retry all 4 anyway (a)" in shown and "Retry 1 (y)" in shown
        await pilot.press("y")
        await until(pilot, lambda: finished(app, "emergency-redact-retry2"))
        retried = table(app).job("emergency-redact-retry2")
        assert retried.status is JobStatus.SUCCEEDED and retried.total == 1
        assert container.names("_retry/") == ["_retry/emergency-redact/cleared.txt"]
        assert any("3 left out" in t.text or "1 left out" in t.text for t in app.toasts)

        # Again: nothing can succeed now (cleared.txt's output exists, written by the retry).
        table(app).move_to("emergency-redact")
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, RetryPlanScreen) and "None of the 4" in flat(app))
        plan = app.screen
        assert "None of the 4 failed documents can succeed on a retry" in flat(app)
        assert not plan.query("#fixable") and plan.query_one("#all", Button)
        seen = len(app.toasts)
        await pilot.press("y")  # not offered: the plan stays, and says why
        await until(pilot, lambda: len(app.toasts) > seen)
        assert "none of these failures can succeed on a retry; a retries them anyway" in app.toasts[-1].text
        assert app.screen is plan
        await pilot.press("a")  # the operator insists
        await until(pilot, lambda: finished(app, "emergency-redact-retry3"))
        insisted = table(app).job("emergency-redact-retry3")
        assert insisted.total == 4 and insisted.failed == 4


async def test_R_opens_the_form_with_the_spec_warns_of_outputs_and_overwrite_can_be_changed(
    make_app, emulator, container
):
    for i in range(3):
        container.put(f"in/{i}.txt", NOTE)
    await submit(emulator, container, "weekly", "in/", "out/")
    app = make_app(emulator.url)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: finished(app, "weekly"))
        table(app).focus()
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, NewJobScreen) and app.screen.can_submit)
        await until(pilot, lambda: "OutputAlreadyExists" in flat(app))
        form = app.screen
        assert form.parent_job == "weekly" and form.current_name() == "weekly-r2"
        spec = form.current_spec()
        assert (spec.source_prefix, spec.target_prefix, spec.overwrite) == ("in/", "out/", False)
        shown = flat(app)
        assert "Resubmit weekly" in shown
        assert "3 of this job's outputs already exist under out/" in shown and "OutputAlreadyExists" in shown
        form.query_one("#overwrite", Checkbox).focus()
        await pilot.press("space")
        await until(pilot, lambda: form.can_submit and form.current_spec().overwrite)
        assert any("they will be replaced (overwrite is on)" in w for w in form.check_result.warnings)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: finished(app, "weekly-r2"))
        again = table(app).job("weekly-r2")
        assert again.status is JobStatus.SUCCEEDED
        whole = await table(app).full_job("weekly-r2")  # the queue keeps no spec: read from the cache
        assert whole is not None and whole.job.spec.overwrite
        assert (await app.engine.lineage("weekly-r2"))[0] == "weekly"

        # Or to another target prefix: the form's target does not follow the source (it was given).
        table(app).move_to("weekly")
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, NewJobScreen) and app.screen.can_submit)
        form = app.screen
        target = form.query_one("#target-prefix", Input)
        target.focus()
        target.value = "elsewhere/"
        await until(pilot, lambda: form.can_submit and form.current_spec().target_prefix == "elsewhere/")
        assert not any("already exist" in w for w in form.check_result.warnings)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: finished(app, "weekly-r3"))
        assert table(app).job("weekly-r3").status is JobStatus.SUCCEEDED
        assert len(container.names("elsewhere/")) == 3
