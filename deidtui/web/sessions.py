"""One dashboard process per browser tab, with textual-serve, behind the access guard.

textual-serve's `Server` serves the page, its scripts and a websocket per tab; each websocket runs
the command (here `deidtui` with the profile and options of `deidtui serve`) under Textual's web
driver. What this module changes, and why:
- the access guard runs before every route (`_make_app`), so nothing is served and no process is
  started for a request without the token;
- no access log, and nothing printed at start: request lines carry the token the first time, and
  `deidtui serve` prints the one URL itself;
- each dashboard runs in a session of its own (Ctrl-C in the server's terminal reaches the server
  only, which then ends each dashboard in order), and the kernel kills it if the server dies
  without doing so (SIGKILL: with its pipes gone, its orderly exit could stall, and nothing it
  holds needs one: the cache is SQLite, a submission's intent is recorded before it is sent);
- a session's end is bounded and works at any moment: the dashboard gets SIGTERM, on which it
  exits as on `q` (or, still starting, at once: textual-serve's quit message is only read once the
  app runs, so a tab closed while its dashboard starts left it running), and is killed if it has
  not exited within a few seconds; at shutdown every open session is ended the same way;
- at most `max_sessions` dashboards at once, counting those still ending: each is a process with
  its own engine and request budget against the same service.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shlex
import signal
import ssl
import sys
from asyncio.subprocess import Process
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from ..local.azurite import _die_with_parent  # the same kernel tie as Azurite's, in one place
from .access import AccessGuard, add_security_headers

log = logging.getLogger(__name__)

QUIT_GRACE = 5.0  # seconds an app has to quit when its tab closes, before it is killed


class ListenError(Exception):
    """The address cannot be listened on (in use, or not this machine's)."""


class DashboardSession(AppService):
    """textual-serve's app process for one tab, started and ended the way this module says."""

    def __init__(self, argv: Sequence[str], **kwargs: Any) -> None:
        super().__init__(shlex.join(argv), **kwargs)
        self.argv = list(argv)
        self.process: Process | None = None
        self.killed = False  # it did not exit on SIGTERM within QUIT_GRACE
        self._ending: asyncio.Future[None] | None = None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        """textual-serve's own, without a shell: the process is the dashboard itself."""
        self.process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
            preexec_fn=partial(_die_with_parent, signal.SIGKILL) if sys.platform.startswith("linux") else None,
        )
        self._process = self.process  # what textual-serve's reader and writer use
        self._stdin = self.process.stdin
        return self.process

    async def set_terminal_size(self, width: int, height: int) -> None:
        """A tab's resize, kept to what a screen can have (as the first size is)."""
        await super().set_terminal_size(_screen_cells(int(width)), _screen_cells(int(height)))

    async def end(self) -> None:
        """End the dashboard (SIGTERM, then SIGKILL after QUIT_GRACE) and reap it. Safe to call
        twice (the tab closing and the server stopping at once)."""
        if self._ending is None:
            self._ending = asyncio.ensure_future(self._end())
        await asyncio.shield(self._ending)

    async def _end(self) -> None:
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        process = self.process
        if process is not None:
            if process.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    process.terminate()
            try:
                await asyncio.wait_for(process.wait(), QUIT_GRACE)
            except TimeoutError:
                log.warning("a dashboard did not exit within %s s after its tab closed: killed", QUIT_GRACE)
                self.killed = True
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        if self._task is not None:  # textual-serve's reader: it ends at the dashboard's end of output
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._task, QUIT_GRACE)
            self._task = None


class DashboardServer(Server):
    """textual-serve's server with the access guard in front and bounded sessions."""

    def __init__(self, argv: Sequence[str], *, guard: AccessGuard, public_url: str, max_sessions: int) -> None:
        super().__init__(shlex.join(argv), title="deidtui", public_url=public_url)
        self.argv = list(argv)
        self.guard = guard
        self.max_sessions = max_sessions
        self.sessions: dict[web.WebSocketResponse, DashboardSession] = {}
        # For the operator's summary at exit (and the tests).
        self.sessions_started = 0
        self.sessions_killed = 0

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.insert(0, self.guard.middleware)
        app.on_response_prepare.append(add_security_headers)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints a banner and the command here: `deidtui serve` prints its URL."""

    async def on_shutdown(self, app: web.Application) -> None:
        """End every open session before the server goes: tabs see 'Session ended'."""
        open_sessions = list(self.sessions.items())
        for websocket, _session in open_sessions:
            await websocket.close(code=1001, message=b"deidtui serve stopped")
        await asyncio.gather(*(session.end() for _websocket, session in open_sessions))

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """A tab's terminal: start its dashboard, relay keys and screen, end it when the tab goes."""
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        if len(self.sessions) >= self.max_sessions:
            text = (
                f"deidtui serve: every dashboard this server allows at once is open (--max-sessions "
                f"{self.max_sessions}). Close a tab, then reload this page.\r\n"
            )
            await websocket.send_bytes(text.encode())
            await websocket.close()
            return websocket

        async def close() -> None:  # the app quit by itself (`q`): the tab shows "Session ended"
            await websocket.close()

        session = DashboardSession(
            self.argv,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
        )
        self.sessions[websocket] = session
        self.sessions_started += 1
        try:
            await session.start(_size(request, "width", 80), _size(request, "height", 24))
            await self._process_messages(websocket, session)
        except ConnectionResetError:
            pass  # the tab went away mid-message: the session ends below
        except Exception as error:  # noqa: BLE001 - a bad message from one tab must not stop the server
            log.warning("a browser session ended on an error: %s", type(error).__name__)
        finally:
            await session.end()
            self.sessions_killed += session.killed
            self.sessions.pop(websocket, None)
            await websocket.close()
        return websocket


def _size(request: web.Request, name: str, default: int) -> int:
    """A terminal dimension from the websocket URL, kept to what a screen can have."""
    try:
        value = int(request.query.get(name, default))
    except ValueError:
        return default
    return _screen_cells(value)


def _screen_cells(value: int) -> int:
    """Columns or rows a tab may ask for: a page cannot make its dashboard draw a huge screen."""
    return max(10, min(value, 1000))


async def run_server(
    server: DashboardServer,
    *,
    host: str,
    port: int,
    ssl_context: ssl.SSLContext | None,
    public_url: Callable[[int], str],
    ready: Callable[[str], None],
) -> None:
    """Listen until SIGINT or SIGTERM, then end every session and stop. `public_url(port)` is the
    URL browsers use, known once the port is bound (`--port 0` picks one); `ready(url)` is told it."""
    app = await server._make_app()
    # No access log: the first request's line carries the token. handle_signals is ours (below).
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=QUIT_GRACE)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port, ssl_context=ssl_context)
        try:
            await site.start()
        except OSError as exc:
            raise ListenError(exc.strerror or str(exc)) from None
        bound = runner.addresses[0][1]
        server.port = bound
        server.public_url = public_url(bound)
        server.guard.public_origin = server.public_url
        ready(server.public_url)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
    finally:
        await runner.cleanup()
