"""What the engine can foresee before it acts (issue 12.7), replayed against the emulator and Azurite:
a retry leaves out the failures a retry cannot fix (and says why) unless the operator insists; a
resubmission may change overwrite and the target; the submission check says how many of a job's
outputs already exist under its target prefix, and how old they are."""

from __future__ import annotations

from deidtui.domain.models import JobSpec, JobStatus, Operation
from deidtui.domain.rules import OUTPUT_EXISTS
from deidtui.engine import checks

from ..support import seed_unfixable_failures, wait_for

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."


def spec(container, prefix="in/", target="out/", **changes) -> JobSpec:
    return JobSpec(source_location=container.url, source_prefix=prefix, target_prefix=target, **changes)


def outputs_warning(check) -> str | None:
    return next((w for w in check.warnings if "already exist" in w or "already holds" in w), None)


async def finished(engine, name):
    job = await engine.job(name)
    return job if job is not None and job.status.is_terminal else None


async def test_check_says_how_many_outputs_are_in_the_way_and_how_old(engine, container):
    container.put("in/a.txt", NOTE)
    container.put("in/b.txt", NOTE)
    container.put("in/c.txt", NOTE)
    assert outputs_warning(await engine.check(spec(container), "clean")) is None
    container.put("out/a.txt", "an earlier output")
    container.put("out/b.txt", "another")
    container.put("out/unrelated/x.txt", "not one of this job's outputs")
    warning = outputs_warning(await engine.check(spec(container), "blocked"))
    assert warning is not None
    assert warning.startswith("2 of this job's outputs already exist under out/ (the newest written <1 min ago)")
    assert "OutputAlreadyExists" in warning and "overwrite" in warning
    replaced = outputs_warning(await engine.check(spec(container, overwrite=True), "replacing"))
    assert replaced is not None and "replaced" in replaced and "OutputAlreadyExists" not in replaced


async def test_a_target_prefix_holding_other_blobs_is_mentioned_without_alarm(engine, container):
    container.put("in/a.txt", NOTE)
    container.put("out/older/x.txt", "an output of another job")
    warning = outputs_warning(await engine.check(spec(container), "beside"))
    assert warning is not None
    assert warning.startswith("out/ already holds 1 blob (the newest written <1 min ago); none has the name")
    assert "OutputAlreadyExists" not in warning


async def test_inputs_under_the_target_prefix_are_not_counted_as_outputs(engine, container):
    container.put("deid/in/a.txt", NOTE)
    container.put("deid/in/b.txt", NOTE)
    assert outputs_warning(await engine.check(spec(container, "deid/in/", "deid/"), "nested")) is None
    container.put("deid/a.txt", "an earlier output")
    warning = outputs_warning(await engine.check(spec(container, "deid/in/", "deid/"), "nested"))
    assert warning is not None and warning.startswith("1 of this job's outputs already exist under deid/"), warning


async def test_counting_outputs_stops_at_its_bound(engine, container, monkeypatch):
    monkeypatch.setattr(checks, "OUTPUTS_COUNTED", 3)
    container.put("in/a.txt", NOTE)
    for i in range(5):
        container.put(f"out/{i}.txt", "earlier")
    warning = outputs_warning(await engine.check(spec(container), "many"))
    assert warning is not None and "more than 3 blobs" in warning, warning


async def test_a_submission_with_a_parent_is_a_resubmission_with_lineage(engine, container):
    container.put("in/a.txt", NOTE)
    await engine.submit(spec(container), "original")
    await wait_for(lambda: finished(engine, "original"))
    assert await engine.resubmission_name("original") == "original-r2"
    result = await engine.submit(spec(container, target="elsewhere/", overwrite=True), "original-r2", parent="original")
    assert result.ok
    assert (await engine.lineage("original-r2")) == ("original", [])
    audit = await engine.audit_log(target="original-r2")
    assert audit[0].action == "resubmit" and audit[0].outcome == "ok"
    done = await wait_for(lambda: finished(engine, "original-r2"))
    assert done.status is JobStatus.SUCCEEDED and container.names("elsewhere/") == ["elsewhere/a.txt"]


async def emergency_redact(engine, container) -> None:
    """The issue's `emergency-redact`: one document succeeds; one is too large, one is not UTF-8,
    one's output is in the way, and one's output was in the way but the operator cleared it since."""
    seed_unfixable_failures(container)
    job_spec = spec(container, "emergency/", "deid/emergency/", operation=Operation.REDACT)
    await engine.submit(job_spec, "emergency-redact")
    done = await wait_for(lambda: finished(engine, "emergency-redact"))
    assert done.job.summary.failed == 4, done.job.summary
    container.client.delete_blob("deid/emergency/cleared.txt")


async def test_retry_plan_says_which_failures_a_retry_can_fix_and_why_not(engine, container):
    await emergency_redact(engine, container)
    plan = await engine.retry_plan("emergency-redact")
    assert [d.input.location.rsplit("/", 1)[-1] for d in plan.retryable] == ["cleared.txt"]
    reasons = {d.input.location.rsplit("/", 1)[-1]: reason for d, reason in plan.unfixable}
    assert set(reasons) == {"huge.txt", "latin1.txt", "exists.txt"}
    assert "2 MB" in reasons["huge.txt"] and "UTF-8" in reasons["latin1.txt"] and reasons["exists.txt"] == OUTPUT_EXISTS
    assert plan.failed == 4 and sum(count for _, count in plan.by_reason()) == 3


async def test_retry_failed_retries_only_what_can_succeed_and_the_new_job_succeeds(engine, container):
    await emergency_redact(engine, container)
    result = await engine.retry_failed("emergency-redact")
    assert container.names("_retry/") == ["_retry/emergency-redact/cleared.txt"]
    assert sum("left out" in w for w in result.warnings) == 3, result.warnings
    retried = await wait_for(lambda: finished(engine, result.name))
    assert retried.status is JobStatus.SUCCEEDED and retried.job.summary.total == 1


async def test_retry_failed_includes_the_unfixable_only_when_the_operator_insists(engine, container):
    await emergency_redact(engine, container)
    result = await engine.retry_failed("emergency-redact", include_unretryable=True)
    assert len(container.names("_retry/emergency-redact/")) == 4
    assert any("3 of them will likely fail again" in w for w in result.warnings), result.warnings
    retried = await wait_for(lambda: finished(engine, result.name))
    assert (retried.job.summary.successful, retried.job.summary.failed) == (1, 3)


async def test_resubmit_may_change_overwrite_and_the_target_and_keeps_lineage(engine, container):
    for i in range(3):
        container.put(f"in/{i}.txt", NOTE)
        container.put(f"out/{i}.txt", "written by an earlier run")
    await engine.submit(spec(container, overwrite=True), "weekly")
    await wait_for(lambda: finished(engine, "weekly"))
    unchanged = await engine.check((await engine.job("weekly")).job.spec.with_changes(overwrite=False), "plain")
    assert outputs_warning(unchanged).startswith("3 of this job's outputs already exist under out/")
    result = await engine.resubmit("weekly", overwrite=True, target_prefix="out-again/")
    assert result.job.spec.overwrite and result.job.spec.target_prefix == "out-again/"
    assert (await engine.lineage(result.name))[0] == "weekly"
    done = await wait_for(lambda: finished(engine, result.name))
    assert done.status is JobStatus.SUCCEEDED and len(container.names("out-again/")) == 3
