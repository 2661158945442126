"""`deidtui run`: a folder de-identified end to end against the emulator and Azurite, split into
jobs, mirrored on disk, summarised; again with the same arguments, it does nothing twice."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from .conftest import blob_etags, emulator_jobs, files_state, make_tree


def command(source: Path, operation: str, out: Path, *extra: str) -> tuple[str, ...]:
    """`deidtui run` of `source` to `out`, checking often (the emulator runs jobs at once)."""
    return ("run", str(source), "--op", operation, "--out", str(out), "--interval", "0.2", *extra)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_folder_is_split_into_jobs_and_mirrored_on_disk(deidtui, emulator, azurite, source, tmp_path):
    sent = make_tree(source, 30)
    out = tmp_path / "out"
    result = deidtui(
        "run", str(source), "--op", "surrogate", "--out", str(out), "--documents-per-job", "20",
        "--interval", "0.2", "--name", "nested", "-o", "json",
    )  # fmt: skip
    assert result.code == 0, result.err
    summary = result.json()
    assert summary["schema"] == "deidtui.run/1"
    assert [job["name"] for job in summary["jobs"]] == ["nested-1", "nested-2"]
    assert emulator_jobs(emulator.url) == ["nested-1", "nested-2"]
    assert summary["documents"] == {"total": 30, "succeeded": 30, "failed": 0, "canceled": 0}
    assert {s["path"] for s in summary["skipped"]} == {"clinic-b/huge.txt", "clinic-a/latin1.txt"}
    reasons = {s["path"]: s["reason"] for s in summary["skipped"]}
    assert "larger than 2 MB" in reasons["clinic-b/huge.txt"] and "not UTF-8" in reasons["clinic-a/latin1.txt"]
    assert summary["uploads"]["files"] == 30 and summary["downloads"]["files"] == 30
    assert summary["downloads"]["failed"] == [] and summary["failures"] == []
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == sent  # the tree mirrored; nothing skipped, nothing of another extension
    for path in sent:
        output = (out / path).read_text(encoding="utf-8")
        assert output and "John Smith" not in output  # surrogated
        assert mode(out / path) == 0o600
    assert {mode(p) for p in out.rglob("*") if p.is_dir()} | {mode(out)} == {0o700}
    assert "skipped clinic-b/huge.txt" in result.err and "not UTF-8" in result.err
    assert "created the container" in result.err and "/deidtui-runs" in result.err  # the default, made
    assert "John Smith" not in result.err + result.out  # no document text on screen


def test_the_same_command_again_sends_nothing_and_downloads_nothing(
    deidtui, bucket, emulator, azurite, source, tmp_path
):
    make_tree(source, 12, big=False, latin1=False)
    out = tmp_path / "out"
    args = command(source, "redact", out, "--container", bucket, "-o", "json")
    first = deidtui(*args)
    assert first.code == 0, first.err
    name = first.json()["name"]
    inputs = blob_etags(azurite.connection_string, bucket, f"{name}/in/")
    assert len(inputs) == 12
    on_disk = files_state(out)
    again = deidtui(*args)
    assert again.code == 0, again.err
    summary = again.json()
    assert summary["name"] == name
    assert summary["uploads"]["files"] == 0
    assert summary["downloads"] == {"files": 0, "bytes": 0, "alreadyVerified": 12, "failed": []}
    assert blob_etags(azurite.connection_string, bucket, f"{name}/in/") == inputs
    assert files_state(out) == on_disk
    assert emulator_jobs(emulator.url) == [f"{name}-1"]


def test_tag_results_are_json_beside_the_names_they_describe(deidtui, bucket, emulator, source, tmp_path):
    sent = make_tree(source, 4, big=False, latin1=False)
    out = tmp_path / "out"
    result = deidtui("run", str(source), "--op", "tag", "--out", str(out), "--interval", "0.2", "--container", bucket)
    assert result.code == 0, result.err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [f"{p}.json" for p in sent]
    entities = json.loads((out / f"{sent[0]}.json").read_text())["entities"]
    assert any(e["category"] == "Patient" for e in entities)
    assert "4 document(s) in 1 job(s)" in result.out and "done 4, failed 0" in result.out


def test_strict_refuses_before_anything_is_sent(deidtui, bucket, azurite, source, tmp_path):
    make_tree(source, 3)
    result = deidtui(
        "run", str(source), "--op", "redact", "--out", str(tmp_path / "out"), "--strict", "--container", bucket
    )
    assert result.code == 9, result.err
    assert "2 file(s) cannot be sent" in result.err
    assert blob_etags(azurite.connection_string, bucket) == {}


def test_clean_removes_inputs_and_asked_separately_outputs(deidtui, bucket, azurite, source, tmp_path):
    make_tree(source, 5, big=False, latin1=False)
    out = tmp_path / "out"
    base = command(source, "redact", out, "--container", bucket, "--name", "tidy")
    kept = deidtui(*base, "--clean", "-o", "json")
    assert kept.code == 0, kept.err
    assert kept.json()["cleaned"] == {"inputs": 5, "outputs": 0}
    left = blob_etags(azurite.connection_string, bucket, "tidy/")
    assert len(left) == 5 and all(name.startswith("tidy/out/") for name in left)
    again = deidtui(*base, "--clean", "--clean-outputs", "-o", "json")
    assert again.code == 0, again.err
    assert again.json()["cleaned"] == {"inputs": 0, "outputs": 5}
    assert blob_etags(azurite.connection_string, bucket, "tidy/") == {}
    assert len([p for p in out.rglob("*") if p.is_file()]) == 5


def test_runs_lists_the_run_with_its_jobs(deidtui, bucket, source, tmp_path):
    make_tree(source, 3, big=False, latin1=False)
    result = deidtui(
        "run", str(source), "--op", "redact", "--out", str(tmp_path / "o"), "--interval", "0.2", "--container", bucket
    )
    assert result.code == 0, result.err
    listed = deidtui("runs", "-o", "json")
    assert listed.code == 0, listed.err
    (run,) = listed.json()
    assert run["state"] == "finished" and run["jobs"] == [f"{run['name']}-1"]
    assert run["summary"]["documents"]["succeeded"] == 3
    table = deidtui("runs")
    assert run["name"] in table.out and "finished" in table.out


def test_a_failed_document_is_listed_with_its_reason_and_the_exit_code_says_partial(
    deidtui, bucket, blob_service, source, tmp_path
):
    sent = make_tree(source, 6, big=False, latin1=False)
    blob_service.create_container(bucket).upload_blob(f"mine/out/{sent[0]}", b"an output already there")
    out = tmp_path / "out"
    result = deidtui(*command(source, "redact", out, "--container", bucket, "--prefix", "mine/", "-o", "json"))
    assert result.code == 4, result.err  # as `jobs watch`: partially failed
    summary = result.json()
    assert summary["documents"] == {"total": 6, "succeeded": 5, "failed": 1, "canceled": 0}
    assert [(f["path"], f["code"]) for f in summary["failures"]] == [(sent[0], "OutputAlreadyExists")]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sent[1:]
    table = deidtui(*command(source, "redact", out, "--container", bucket, "--prefix", "mine/"))
    assert table.code == 4
    assert f"failed: {sent[0]}: OutputAlreadyExists" in table.out and "done 5, failed 1" in table.out


def test_timeout_stops_following_and_the_same_command_finishes_the_run(
    deidtui, bucket, emulator_factory, source, tmp_path
):
    slow = emulator_factory(doc_delay_ms=100, concurrency=1)
    make_tree(source, 20, big=False, latin1=False)
    out = tmp_path / "out"
    env = {"DEIDTUI_ENDPOINT": slow.url}
    args = command(source, "redact", out, "--container", bucket, "--name", "patient")
    stopped = deidtui(*args, "--timeout", "0.5", env=env)
    assert stopped.code == 11, stopped.err
    assert "run the same command again to continue" in stopped.err
    finished = deidtui(*args, "-o", "json", env=env)
    assert finished.code == 0, finished.err
    assert finished.json()["documents"]["succeeded"] == 20
    assert finished.json()["uploads"]["files"] == 0  # the job existed: nothing sent again
    assert emulator_jobs(slow.url) == ["patient-1"]
