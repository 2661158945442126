"""What the engine can foresee before a submission: a target prefix that already holds outputs (how
many, how old, and what that means without overwrite); a resubmission through `submit` records
its parent."""

from __future__ import annotations

from deidtui.domain.models import JobSpec, JobStatus
from deidtui.engine import checks

from ..support import wait_for

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."


def spec(container, prefix="in/", target="out/", **changes) -> JobSpec:
    return JobSpec(source_location=container.url, source_prefix=prefix, target_prefix=target, **changes)


def outputs_warning(check) -> str | None:
    return next((w for w in check.warnings if "already holds" in w), None)


async def test_check_warns_when_the_target_prefix_already_holds_outputs(engine, container):
    container.put("in/a.txt", NOTE)
    container.put("in/b.txt", NOTE)
    assert outputs_warning(await engine.check(spec(container), "clean")) is None
    container.put("out/a.txt", "an earlier output")
    container.put("out/older/x.txt", "another")
    warning = outputs_warning(await engine.check(spec(container), "blocked"))
    assert warning is not None
    assert "out/ already holds 2 blobs" in warning and "the newest written <1 min ago" in warning, warning
    assert "OutputAlreadyExists" in warning and "overwrite" in warning
    replaced = outputs_warning(await engine.check(spec(container, overwrite=True), "replacing"))
    assert replaced is not None and "replaced" in replaced and "OutputAlreadyExists" not in replaced


async def test_inputs_under_the_target_prefix_are_not_counted_as_outputs(engine, container):
    container.put("deid/in/a.txt", NOTE)
    container.put("deid/in/b.txt", NOTE)
    assert outputs_warning(await engine.check(spec(container, "deid/in/", "deid/"), "nested")) is None
    container.put("deid/a.txt", "an earlier output")
    warning = outputs_warning(await engine.check(spec(container, "deid/in/", "deid/"), "nested"))
    assert warning is not None and "holds 1 blob," in warning, warning


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
    result = await engine.submit(spec(container, target="elsewhere/", overwrite=True), "original-r2", parent="original")
    assert result.ok
    assert (await engine.lineage("original-r2")) == ("original", [])
    audit = await engine.audit_log(target="original-r2")
    assert audit[0].action == "resubmit" and audit[0].outcome == "ok"
    done = await wait_for(lambda: finished(engine, "original-r2"))
    assert done.status is JobStatus.SUCCEEDED and container.names("elsewhere/") == ["elsewhere/a.txt"]


async def finished(engine, name):
    job = await engine.job(name)
    return job if job is not None and job.status.is_terminal else None
