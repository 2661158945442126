"""Every action through the engine, against the emulator and Azurite, with its validation errors."""

from __future__ import annotations

import pytest

from deidtui.domain.errors import DeidError
from deidtui.domain.models import JobSpec, JobStatus, Operation
from deidtui.engine import ReadOnlyError, SubmitRejected

from ..support import deid_client, wait_for

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital. Call 555-123-4567."


def spec(container, prefix="in/", target="out/", **changes) -> JobSpec:
    return JobSpec(source_location=container.url, source_prefix=prefix, target_prefix=target, **changes)


async def finished(engine, name):
    job = await engine.job(name)
    return job if job is not None and job.status.is_terminal else None


async def test_submit_checks_records_intent_and_confirms(engine, container):
    for i in range(3):
        container.put(f"in/{i}.txt", NOTE)
    result = await engine.submit(spec(container), "first-job")
    assert result.ok and result.job.name == "first-job"
    assert (await engine.pending_intents()) == []
    job = await wait_for(lambda: finished(engine, "first-job"))
    assert job.status is JobStatus.SUCCEEDED
    audit = await engine.audit_log()
    assert audit[0].action == "submit" and audit[0].outcome == "ok" and audit[0].targets == ("first-job",)


async def test_check_counts_matching_blobs_and_sizes(engine, container):
    container.put("in/a.txt", NOTE)
    container.put("in/b.txt", NOTE)
    container.put("in/c.json", "{}")
    container.put("in/big.txt", b"x" * (2 * 1024 * 1024 + 1))
    check = await engine.check(spec(container, extensions=("*.txt",)), "sized")
    assert check.ok and check.matched == 3
    assert check.total_bytes == 2 * len(NOTE) + 2 * 1024 * 1024 + 1
    assert any("big.txt" in w and "2 MB" in w for w in check.warnings)


@pytest.mark.parametrize(
    ("name", "changes", "target", "needle"),
    [
        ("x", {}, "name", "3 to 36"),
        ("bad name!", {}, "name", "letters, digits"),
        ("ok-name", {"source_prefix": "nothing/"}, "sourceLocation.prefix", "no document matches"),
        (
            "ok-name",
            {"operation": Operation.REDACT, "redaction_format": "{type}{type}"},
            "customizations.redactionFormat",
            "at most once",
        ),
        ("ok-name", {"surrogate_locale": "tlh-KL"}, "customizations.surrogateLocale", "not supported"),
        ("ok-name", {"target_prefix": ""}, "targetLocation.prefix", "required"),
    ],
)
async def test_submit_rejects_locally_with_a_precise_problem(
    engine, emulator, container, name, changes, target, needle
):
    container.put("in/a.txt", NOTE)
    with pytest.raises(SubmitRejected) as info:
        await engine.submit(spec(container).with_changes(**changes), name)
    problems = info.value.check.problems
    assert problems[0].target == target and needle in problems[0].message
    assert [j async for j in _service_jobs(emulator)] == []


async def test_taken_name_is_refused_with_a_unique_suggestion(engine, container):
    container.put("in/a.txt", NOTE)
    await engine.submit(spec(container), "nightly")
    with pytest.raises(SubmitRejected) as info:
        await engine.submit(spec(container, target="other/"), "nightly")
    assert info.value.check.suggested_name == "nightly-2"
    invalid = await engine.check(spec(container), "-Weird name-")
    assert invalid.suggested_name == "Weird-name"


async def test_missing_container_is_a_problem_not_a_warning(engine, azurite):
    check = await engine.check(
        JobSpec(source_location=azurite.container_url("nope-missing"), source_prefix="in/", target_prefix="o/"),
        "nope-1",
    )
    assert not check.ok and check.problems[0].target == "sourceLocation.location"


async def test_read_only_blocks_every_action(make_engine, emulator, container):
    engine = make_engine(emulator.url, read_only=True)
    await engine.start()
    try:
        for call in (
            lambda: engine.submit(spec(container), "ro-job"),
            lambda: engine.cancel(["a"]),
            lambda: engine.delete(["a"]),
            lambda: engine.resubmit("a"),
            lambda: engine.retry_failed("a"),
        ):
            with pytest.raises(ReadOnlyError):
                await call()
    finally:
        await engine.stop()


async def test_cancel_many_running_jobs(make_engine, emulator_factory, container):
    emulator = emulator_factory(doc_delay_ms=200, concurrency=1)
    for i in range(10):
        container.put(f"in/{i}.txt", NOTE)
    engine = make_engine(emulator.url)
    await engine.start()
    try:
        for name in ("c-one", "c-two"):
            await engine.submit(spec(container, target=f"{name}/"), name)
        results = await engine.cancel(["c-one", "c-two"])
        assert [r.ok for r in results] == [True, True]
        for name in ("c-one", "c-two"):
            assert (await engine.job(name)).status is JobStatus.CANCELED
        again = await engine.cancel(["c-one"])
        assert not again[0].ok and "already finished" in again[0].message
    finally:
        await engine.stop()


