"""Every exit code docs/cli.md documents is the code's own constant, and a test proves each one.

Codes already proven elsewhere are named in PROOFS (and checked to exist); the others are
proven here, each in a subprocess against the emulator and Azurite.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

from deidtui.cli import exit_codes

from . import test_cache_unusable_cli, test_jobs_cli, test_no_secret_shown, test_refused_locally

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
NOTE = "Patient John Smith was seen on 10/12/2023 by Dr. Jane Roe at Contoso Hospital."

# code -> the tests that prove it (module, function)
PROOFS = {
    0: [(test_jobs_cli, "test_submit_wait_succeeds_with_exit_0_and_prints_the_name")],
    1: [(test_jobs_cli, "test_watch_exit_codes_failed_canceled_and_not_found")],
    2: [
        (test_jobs_cli, "test_bad_arguments_get_one_line_and_a_non_zero_exit"),
        (test_refused_locally, "test_a_job_name_that_can_never_be_valid_is_refused"),
        (test_refused_locally, "test_an_impossible_value_is_refused_before_anything_is_sent"),
    ],
    3: [(test_cache_unusable_cli, "test_commands_work_from_the_service_and_say_once_that_the_cache_is_not_used")],
    4: [(test_jobs_cli, "test_partially_failed_job_exits_4_and_documents_show_the_failures")],
    5: [(test_jobs_cli, "test_cancel_then_watch_exits_5")],
    6: [(test_jobs_cli, "test_delete_deletes_finished_and_says_when_there_is_nothing_to_delete")],
    8: [(test_jobs_cli, "test_offline_list_shows_cache_and_says_so")],
    9: [(test_jobs_cli, "test_rejected_submission_exits_9_with_one_line_per_problem")],
    10: [(test_jobs_cli, "test_read_only_refuses_actions_with_exit_10")],
    70: [(test_no_secret_shown, "test_crash_output_masks_the_message_and_the_traceback")],
}


def documented_codes() -> dict[int, str]:
    table = DOCS.read_text().split("## Exit codes", 1)[1]
    return {int(code): meaning for code, meaning in re.findall(r"^\| (\d+) \| (.+) \|$", table, re.MULTILINE)}


def test_docs_and_code_list_the_same_exit_codes_and_each_has_a_test():
    constants = {v for k, v in vars(exit_codes).items() if k.isupper() and isinstance(v, int)}
    assert set(documented_codes()) == constants
    proven_here = {int(m.group(1)) for m in (re.match(r"test_exit_(\d+)_", n) for n in globals()) if m}
    assert set(PROOFS) | proven_here == constants
    for proofs in PROOFS.values():
        for module, name in proofs:
            assert callable(getattr(module, name, None)), f"{module.__name__}.{name} is gone"


def slow_job(deidtui, container, emulator_factory, name: str) -> dict[str, str]:
    """A job that runs for a minute: 120 documents, one at a time, half a second each."""
    slow = emulator_factory(doc_delay_ms=500, concurrency=1)
    for i in range(120):
        container.put(f"in/{i:03}.txt", NOTE)
    env = {"DEIDTUI_ENDPOINT": slow.url}
    args = ("jobs", "submit", "--source", container.url, "--prefix", "in/", "--target-prefix", f"{name}/")
    submitted = deidtui(*args, "--name", name, env=env)
    assert submitted.code == 0, submitted.err
    return env


def test_exit_2_a_plain_http_storage_account_with_a_sign_in_credential(deidtui, azurite):
    env = {"DEIDTUI_STORAGE_CONNECTION_STRING": "", "DEIDTUI_STORAGE_ACCOUNT_URL": azurite.account_url}
    result = deidtui("blobs", "ls", env=env)
    assert result.code == 2, result.err
    assert "DEIDTUI_STORAGE_CONNECTION_STRING" in result.err and "unexpected" not in result.err
    assert result.out == ""


def test_exit_2_delete_without_yes_when_nobody_can_be_asked(deidtui, container):
    container.put("in/a.txt", NOTE)
    assert test_jobs_cli.submit(deidtui, container, "keep-me", "--wait", "--interval", "0.2").code == 0
    refused = deidtui("jobs", "delete", "keep-me", stdin="")  # stdin is a pipe, not a terminal
    assert refused.code == 2 and "--yes" in refused.err and refused.out == ""
    assert deidtui("jobs", "show", "keep-me", "-o", "json").json()["deleted"] is False


def test_exit_3_something_deidtui_needs_is_missing(deidtui, tmp_path):
    result = deidtui("azurite", "where", env={"DEIDTUI_AZURITE_BIN": str(tmp_path / "no-azurite")})
    assert result.code == 3 and "does not exist" in result.err


def test_exit_6_submitting_from_a_container_that_does_not_exist(deidtui):
    result = deidtui("jobs", "submit", "--source", "nosuch", "--prefix", "in/", "--target-prefix", "o/")
    assert result.code == 6, result.err
    assert "sourceLocation.location" in result.err


def test_exit_7_no_sign_in_is_one_line_on_stderr_and_nothing_on_stdout(cli_env, tmp_path):
    """The default credential finds no sign-in. Every credential it tries stays on this machine:
    no AZURE_* variable reaches it, managed identity is pointed at a closed loopback port, and
    `az` (if installed) at an empty configuration folder."""
    env = {k: v for k, v in cli_env.items() if not k.startswith(("AZURE_", "MSI_", "IDENTITY_"))}
    env.update(
        DEIDTUI_CREDENTIAL="default",
        DEIDTUI_ENDPOINT="https://127.0.0.1:9",
        MSI_ENDPOINT="http://127.0.0.1:9/token",
        HOME=str(tmp_path),
        AZURE_CONFIG_DIR=str(tmp_path / "az"),
    )
    cases = [
        (["jobs", "list"], {}),
        (["jobs", "list", "-o", "json"], {}),
        (["jobs", "show", "some-job"], {}),
        # Set but empty: azure-identity refuses to build the credential at all.
        (["jobs", "list"], {"AZURE_CLIENT_ID": "", "AZURE_TENANT_ID": "", "AZURE_CLIENT_SECRET": ""}),
    ]
    # Side by side: each spends its seconds in the credentials' retries, not on the CPU.
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "deidtui", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**env, **extra},
            cwd=tmp_path,
        )
        for args, extra in cases
    ]
    for process in started:
        stdout, stderr = process.communicate(timeout=60)
        assert process.returncode == 7, stderr
        assert stdout == ""
        assert len(stderr.splitlines()) == 1, stderr
        assert "az login" in stderr or "AZURE_" in stderr, stderr


def test_exit_9_deleting_a_running_job(deidtui, container, emulator_factory):
    env = slow_job(deidtui, container, emulator_factory, "busy-job")
    result = deidtui("jobs", "delete", "busy-job", "--yes", env=env)
    assert result.code == 9, result.err
    assert "cancel it first" in result.err and result.out == ""
    assert deidtui("jobs", "show", "busy-job", "-o", "json", env=env).json()["status"] == "Running"


def test_exit_11_the_timeout_runs_out_and_the_job_keeps_running(deidtui, container, emulator_factory):
    env = slow_job(deidtui, container, emulator_factory, "long-job")
    result = deidtui("jobs", "watch", "long-job", "--interval", "0.2", "--timeout", "0.5", env=env)
    assert result.code == 11, result.err
    assert "keep running" in result.err
    assert deidtui("jobs", "show", "long-job", "-o", "json", env=env).json()["status"] == "Running"


def test_exit_130_interrupted(cli_env, container, emulator_factory, deidtui):
    env = slow_job(deidtui, container, emulator_factory, "watched-job")
    process = subprocess.Popen(
        [sys.executable, "-m", "deidtui", "jobs", "watch", "watched-job", "--interval", "0.2"],
        env={**cli_env, **env},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(cli_env["DEIDTUI_CACHE"]).parent,
    )
    try:
        first = process.stderr.readline()  # the first progress line: the watch is under way
        assert "watched-job" in first, first
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
        rest = process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert code == 130, rest
    assert "interrupted" in rest and "Traceback" not in rest
