"""`deidtui jobs ...` as scripts use it: output formats, JSON schema, exit codes, bad arguments."""

from __future__ import annotations

import pytest

NOTE = "Patient John Smith was seen on 10/12/2023 by Dr. Jane Roe at Contoso Hospital."
JOB_KEYS = {
    "schema",
    "name",
    "operation",
    "status",
    "partiallyFailed",
    "createdAt",
    "startedAt",
    "lastUpdatedAt",
    "source",
    "target",
    "customizations",
    "summary",
    "progress",
    "error",
    "deleted",
    "parent",
}


def submit(deidtui, container, name, *extra):
    return deidtui(
        "jobs",
        "submit",
        "--source",
        container.url,
        "--prefix",
        "in/",
        "--target-prefix",
        f"{name}/",
        "--name",
        name,
        *extra,
    )


def test_submit_wait_succeeds_with_exit_0_and_prints_the_name(deidtui, container):
    container.put("in/a.txt", NOTE)
    result = submit(deidtui, container, "ok-job", "--wait", "--interval", "0.2")
    assert result.code == 0, result.err
    assert result.out.strip() == "ok-job"
    assert "Succeeded" in result.err  # progress lines go to stderr
    assert container.names("ok-job/") == ["ok-job/a.txt"]


def test_container_may_be_named_by_its_name_in_the_profile_account(deidtui, container):
    container.put("in/a.txt", NOTE)
    name = container.url.rsplit("/", 1)[1]
    result = deidtui(
        "jobs", "submit", "--source", name, "--prefix", "in/", "--target-prefix", "o/", "--name", "by-name"
    )
    assert result.code == 0, result.err


def test_list_json_has_a_stable_schema_and_iso_timestamps(deidtui, container):
    container.put("in/a.txt", NOTE)
    assert submit(deidtui, container, "schema-job", "--wait", "--interval", "0.2").code == 0
    jobs = deidtui("jobs", "list", "-o", "json").json()
    assert len(jobs) == 1 and set(jobs[0]) == JOB_KEYS
    job = jobs[0]
    assert job["schema"] == "deidtui.job/1" and job["status"] == "Succeeded"
    assert job["createdAt"].endswith("Z") and "T" in job["createdAt"]
    assert job["summary"] == {"successful": 1, "failed": 0, "canceled": 0, "total": 1, "bytesProcessed": len(NOTE)}
    lines = deidtui("jobs", "list", "-o", "jsonl").lines()
    assert [line["name"] for line in lines] == ["schema-job"]


def test_list_filters_by_status_operation_and_since(deidtui, container):
    container.put("in/a.txt", NOTE)
    submit(deidtui, container, "tagger", "--operation", "tag", "--wait", "--interval", "0.2")
    deidtui(
        "jobs",
        "submit",
        "--source",
        container.url,
        "--prefix",
        "nothing/",
        "--target-prefix",
        "x/",
        "--name",
        "emptyish",
    )  # rejected locally: prefix matches nothing
    assert [j["name"] for j in deidtui("jobs", "list", "--operation", "tag", "-o", "json").json()] == ["tagger"]
    assert deidtui("jobs", "list", "--status", "failed", "-o", "json").json() == []
    assert deidtui("jobs", "list", "--since", "1h", "-o", "json").json()[0]["name"] == "tagger"
    assert deidtui("jobs", "list", "--since", "2999-01-01", "-o", "json").json() == []
    table = deidtui("jobs", "list")
    assert table.code == 0 and table.out.splitlines()[0].split()[:3] == ["NAME", "OP", "STATUS"]


def test_partially_failed_job_exits_4_and_documents_show_the_failures(deidtui, container):
    container.put("in/a.txt", NOTE)
    container.put("in/b.txt", NOTE)
    container.put("pf/b.txt", "in the way")
    result = deidtui(
        "jobs",
        "submit",
        "--source",
        container.url,
        "--prefix",
        "in/",
        "--target-prefix",
        "pf/",
        "--name",
        "partly",
        "--wait",
        "--interval",
        "0.2",
    )
    assert result.code == 4, result.err
    failed = deidtui("jobs", "documents", "partly", "--status", "failed", "-o", "json").json()
    assert len(failed) == 1 and failed[0]["error"]["code"] == "OutputAlreadyExists"
    assert failed[0]["schema"] == "deidtui.document/1"
    shown = deidtui("jobs", "show", "partly", "-o", "json").json()
    assert shown["partiallyFailed"] is True and shown["timeline"][-1]["status"] == "Failed"


def test_watch_exit_codes_failed_canceled_and_not_found(deidtui, container, emulator):
    container.put("in/a.txt", NOTE)
    doomed = deidtui(
        "jobs",
        "submit",
        "--source",
        "https://other.blob.core.windows.net/notes",
        "--prefix",
        "in/",
        "--target-prefix",
        "o/",
        "--name",
        "doomed",
    )  # cannot be checked from here, submitted anyway
    assert doomed.code == 0 and "could not check the source" in doomed.err
    assert deidtui("jobs", "watch", "doomed", "--interval", "0.2").code == 1
    assert deidtui("jobs", "watch", "no-such-job").code == 6


