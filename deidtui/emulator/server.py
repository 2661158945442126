"""Start and stop the emulator: in this event loop, in a thread of its own, or as `deidtui emulator`."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from aiohttp import web
from aiohttp.typedefs import Middleware

from .config import EmulatorConfig
from .middleware import api_version_and_auth, chaos, errors_and_ids, throttling
from .pacing import Pacer
from .routes import Routes
from .runner import JobRunner
from .state import EmulatorState
from .storage import StorageGateway
from .throttle import SlidingWindowLimiter
from .transform import phi_executor

log = logging.getLogger("deidtui.emulator")


class EmulatorServer:
    """One running emulator; `url` is set once `start()` returns."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.url: str | None = None
        self.certificate: Path | None = None
        self._tempdir: tempfile.TemporaryDirectory[str] | None = None
        self._state: EmulatorState | None = None
        self._storage: StorageGateway | None = None
        self._runner: JobRunner | None = None
        self._app_runner: web.AppRunner | None = None
        self.limiter: SlidingWindowLimiter | None = None
        self._executor: ThreadPoolExecutor | None = None

    @property
    def state_dir(self) -> Path:
        if self.config.state_dir is not None:
            return Path(self.config.state_dir)
        if self._tempdir is None:
            self._tempdir = tempfile.TemporaryDirectory(prefix="deidtui-emulator-")
        return Path(self._tempdir.name)

    async def start(self) -> str:
        state_dir = self.state_dir
        state_dir.mkdir(parents=True, exist_ok=True)
        pacer = Pacer(self.config.effective_pacing, self.config.seed)
        self._state = await EmulatorState.open(state_dir / "emulator.sqlite3", pacer.listing_key)
        self._storage = StorageGateway(self.config.storage_connection_string)
        self._executor = phi_executor()
        self._runner = JobRunner(
            self._state, self._storage, concurrency=self.config.concurrency, pacer=pacer, executor=self._executor
        )
        middlewares: list[Middleware] = [errors_and_ids]
        if self.config.chaos.enabled:
            middlewares.append(chaos(self.config.chaos))
        self.limiter = SlidingWindowLimiter(self.config.throttle_limit, self.config.throttle_window)
        self.limiter.enabled = self.config.throttle
        middlewares.append(throttling(self.limiter))
        middlewares.append(api_version_and_auth)
        app = web.Application(middlewares=middlewares, client_max_size=4 * 1024 * 1024)
        Routes(self.config, self._state, self._runner, self._executor, pacer).register(app)
        access_log = logging.getLogger("aiohttp.access") if self.config.access_log else None
        self._app_runner = web.AppRunner(app, access_log=access_log, handle_signals=False)
        await self._app_runner.setup()
        ssl_context = None
        if self.config.tls:
            from .tls import server_context

            ssl_context, self.certificate = server_context(state_dir)
        site = web.TCPSite(self._app_runner, self.config.host, self.config.port, ssl_context=ssl_context)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        host = self.config.host if ":" not in self.config.host else f"[{self.config.host}]"
        self.url = f"{'https' if self.config.tls else 'http'}://{host}:{port}"
        await self._runner.resume()
        return self.url

    def set_throttle(self, enabled: bool) -> None:
        """Switch the 100-per-5-s limit on or off while running (benchmarks set up without it)."""
        if self.limiter is not None:
            self.limiter.enabled = enabled

    async def stop(self) -> None:
        if self._app_runner is not None:
            await self._app_runner.cleanup()
            self._app_runner = None
        if self._runner is not None:
            await self._runner.stop()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        if self._storage is not None:
            await self._storage.close()
        if self._state is not None:
            await self._state.close()
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None
        self.url = None


class EmulatorThread:
    """The emulator on its own event loop in a background thread (tests, demo, benchmarks)."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.server = EmulatorServer(config)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="deidtui-emulator", daemon=True)

    @property
    def url(self) -> str:
        assert self.server.url is not None, "the emulator is not running"
        return self.server.url

    def start(self) -> EmulatorThread:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self._loop).result(timeout=30)
        return self

    def set_throttle(self, enabled: bool) -> None:
        self._loop.call_soon_threadsafe(self.server.set_throttle, enabled)

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self.server.stop(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def __enter__(self) -> EmulatorThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


async def serve_forever(config: EmulatorConfig) -> None:
    """Run until SIGINT or SIGTERM, after printing exactly one line: where the emulator listens."""
    server = EmulatorServer(config)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        url = await server.start()
        print(f"deidtui emulator listening on {url}", flush=True)
        if server.certificate is not None:
            print(
                f"certificate: {server.certificate} (for unmodified SDK code set SSL_CERT_FILE, read by the async "
                "client, and REQUESTS_CA_BUNDLE, read by the sync client, to it)",
                file=sys.stderr,
            )
        await stop.wait()
    finally:
        await server.stop()
