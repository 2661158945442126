"""Run `deidtui` as a process against the test's emulator and Azurite, through environment overrides."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)

    def lines(self):
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


@pytest.fixture
def cli_env(emulator, azurite, tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEIDTUI_") or k == "DEIDTUI_AZURITE_BIN"}
    env.update(
        {
            "DEIDTUI_ENDPOINT": emulator.url,
            "DEIDTUI_STORAGE_CONNECTION_STRING": azurite.connection_string,
            "DEIDTUI_CREDENTIAL": "local",
            "DEIDTUI_CACHE": str(tmp_path / "cli-cache.sqlite3"),
            "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
            "NO_COLOR": "1",
        }
    )
    return env


@pytest.fixture
def deidtui(cli_env):
    def run(*args: str, env: dict | None = None, stdin: str | None = None, timeout: float = 60) -> Result:
        process = subprocess.run(
            [sys.executable, "-m", "deidtui", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**cli_env, **(env or {})},
            input=stdin,
            cwd=Path(cli_env["DEIDTUI_CACHE"]).parent,
        )
        return Result(process.returncode, process.stdout, process.stderr)

    return run
