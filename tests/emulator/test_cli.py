"""`deidtui emulator` as a process: its one line of output, clean stop, and precise errors."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import aiohttp

LINE = re.compile(r"^deidtui emulator listening on (http://127\.0\.0\.1:(\d+))$")


def start(*args: str, env: dict | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "deidtui", "emulator", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


async def test_prints_exactly_one_line_when_ready_and_stops_on_sigterm(azurite, tmp_path):
    process = start(
        "--port", "0", "--state-dir", str(tmp_path), env={"AZURE_STORAGE_CONNECTION_STRING": azurite.connection_string}
    )
    try:
        line = process.stdout.readline().rstrip("\n")
        match = LINE.match(line)
        assert match, line
        async with (
            aiohttp.ClientSession() as session,
            session.get(
                f"{match.group(1)}/jobs?api-version=2024-11-15", headers={"Authorization": "Bearer x"}
            ) as response,
        ):
            assert response.status == 200
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=15)
    finally:
        process.kill() if process.poll() is None else None
    assert process.returncode == 0
    assert out == "" and "Traceback" not in err
    assert (tmp_path / "emulator.sqlite3").exists()


def test_ctrl_c_stops_cleanly(tmp_path):
    process = start("--state-dir", str(tmp_path))
    assert LINE.match(process.stdout.readline().rstrip("\n"))
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=15)
    assert process.returncode == 0 and "Traceback" not in err


def test_bad_arguments_get_one_line_and_exit_2():
    for args, needle in [
        (["--chaos", "error-rate=7"], "between 0 and 1"),
        (["--port", "99999"], "65535"),
        (["--port", "abc"], "invalid int"),
        (["--doc-delay-ms", "-5"], "negative"),
        (["--queue-seconds", "9-2"], "MIN-MAX"),
        (["--document-seconds", "soon"], "N or MIN-MAX"),
    ]:
        result = subprocess.run(
            [sys.executable, "-m", "deidtui", "emulator", *args], capture_output=True, text=True, timeout=30
        )
        assert result.returncode == 2, args
        assert needle in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_port_in_use_is_explained(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "deidtui", "emulator", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 2 and "cannot listen" in result.stderr and "Traceback" not in result.stderr
    assert time.monotonic() - started < 30


async def test_pacing_and_summary_options_reach_the_emulator(azurite, container, tmp_path):
    from ..support import job_body, wait_for
    from .rest import API, call

    for i in range(3):
        container.put(f"in/{i}.txt", "Patient John Smith was seen on 10/12/2023.")
    process = start(
        *("--state-dir", str(tmp_path), "--queue-seconds", "0.2", "--document-seconds", "0.6", "--seed", "4"),
        "--no-summary-while-running",
        env={"AZURE_STORAGE_CONNECTION_STRING": azurite.connection_string},
    )
    try:
        url = LINE.match(process.stdout.readline().rstrip("\n")).group(1)
        job_url = f"{url}/jobs/paced?{API}"
        await call("PUT", job_url, json=job_body(container.url, "in/", "out/"))

        async def seen(status):
            answer = await call("GET", job_url)
            return answer[2] if answer[2]["status"] == status else None

        running = await wait_for(lambda: seen("Running"))
        assert "summary" not in running and running["startedAt"] > running["createdAt"]
        done = await wait_for(lambda: seen("Succeeded"))
        assert done["summary"]["successful"] == 3
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=15)