def test_cancel_then_watch_exits_5(deidtui, container, emulator_factory, cli_env):
    slow = emulator_factory(doc_delay_ms=400, concurrency=1, state_dir=None)
    env = {"DEIDTUI_ENDPOINT": slow.url}
    for i in range(8):
        container.put(f"in/{i}.txt", NOTE)
    assert (
        deidtui(
            "jobs",
            "submit",
            "--source",
            container.url,
            "--prefix",
            "in/",
            "--target-prefix",
            "c/",
            "--name",
            "stopme",
            env=env,
        ).code
        == 0
    )
    cancel = deidtui("jobs", "cancel", "stopme", env=env)
    assert cancel.code == 0 and "canceled stopme" in cancel.out
    assert deidtui("jobs", "watch", "stopme", env=env).code == 5
    again = deidtui("jobs", "cancel", "stopme", env=env)
    assert again.code == 0 and "nothing to do" in again.out


def test_rejected_submission_exits_9_with_one_line_per_problem(deidtui, container):
    container.put("in/a.txt", NOTE)
    result = deidtui(
        "jobs",
        "submit",
        "--source",
        container.url,
        "--prefix",
        "in/",
        "--target-prefix",
        "o/",
        "--name",
        "x",
        "--operation",
        "redact",
        "--redaction-format",
        "{type}{type}",
    )
    assert result.code == 9
    assert "name:" in result.err and "redactionFormat" in result.err and "Traceback" not in result.err


def test_resubmit_and_retry_failed_only(deidtui, container):
    container.put("in/a.txt", NOTE)
    container.put("in/b.txt", NOTE)
    container.put("rsj/b.txt", "in the way")
    assert submit(deidtui, container, "rsj", "--wait", "--interval", "0.2").code == 4
    container.client.delete_blob("rsj/b.txt")
    retry = deidtui("jobs", "resubmit", "rsj", "--failed-only", "--wait", "--interval", "0.2")
    assert retry.code == 0, retry.err
    assert retry.out.strip() == "rsj-retry2" and "consistent surrogation" in retry.err
    assert container.names("rsj/") == ["rsj/a.txt", "rsj/b.txt"]
    again = deidtui("jobs", "resubmit", "rsj", "-o", "json")
    assert again.code == 0 and again.json()["name"] == "rsj-r2" and again.json()["parent"] == "rsj"


def test_delete_deletes_finished_and_says_when_there_is_nothing_to_delete(deidtui, container):
    container.put("in/a.txt", NOTE)
    assert submit(deidtui, container, "del", "--wait", "--interval", "0.2").code == 0
    result = deidtui("jobs", "delete", "del", "--yes")
    assert result.code == 0 and "deleted del" in result.out
    again = deidtui("jobs", "delete", "del", "--yes")  # deleted already: say so, never "deleted"
    assert again.code == 6 and "already deleted" in again.err and again.out == ""
    assert deidtui("jobs", "delete", "never-existed", "--yes").code == 6


def test_read_only_refuses_actions_with_exit_10(deidtui, container):
    container.put("in/a.txt", NOTE)
    for args in (
        ["jobs", "cancel", "xx1", "--read-only"],
        ["jobs", "delete", "xx1", "--read-only"],
        ["jobs", "resubmit", "xx1", "--read-only"],
        ["jobs", "submit", "--source", container.url, "--prefix", "in/", "--target-prefix", "o/", "--read-only"],
    ):
        result = deidtui(*args)
        assert result.code == 10, (args, result.err)
        assert "read-only" in result.err


def test_preview_shows_input_and_output(deidtui, container):
    container.put("in/a.txt", NOTE)
    result = deidtui(
        "jobs",
        "preview",
        "--source",
        container.url,
        "--prefix",
        "in/",
        "--target-prefix",
        "x/",
        "--operation",
        "Redact",
        "--redaction-format",
        "[{TYPE}]",
    )
    assert result.code == 0, result.err
    assert NOTE in result.out and "[PATIENT]" in result.out and "[DOCTOR]" in result.out


def test_offline_list_shows_cache_and_says_so(deidtui, container):
    container.put("in/a.txt", NOTE)
    assert submit(deidtui, container, "kept", "--wait", "--interval", "0.2").code == 0
    offline = deidtui("jobs", "list", "-o", "json", env={"DEIDTUI_ENDPOINT": "http://127.0.0.1:9"})
    assert offline.code == 8
    assert [j["name"] for j in offline.json()] == ["kept"]
    assert "cached" in offline.err
    cached = deidtui("jobs", "list", "--cached", "-o", "json", env={"DEIDTUI_ENDPOINT": "http://127.0.0.1:9"})
    assert cached.code == 0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["jobs", "frobnicate"], "invalid choice"),
        (["jobs", "list", "--status", "sleeping"], "--status"),
        (["jobs", "list", "--since", "yesterday-ish"], "--since"),
        (["jobs", "list", "-o", "xml"], "invalid choice"),
        (["jobs", "submit", "--prefix", "in/"], "required"),
        (
            ["jobs", "submit", "--source", "notes", "--prefix", "in/", "--target-prefix", "o/", "--operation", "shred"],
            "--operation",
        ),
        (["jobs", "watch"], "required"),
        (["blobs", "cat"], "required"),
        (["jobs", "list", "--profile", "nope"], "profile"),
    ],
)
def test_bad_arguments_get_one_line_and_a_non_zero_exit(deidtui, args, needle):
    result = deidtui(*args)
    assert result.code == 2, result.err
    assert needle in result.err and "Traceback" not in result.err
    assert len([line for line in result.err.splitlines() if line.strip()]) <= 2
