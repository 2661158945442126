"""`deidtui demo --no-ui` says how to reach it, and a second terminal can, with what it printed."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from deidtui.local.azurite import DEV_KEY


def read_lines(stream, into: list[str]) -> threading.Thread:
    def pump() -> None:
        into.extend(stream)  # line by line, as they arrive

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    return thread


def wait_for_line(lines: list[str], needle: str, process: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not any(needle in line for line in lines):
        assert process.poll() is None, "".join(lines)
        assert time.monotonic() < deadline, "".join(lines)
        time.sleep(0.1)


def exports(text: str) -> dict[str, str]:
    """The `export NAME=value` lines, as a shell would read them."""
    found = {}
    for line in text.splitlines():
        if line.startswith("export "):
            name, _, value = line[len("export ") :].partition("=")
            found[name] = shlex.split(value)[0]
    return found


def clean_environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEIDTUI_") or k == "DEIDTUI_AZURITE_BIN"}
    env.pop("AZURE_STORAGE_CONNECTION_STRING", None)
    env.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), XDG_STATE_HOME=str(tmp_path / "state"), NO_COLOR="1")
    return env


def deidtui(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "deidtui", *args], capture_output=True, text=True, env=env, timeout=60)


def test_the_printed_environment_and_profile_reach_the_demo(tmp_path, azurite):  # azurite: installed
    env = clean_environment(tmp_path)
    demo = subprocess.Popen(
        [sys.executable, "-m", "deidtui", "demo", "--no-ui", "--fast"],  # jobs finish at once
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    out: list[str] = []
    err: list[str] = []
    pumps = [read_lines(demo.stdout, out), read_lines(demo.stderr, err)]
    try:
        wait_for_line(out, "demo ready", demo)
        printed = "".join(out)
        variables = exports(printed)
        assert variables["DEIDTUI_CREDENTIAL"] == "local"
        assert variables["DEIDTUI_ENDPOINT"].startswith("http://127.0.0.1:")
        assert f"AccountKey={DEV_KEY};" in variables["DEIDTUI_STORAGE_CONNECTION_STRING"]
        assert "well-known development account key" in printed and "not a secret" in printed
        assert "sig=" not in printed.lower()

        # A second terminal, first with the export lines alone...
        second = {**env, **variables}
        listed = deidtui(second, "jobs", "list", "-o", "json")
        assert listed.returncode == 0, listed.stderr
        names = {job["name"] for job in json.loads(listed.stdout)}
        assert {"cardio-2024-surrogate", "typo-in-prefix", "emergency-redact"} <= names
        blobs = deidtui(second, "blobs", "ls", "clinical-notes/")
        assert blobs.returncode == 0 and "cardiology/" in blobs.stdout, blobs.stderr

        # ...then with `source demo.env`, as the demo says, from a real shell.
        env_file = next(line.split()[1] for line in out if line.strip().startswith("source "))
        shell = subprocess.run(
            ["bash", "-c", f"source {env_file} && {shlex.quote(sys.executable)} -m deidtui jobs show oncology-tag"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert shell.returncode == 0 and "Succeeded" in shell.stdout, shell.stderr

        # And the printed profile pasted into a config file of one's own.
        profile = printed.split("As a profile for your config.toml", 1)[1].split("\n", 1)[1]
        profile = profile.split("seeding notes and jobs", 1)[0]
        config = tmp_path / "mine.toml"
        config.write_text(profile)
        shown = deidtui(env, "--config", str(config), "--profile", "demo", "jobs", "show", "typo-in-prefix")
        assert shown.returncode == 0 and "Failed" in shown.stdout, shown.stderr
    finally:
        demo.send_signal(signal.SIGINT)
        try:
            code = demo.wait(timeout=60)
        finally:
            if demo.poll() is None:
                demo.kill()
                demo.wait()
        for pump in pumps:
            pump.join(timeout=5)
    assert code == 130, "".join(err)