async def test_delete_refuses_running_jobs_and_removes_finished_records(make_engine, emulator_factory, container):
    emulator = emulator_factory(doc_delay_ms=300, concurrency=1)
    for i in range(5):
        container.put(f"in/{i}.txt", NOTE)
    engine = make_engine(emulator.url)
    await engine.start()
    try:
        await engine.submit(spec(container), "del-me")
        refused = await engine.delete(["del-me"])
        assert not refused[0].ok and "cancel it first" in refused[0].message
        await engine.cancel(["del-me"])
        deleted = await engine.delete(["del-me"])
        assert deleted[0].ok
        assert (await engine.job("del-me")).deleted
        async with deid_client(emulator.url) as client:
            assert [j.job_name async for j in client.list_jobs()] == []
        assert container.names("in/") == [f"in/{i}.txt" for i in range(5)]
    finally:
        await engine.stop()


async def test_resubmit_names_r2_then_r3_and_records_lineage(engine, container):
    container.put("in/a.txt", NOTE)
    await engine.submit(spec(container, overwrite=True), "weekly")
    await wait_for(lambda: finished(engine, "weekly"))
    first = await engine.resubmit("weekly")
    await wait_for(lambda: finished(engine, first.name))  # only a finished job is resubmitted
    second = await engine.resubmit(first.name)
    assert (first.name, second.name) == ("weekly-r2", "weekly-r3")
    assert (await engine.lineage("weekly-r2")) == ("weekly", ["weekly-r3"])
    assert (await engine.job("weekly-r3")).job.spec == (await engine.job("weekly")).job.spec


async def test_retry_failed_documents_only_writes_where_the_original_would(engine, container):
    container.put("in/good.txt", NOTE)
    container.put("in/sub/blocked.txt", NOTE)
    container.put("in/other.txt", NOTE)
    container.put("out/sub/blocked.txt", "an output that was in the way")
    container.put("out/other.txt", "another output in the way")
    await engine.submit(spec(container), "partial")
    job = await wait_for(lambda: finished(engine, "partial"))
    assert job.job.summary.failed == 2
    container.client.delete_blob("out/sub/blocked.txt")  # the operator clears what blocked them
    container.client.delete_blob("out/other.txt")
    result = await engine.retry_failed("partial")
    assert result.name == "partial-retry2"
    assert any("consistent surrogation" in w for w in result.warnings)
    assert container.names("_retry/") == ["_retry/partial/other.txt", "_retry/partial/sub/blocked.txt"]
    retried = await wait_for(lambda: finished(engine, result.name))
    assert retried.status is JobStatus.SUCCEEDED and retried.job.summary.total == 2
    assert container.names("out/") == ["out/good.txt", "out/other.txt", "out/sub/blocked.txt"]
    assert (await engine.lineage(result.name))[0] == "partial"


async def test_retry_refuses_jobs_without_failures(engine, container):
    container.put("in/a.txt", NOTE)
    await engine.submit(spec(container), "all-good")
    await wait_for(lambda: finished(engine, "all-good"))
    with pytest.raises(DeidError, match="no failed documents"):
        await engine.retry_failed("all-good")


async def test_preview_runs_three_documents_through_the_synchronous_endpoint(engine, container):
    for i in range(5):
        container.put(f"in/{i}.txt", NOTE)
    items = await engine.preview(spec(container, operation=Operation.REDACT, redaction_format="[{TYPE}]"))
    assert len(items) == 3
    for item in items:
        assert item.input_text == NOTE and not item.truncated
        assert "John Smith" not in item.output_text and "[PATIENT]" in item.output_text
    tags = await engine.preview(spec(container, operation=Operation.TAG), samples=1)
    assert {e["category"] for e in tags[0].entities} >= {"Patient", "Date", "Hospital"}


async def test_preview_truncates_large_documents_at_a_line(engine, container):
    container.put("in/long.txt", ("Patient John Smith seen today.\n" * 4000))
    items = await engine.preview(spec(container), samples=1)
    assert items[0].truncated and len(items[0].input_text.encode()) <= 48 * 1024
    assert items[0].input_text.endswith("\n")


async def _service_jobs(emulator):
    """The jobs the service holds, asked with the SDK directly (not through the engine under test)."""
    async with deid_client(emulator.url) as client:
        async for job in client.list_jobs():
            yield job


async def test_the_input_locale_needs_the_preview_api_version_and_reaches_the_service_with_it(
    make_engine, emulator, container
):
    """A GA profile refuses the input locale before sending anything; a preview profile submits it
    and reads it back from the service (whichever SDK is installed: the body is the REST shape)."""
    container.put("in/a.txt", NOTE)
    ga = make_engine(emulator.url)
    await ga.start()
    with pytest.raises(SubmitRejected) as refused:
        await ga.submit(spec(container, input_locale="fr-CA"), "ga-fr")
    assert refused.value.check.problems[0].target == "customizations.inputLocale"
    assert "2025-07-15-preview" in refused.value.check.problems[0].message
    preview = make_engine(emulator.url, api_version="2025-07-15-preview")
    await preview.start()
    result = await preview.submit(spec(container, input_locale="fr-CA", target="fr/"), "preview-fr")
    assert result.ok
    view = await wait_for(lambda: preview.job("preview-fr"))
    assert view.spec.input_locale == "fr-CA"
    service_view = await preview.sync_job("preview-fr")
    assert service_view.spec.input_locale == "fr-CA"  # as the service echoed it
