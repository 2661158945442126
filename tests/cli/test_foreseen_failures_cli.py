"""The CLI foresees what a job would walk into (issue 12.7), in a subprocess against the emulator and
Azurite: `jobs retry-failed` retries only what a retry can fix unless `--include-unfixable`;
`jobs resubmit` may change overwrite and the target prefix; `jobs submit` warns when the target
prefix already holds the job's outputs."""

from __future__ import annotations

from tests.support import seed_unfixable_failures

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."
WAIT = ("--wait", "--interval", "0.2")


def submit(deidtui, container, name, prefix, target, *extra):
    return deidtui(
        "jobs", "submit", "--source", container.url, "--prefix", prefix, "--target-prefix", target,
        "--name", name, "--operation", "Redact", *extra,
    )  # fmt: skip


def test_retry_failed_leaves_out_what_a_retry_cannot_fix_unless_asked(deidtui, container):
    seed_unfixable_failures(container)
    first = submit(deidtui, container, "emergency-redact", "emergency/", "deid/emergency/", *WAIT)
    assert first.code == 4, first.err
    assert "2 of this job's outputs already exist under deid/emergency/" in first.err  # it was warned
    container.client.delete_blob("deid/emergency/cleared.txt")

    retry = deidtui("jobs", "retry-failed", "emergency-redact", *WAIT)
    assert retry.code == 0, retry.err  # only cleared.txt was retried, and it succeeded
    assert retry.out.strip() == "emergency-redact-retry2"
    assert "1 left out: the input is over the service's 2 MB limit" in retry.err
    assert "1 left out: the input is not valid UTF-8" in retry.err
    assert "1 left out: an output already exists" in retry.err
    assert container.names("_retry/") == ["_retry/emergency-redact/cleared.txt"]

    # cleared.txt's output exists now (the retry wrote it): a second retry counts it as in the way too.
    insisted = deidtui("jobs", "retry-failed", "emergency-redact", "--include-unfixable", *WAIT)
    assert insisted.code == 1, insisted.err
    assert "4 of them will likely fail again" in insisted.err and "left out" not in insisted.err


def test_retry_failed_refuses_when_no_failure_can_be_fixed(deidtui, container):
    container.put("in/latin1.txt", "Zoë".encode("latin-1"))
    assert submit(deidtui, container, "bad-input", "in/", "out/", *WAIT).code == 1
    refused = deidtui("jobs", "retry-failed", "bad-input")
    assert refused.code == 9, refused.err
    assert "can succeed on a retry: 1 × the input is not valid UTF-8" in refused.err
    assert "--include-unfixable" in refused.err
    assert refused.out == "" and "Traceback" not in refused.err


def test_resubmit_can_turn_overwrite_on_and_change_the_target(deidtui, container):
    for i in range(3):
        container.put(f"in/{i}.txt", NOTE)
    assert submit(deidtui, container, "weekly", "in/", "out/", *WAIT).code == 0
    plain = deidtui("jobs", "resubmit", "weekly", *WAIT)  # the same spec walks into its own outputs
    assert plain.code == 1 and "3 of this job's outputs already exist under out/" in plain.err
    forced = deidtui("jobs", "resubmit", "weekly", "--overwrite", "-o", "json", *WAIT)
    assert forced.code == 0, forced.err
    assert forced.json()["target"]["overwrite"] is True and forced.json()["parent"] == "weekly"
    moved = deidtui("jobs", "resubmit", "weekly", "--no-overwrite", "--target-prefix", "again/", "-o", "json")
    assert moved.code == 0, moved.err
    job = moved.json()
    assert (job["name"], job["target"]["prefix"], job["target"]["overwrite"]) == ("weekly-r4", "again/", False)
    bad = deidtui("jobs", "resubmit", "weekly", "--target-prefix", "/again//")
    assert bad.code == 9 and "targetLocation.prefix" in bad.err and bad.out == ""
    mixed = deidtui("jobs", "resubmit", "weekly", "--failed-only", "--overwrite")
    assert mixed.code == 2 and "--failed-only" in mixed.err
