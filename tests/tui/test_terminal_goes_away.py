"""The dashboard in a real terminal (a pty) that closes under it, or that is interrupted."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from deidtui.tui.terminal import TerminalOutput

# Made the controlling terminal of a new session, as a login shell's terminal is, then the dashboard.
IN_A_TERMINAL = """
import os, sys
os.setsid()
tty = os.open(sys.argv[1], os.O_RDWR)  # the first terminal a session leader opens becomes its own
for fd in (0, 1, 2):
    os.dup2(tty, fd)
os.execv(sys.executable, [sys.executable, "-c", sys.argv[2]])
"""
# The dashboard, with every uncaught exception of any thread written to a file (the terminal that
# would show it is gone), and its exit code.
DASHBOARD = """
import sys, threading, traceback
report = open({log!r}, "a")
def hook(args):
    report.write("".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)))
    report.flush()
threading.excepthook = hook
from deidtui.cli import main
code = main([])
report.write(f"exit {{code}}\\n")
report.flush()
sys.exit(code)
"""


class Dashboard:
    def __init__(self, tmp_path: Path) -> None:
        self.log = tmp_path / "dashboard.log"
        self.master, slave = pty.openpty()
        env = {k: v for k, v in os.environ.items() if not k.startswith("DEIDTUI_")}
        env |= {
            "DEIDTUI_ENDPOINT": "http://127.0.0.1:9",  # offline: the dashboard still runs on its cache
            "DEIDTUI_CREDENTIAL": "local",
            "DEIDTUI_CACHE": str(tmp_path / "cache.sqlite3"),
            "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
            "TERM": "xterm-256color",
        }
        code = textwrap.dedent(DASHBOARD).format(log=str(self.log))
        self.process = subprocess.Popen(
            [sys.executable, "-c", IN_A_TERMINAL, os.ttyname(slave), code], env=env, pass_fds=(slave,)
        )
        os.close(slave)

    def wait_for_first_frame(self, timeout: float = 30) -> None:
        seen = b""
        deadline = time.monotonic() + timeout
        while b"deidtui" not in seen:
            assert time.monotonic() < deadline, "the dashboard never drew its first frame"
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                seen += os.read(self.master, 65536)

    def drain(self) -> None:
        """Read what the dashboard writes, so it never blocks on a full terminal."""
        while select.select([self.master], [], [], 0)[0]:
            try:
                if not os.read(self.master, 65536):
                    return
            except OSError:
                return

    def report(self) -> str:
        return self.log.read_text() if self.log.exists() else ""


@pytest.fixture
def dashboard(tmp_path):
    started = Dashboard(tmp_path)
    yield started
    if started.process.poll() is None:
        started.process.kill()
        started.process.wait()
    with contextlib.suppress(OSError):  # closed by the test already
        os.close(started.master)


@pytest.mark.skipif(sys.platform == "win32", reason="a pty")
def test_closing_the_terminal_ends_the_dashboard_without_an_uncaught_error(dashboard):
    dashboard.wait_for_first_frame()
    os.close(dashboard.master)  # the window, or the SSH session, is gone
    assert dashboard.process.wait(timeout=30) == 0
    report = dashboard.report()
    assert "Traceback" not in report and "OSError" not in report, report
    assert report.strip().endswith("exit 0")


@pytest.mark.skipif(sys.platform == "win32", reason="a pty")
def test_sigint_ends_the_dashboard_with_exit_130(dashboard):
    dashboard.wait_for_first_frame()
    dashboard.process.send_signal(signal.SIGINT)
    deadline = time.monotonic() + 30
    while dashboard.process.poll() is None and time.monotonic() < deadline:
        dashboard.drain()
        time.sleep(0.05)
    assert dashboard.process.poll() == 130, dashboard.report()
    assert "Traceback" not in dashboard.report()


class Broken:
    """A terminal that has been hung up."""

    def __init__(self) -> None:
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        raise OSError(5, "Input/output error")

    def flush(self) -> None:
        raise OSError(5, "Input/output error")

    def fileno(self) -> int:
        return 2


def test_output_to_a_terminal_that_is_gone_is_dropped_and_reported_once():
    lost: list[bool] = []
    output = TerminalOutput(Broken(), lambda: lost.append(True))  # type: ignore[arg-type]
    assert output.write("frame 1") == len("frame 1")
    output.flush()
    output.write("frame 2")
    assert lost == [True] and output.lost
    assert output.fileno() == 2
