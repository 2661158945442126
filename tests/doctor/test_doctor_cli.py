"""`deidtui doctor` as a command: a table for people, JSON for scripts, exit 0 / 1 / 3."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time

import pytest

from deidtui.engine.doctor import NOT_DEEP

from .test_doctor_network import closed_port

CHECK_IDS = [
    "config",
    "proxy",
    "endpoint",
    "api-version",
    "clock",
    "sign-in",
    "deid-read",
    "deid-write",
    "storage",
    "storage-write",
    "service-storage",
    "deep",
]


def test_json_lists_every_check_with_status_observation_and_fix(deidtui, container):
    result = deidtui("doctor", "-o", "json", "--container", container.url.rsplit("/", 1)[1])
    assert result.code == 0, result.out + result.err
    report = result.json()
    assert report["schema"] == "deidtui.doctor/1" and report["ok"] is True and report["exitCode"] == 0
    assert [c["id"] for c in report["checks"]] == CHECK_IDS
    for check in report["checks"]:
        assert set(check) == {"id", "title", "status", "observed", "fix", "skippedBecause", "durationMs"}
    assert {c["status"] for c in report["checks"][:-1]} == {"ok"}
    assert report["checks"][-1] == {**report["checks"][-1], "status": "skipped", "observed": NOT_DEEP}


def test_the_table_is_plain_text_without_a_terminal_and_names_the_fix(deidtui, emulator_factory, container, cli_env):
    refusing = emulator_factory(caller_role="none")
    result = deidtui("doctor", env={"DEIDTUI_ENDPOINT": refusing.url})
    assert result.code == 1, result.err
    assert "\x1b" not in result.out  # NO_COLOR, and no terminal: no colour codes
    lines = result.out.splitlines()
    assert any(line.startswith("✘") and "DeID role: read jobs" in line for line in lines)
    assert any(line.startswith("✔") and "Configuration" in line for line in lines)
    # Every fix is printed whole, on lines of its own, for copying.
    assert any(
        line.strip().startswith("az role assignment create") and line.endswith('--scope "$deid"') for line in lines
    )
    assert "a check failed, exit 1" in result.out


def test_a_configuration_that_does_not_load_is_exit_3_with_the_file_and_line(deidtui, tmp_path):
    config = tmp_path / "broken.toml"
    config.write_text('[profiles.prod]\nendpoint = "https://x.api.deid.azure.com"\ncredentail = "cli"\n')
    result = deidtui("--config", str(config), "doctor", "-o", "json")
    assert result.code == 3, result.err
    report = result.json()
    first, *rest = report["checks"]
    assert first["status"] == "failed" and f"{config}:3" in first["observed"] and "credential" in first["observed"]
    assert {c["status"] for c in rest} == {"skipped"} and {c["skippedBecause"] for c in rest} == {"config"}


def test_all_profiles_reports_each_and_exits_with_the_worst(deidtui, emulator, azurite, tmp_path):
    config = tmp_path / "two.toml"
    config.write_text(
        "\n".join(
            [
                "[profiles.good]",
                f'endpoint = "{emulator.url}"',
                'credential = "local"',
                "[profiles.good.storage]",
                f'connection_string = "{azurite.connection_string}"',
                "[profiles.down]",
                f'endpoint = "http://127.0.0.1:{closed_port()}"',
                'credential = "local"',
            ]
        )
    )
    unset = {"DEIDTUI_ENDPOINT": "", "DEIDTUI_STORAGE_CONNECTION_STRING": "", "DEIDTUI_CREDENTIAL": ""}
    result = deidtui("--config", str(config), "doctor", "--all-profiles", "-o", "json", env=unset)
    assert result.code == 3, result.err
    reports = {r["profile"]: r for r in result.json()}
    assert reports["good"]["exitCode"] == 0 and reports["down"]["exitCode"] == 3
    down = {c["id"]: c for c in reports["down"]["checks"]}
    assert down["storage"]["status"] == "warning"  # no storage account in that profile
    table = deidtui("--config", str(config), "doctor", "--all-profiles", env=unset)
    assert "== profile good ==" in table.out and "== profile down ==" in table.out


def test_a_trusted_certificate_passes_the_tls_check(emulator_factory, cli_env, azurite):
    emulator = emulator_factory(tls=True)
    certificate = str(emulator.server.certificate)
    env = {**cli_env, "DEIDTUI_ENDPOINT": emulator.url, "SSL_CERT_FILE": certificate, "REQUESTS_CA_BUNDLE": certificate}
    process = subprocess.run(
        [sys.executable, "-m", "deidtui", "doctor", "-o", "json"], capture_output=True, text=True, env=env, timeout=60
    )
    checks = {c["id"]: c for c in json.loads(process.stdout)["checks"]}
    assert checks["endpoint"]["status"] == "ok" and "TLS certificate valid" in checks["endpoint"]["observed"]
    assert checks["deid-read"]["status"] == "ok"  # the SDK's own transport trusts it the same way


@pytest.mark.slow
def test_doctor_against_the_demo_is_all_good(tmp_path):
    """The issue's bar: `deidtui doctor` against `deidtui demo --no-ui` is all ✔ (with --deep too)."""
    demo = subprocess.Popen(
        [sys.executable, "-m", "deidtui", "demo", "--no-ui", "--fast"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert demo.stdout is not None
    threading.Thread(target=lambda: [lines.put(line) for line in demo.stdout or ()], daemon=True).start()
    try:
        env_file = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line.strip().startswith("source ") and env_file is None:
                env_file = line.split()[1]
            if "demo ready" in line:
                break
        assert env_file, "the demo printed no env file within 120 s"
        script = f"source {env_file} && {sys.executable} -m deidtui doctor --deep -o json"
        result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=300)
    finally:
        demo.terminate()
        demo.wait(timeout=30)
    report = json.loads(result.stdout)
    assert result.returncode == 0, result.stdout
    assert {c["id"]: c["status"] for c in report["checks"] if c["status"] != "ok"} == {}


def test_fixes_change_a_value_where_it_was_set_an_environment_variable_or_the_files_line(deidtui, tmp_path):
    unset = {"DEIDTUI_STORAGE_CONNECTION_STRING": "", "DEIDTUI_CREDENTIAL": ""}
    env = {**unset, "DEIDTUI_ENDPOINT": "https://deidtui-doctor-test.invalid"}
    result = deidtui("doctor", "-o", "json", env=env)
    assert result.code == 3, result.err
    checks = {c["id"]: c for c in result.json()["checks"]}
    assert "export DEIDTUI_ENDPOINT='https://<id>.api.<region>.deid.azure.com'" in checks["endpoint"]["fix"]
    assert checks["storage"]["fix"] == "export DEIDTUI_STORAGE_ACCOUNT_URL='https://<account>.blob.core.windows.net'"
    assert checks["storage-write"]["status"] == "skipped"  # the missing account is said once

    config = tmp_path / "one.toml"
    config.write_text('[profiles.prod]\ncredential = "local"\nendpoint = "https://deidtui-doctor-test.invalid"\n')
    result = deidtui("--config", str(config), "doctor", "-o", "json", env={**unset, "DEIDTUI_ENDPOINT": ""})
    checks = {c["id"]: c for c in result.json()["checks"]}
    assert (
        f'set endpoint = "https://<id>.api.<region>.deid.azure.com" in [profiles.prod] ({config}:3)'
        in (checks["endpoint"]["fix"])
    )
    assert (
        (checks["storage"]["fix"])
        == 'add account_urls = ["https://<account>.blob.core.windows.net"] under [profiles.prod.storage]'
    )


def test_colour_only_on_a_terminal(cli_env, tmp_path):
    import os

    env = {**cli_env, "DEIDTUI_ENDPOINT": f"http://127.0.0.1:{closed_port()}", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    command = [sys.executable, "-m", "deidtui", "doctor"]
    piped = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert piped.returncode == 3 and "✘" in piped.stdout and "\x1b[" not in piped.stdout
    leader, follower = os.openpty()
    chunks = []
    try:
        process = subprocess.Popen(command, stdout=follower, stderr=subprocess.DEVNULL, env=env)
        os.close(follower)  # the child holds it: reading ends (EIO) when the child is done
        while True:  # read as it writes, so a full terminal buffer never blocks it
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    finally:
        os.close(leader)
    on_terminal = b"".join(chunks).decode(errors="replace")
    assert process.returncode == 3 and "✘" in on_terminal and "\x1b[" in on_terminal
