"""Find or install Azurite (Microsoft's storage emulator, from npm) and run `azurite-blob` on loopback.

Used by the tests, the demo and the benchmarks, so that none of them depends on a server
someone started by hand.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

AZURITE_PACKAGE = "azurite@3"
# Azurite's documented, public development account; not a secret.
DEV_ACCOUNT = "devstoreaccount1"
DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
_LISTENING = re.compile(r"successfully listens on (https?://\S+)")


def _die_with_parent(signum: int = signal.SIGTERM) -> None:  # pragma: no cover - in the child, before exec
    """Linux: Azurite gets SIGTERM (or `signum`) if deidtui dies without stopping it (SIGKILL, a
    closed terminal). `deidtui serve` uses it too, for its dashboards.

    The kernel ties this to the thread that started Azurite, so start it from a long-lived thread
    (the main thread), not from a pool thread that may end first.
    """
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signum)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class AzuriteError(RuntimeError):
    """Azurite could not be found, installed or started; the message says what to do."""


def install_dir() -> Path:
    """Where deidtui keeps its own Azurite: `$DEIDTUI_AZURITE_DIR`, the checkout's `.azurite`, or the user cache."""
    override = os.environ.get("DEIDTUI_AZURITE_DIR")
    if override:
        return Path(override).expanduser()
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "deidtui").is_dir():
        return checkout / ".azurite"
    return Path(platformdirs.user_cache_dir("deidtui")) / "azurite"


def find_azurite_blob(*, install: bool = True) -> Path:
    """Path of an `azurite-blob` executable, installing Azurite with npm when allowed and needed."""
    explicit = os.environ.get("DEIDTUI_AZURITE_BIN")
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise AzuriteError(f"DEIDTUI_AZURITE_BIN points at {path}, which does not exist")
        return path
    local = install_dir() / "node_modules" / ".bin" / "azurite-blob"
    if local.is_file():
        return local
    on_path = shutil.which("azurite-blob")
    if on_path:
        return Path(on_path)
    if not install:
        raise AzuriteError("Azurite is not installed; run `deidtui azurite install` (needs Node.js and npm)")
    return install_azurite()


_install_lock = threading.Lock()


def install_azurite() -> Path:
    """Install Azurite from npm into `install_dir()`; returns the `azurite-blob` path."""
    target = install_dir()
    binary = target / "node_modules" / ".bin" / "azurite-blob"
    with _install_lock:
        if binary.is_file():
            return binary
        npm = shutil.which("npm")
        if npm is None:
            raise AzuriteError(
                "Azurite (Microsoft's storage emulator) comes from npm, and npm was not found; "
                "install Node.js and npm (Debian: apt-get install nodejs npm) and try again"
            )
        target.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(target), AZURITE_PACKAGE],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not binary.is_file():
            tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
            raise AzuriteError(f"npm could not install Azurite into {target}: " + " | ".join(tail))
        return binary


@dataclass
class Azurite:
    """One `azurite-blob` process on a free loopback port.

    `persistence` is "memory" (nothing on disk) or a folder for Azurite's files (a temporary
    folder when None is given, removed on stop).
    """

    host: str = "127.0.0.1"
    port: int = 0
    persistence: str | Path | None = "memory"
    startup_timeout: float = 60.0
    url: str | None = None
    _process: subprocess.Popen[str] | None = field(default=None, repr=False)
    _tempdir: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)
    _output: deque[str] = field(default_factory=lambda: deque(maxlen=50), repr=False)

    @property
    def account_url(self) -> str:
        if self.url is None:
            raise AzuriteError("Azurite is not running")
        return f"{self.url}/{DEV_ACCOUNT}"

    @property
    def connection_string(self) -> str:
        return (
            f"DefaultEndpointsProtocol=http;AccountName={DEV_ACCOUNT};AccountKey={DEV_KEY};"
            f"BlobEndpoint={self.account_url};"
        )

    def container_url(self, container: str) -> str:
        return f"{self.account_url}/{container}"

    def start(self) -> Azurite:
        binary = find_azurite_blob()
        args = [
            str(binary),
            "--blobHost",
            self.host,
            "--blobPort",
            str(self.port),
            "--skipApiVersionCheck",
            "--loose",
            "--disableTelemetry",
            "--disableProductStyleUrl",
        ]
        if self.persistence == "memory":
            args.append("--inMemoryPersistence")
        else:
            if self.persistence is None:
                self._tempdir = tempfile.TemporaryDirectory(prefix="deidtui-azurite-")
                location = self._tempdir.name
            else:
                location = str(self.persistence)
                Path(location).mkdir(parents=True, exist_ok=True)
            args += ["--location", location]
        self._process = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,  # a Ctrl-C in the terminal reaches us, and we stop Azurite in order
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        ready = threading.Event()
        threading.Thread(target=self._read_output, args=(ready,), daemon=True).start()
        deadline = time.monotonic() + self.startup_timeout
        while not ready.wait(0.05):
            if self._process.poll() is not None:
                output = " | ".join(list(self._output)[-5:])
                raise AzuriteError(f"Azurite exited with code {self._process.returncode}: {output}")
            if time.monotonic() > deadline:
                self.stop()
                raise AzuriteError(f"Azurite did not start within {self.startup_timeout:.0f} s")
        return self

    def _read_output(self, ready: threading.Event) -> None:
        assert self._process is not None and self._process.stdout is not None
        for line in self._process.stdout:
            self._output.append(line.rstrip())
            match = _LISTENING.search(line)
            if match and not ready.is_set():
                self.url = match.group(1).rstrip("/")
                ready.set()

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=10)
            except (ProcessLookupError, PermissionError):
                pass
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None
        self.url = None

    def __enter__(self) -> Azurite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
