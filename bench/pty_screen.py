"""A program in a real pseudo-terminal, watched as the operator sees it: the text it writes.

The benchmarks that time what reaches a terminal (first paint, key presses) run the program in a
pty of a given size and read everything it writes. The screen's text is the written bytes with the
escape sequences taken out: Textual writes each run of a row's text in one piece, so a job's name
on screen is a substring of it.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and two-character escapes.
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


class PtyProgram:
    """`argv` running in a pty of `columns` x `lines`; `wait_for_text` reads until text shows."""

    def __init__(self, argv: list[str], *, env: dict[str, str], cwd: Path, columns: int = 160, lines: int = 48):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)},
            cwd=cwd,
            close_fds=True,
            start_new_session=True,
        )
        os.close(slave)
        os.set_blocking(master, False)
        self.master = master
        self.text = b""  # everything written so far, escapes removed
        self._raw = b""  # an escape sequence cut by a read boundary waits here
        self.last_output = self.started

    def read(self, timeout: float) -> bool:
        """Read what is ready within `timeout` s; False when nothing came."""
        ready, _, _ = select.select([self.master], [], [], max(timeout, 0))
        if not ready:
            return False
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:
            return False
        if not data:
            return False
        self.last_output = time.perf_counter()
        raw = self._raw + data
        cut = raw.rfind(b"\x1b")
        if cut != -1 and cut > len(raw) - 64 and not ESCAPES.match(raw, cut):
            raw, self._raw = raw[:cut], raw[cut:]  # finish it with the next read
        else:
            self._raw = b""
        self.text += ESCAPES.sub(b"", raw)
        return True

    def wait_for_text(self, needle: str, timeout: float = 60.0, since: int = 0) -> float:
        """Seconds from process start until `needle` was written (after byte `since` of the text)."""
        wanted = needle.encode()
        deadline = time.perf_counter() + timeout
        while wanted not in self.text[since:]:
            if time.perf_counter() > deadline or self.process.poll() is not None:
                tail = self.text[-600:].decode(errors="replace")
                raise RuntimeError(f"{needle!r} never showed (exit {self.process.poll()}): ...{tail}")
            self.read(0.05)
        return self.last_output - self.started

    def settle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Read until nothing has been written for `quiet` s."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self.read(quiet):
                return

    def press(self, keys: str) -> float:
        """Write `keys` as typed; returns the moment (perf_counter) they were written."""
        os.write(self.master, keys.encode())
        return time.perf_counter()

    def rss_mb(self) -> float:
        """Resident memory of the program, MB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kilobytes = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        return kilobytes / 1024

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        os.close(self.master)
