"""Running `deidtui serve` for a test: the real command in a subprocess, the URL it prints, and
the processes it has started (read from /proc, so a leaked dashboard cannot hide)."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

URL_LINE = re.compile(r"^deidtui serve: open (?P<url>(?P<base>https?://[^/\s]+)/\?access_token=(?P<token>\S+))$")


def _stat(pid: int | str) -> list[str] | None:
    """The fields of /proc/PID/stat after the name (state, parent, ...), or None once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()  # the name may hold spaces and parentheses


def _started(pid: int) -> str | None:
    """When the process started (clock ticks since boot): with its pid, which process it is."""
    fields = _stat(pid)
    return fields[19] if fields else None


def alive(pid: int, started: str | None) -> bool:
    """Whether the process that had `pid` and started at `started` still runs (a zombie does not)."""
    fields = _stat(pid)
    return fields is not None and fields[19] == started and fields[0] != "Z"


def descendants(pid: int) -> list[int]:
    """Every living or unreaped process below `pid` (its children, theirs, ...), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        fields = _stat(entry.name) if entry.name.isdigit() else None
        if fields:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@dataclass
class Served:
    """A running `deidtui serve` and what it printed."""

    process: subprocess.Popen
    url: str  # with the token, as printed
    base: str  # scheme://host:port
    token: str
    stderr: str = ""
    stdout_rest: str = ""
    peaks: list[int] = field(default_factory=list)

    def processes(self) -> list[int]:
        return descendants(self.process.pid)

    def dashboards(self) -> dict[int, str | None]:
        """The processes it has started now, each with its start time (to tell a reused pid)."""
        return {pid: _started(pid) for pid in self.processes()}

    def stop(self, timeout: float = 30) -> int:
        """Ctrl-C, as an operator stops it; returns the exit code and keeps what it printed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=timeout)
        self.stdout_rest, self.stderr = out, err
        return self.process.returncode


def _first_line(process: subprocess.Popen, timeout: float) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    if not ready:
        raise AssertionError(f"deidtui serve printed no URL within {timeout} s")
    return process.stdout.readline().rstrip("\n")


@contextmanager
def serving(env: dict[str, str], *args: str, cwd: Path, timeout: float = 30) -> Iterator[Served]:
    """`deidtui serve --port 0 ARGS` until the block ends; then stopped, and any process it left
    behind is killed (the test that counts them has failed already by then)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "deidtui", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=cwd,
    )
    try:
        line = _first_line(process, timeout)
        match = URL_LINE.match(line)
        if match is None:
            process.kill()
            _out, err = process.communicate(timeout=timeout)
            raise AssertionError(f"unexpected first line {line!r}; stderr: {err[-2000:]}")
        served = Served(process, match["url"], match["base"], match["token"])
        yield served
    finally:
        left = {pid: _started(pid) for pid in descendants(process.pid)}
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
        for pid, started in left.items():  # only the very processes it started, never a reused pid
            if started is not None and _started(pid) == started:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


def host_of(url: str) -> str:
    return urlsplit(url).netloc
