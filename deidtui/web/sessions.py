"""One dashboard process per browser tab, with textual-serve, behind the access guard.

textual-serve's `Server` serves the page, its scripts and a websocket per tab; each websocket runs
the command (here `deidtui` with the profile and options of `deidtui serve`) under Textual's web
driver. What this module changes, and why:
- the access guard runs before every route (`_make_app`), so nothing is served and no process is
  started for a request without the token;
- no access log, and nothing printed at start: request lines carry the token the first time, and
  `deidtui serve` prints the one URL itself;
- a session's end is bounded: the app is asked to quit (textual-serve's way), and killed if it has
  not within a few seconds, so a closed tab never leaves a process behind; at shutdown every open
  session is ended the same way before the server exits;
- at most `max_sessions` dashboards at once: each is a process with its own engine and request
  budget against the same service.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shlex
import signal
import ssl
from asyncio.subprocess import Process
from collections.abc import Callable, Sequence

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from .access import AccessGuard, add_security_headers

log = logging.getLogger(__name__)

QUIT_GRACE = 5.0  # seconds an app has to quit when its tab closes, before it is killed


class ListenError(Exception):
    """The address cannot be listened on (in use, or not this machine's)."""


def session_command(argv: Sequence[str]) -> str:
    """The shell command textual-serve runs per tab. `exec` makes the process the app itself (no
    shell left behind to kill); SIGINT is ignored so that Ctrl-C in the server's terminal, which
    reaches its whole process group, leaves each app to be ended in order by the server."""
    return "trap '' INT; exec " + shlex.join(argv)


class DashboardSession(AppService):
    """textual-serve's app process for one tab, whose end is bounded."""

    process: Process | None = None
    _ending: asyncio.Future[None] | None = None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        self.process = await super()._open_app_process(width, height)
        return self.process

    async def end(self) -> None:
        """Ask the app to quit, kill it if it does not within QUIT_GRACE, and reap it. Safe to
        call twice (the tab closing and the server stopping at once)."""
        if self._ending is None:
            self._ending = asyncio.ensure_future(self._end())
        await asyncio.shield(self._ending)

    async def _end(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stop(), QUIT_GRACE)
        process = self.process
        if process is None:
            return
        try:
            await asyncio.wait_for(process.wait(), QUIT_GRACE)
        except TimeoutError:
            log.warning("a dashboard process did not quit within %s s after its tab closed: killed", QUIT_GRACE)
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


class DashboardServer(Server):
    """textual-serve's server with the access guard in front and bounded sessions."""

    def __init__(self, argv: Sequence[str], *, guard: AccessGuard, public_url: str, max_sessions: int) -> None:
        super().__init__(session_command(argv), title="deidtui", public_url=public_url)
        self.guard = guard
        self.max_sessions = max_sessions
        self.sessions: dict[web.WebSocketResponse, DashboardSession] = {}
        self.sessions_started = 0  # for the operator's summary at exit, and for tests

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
                f"deidtui serve: {self.max_sessions} dashboards are open already (--max-sessions). "
                "Close one, then reload this page.\r\n"
            )
            await websocket.send_bytes(text.encode())
            await websocket.close()
            return websocket

        async def close() -> None:  # the app quit by itself (`q`): the tab shows "Session ended"
            await websocket.close()

        session = DashboardSession(
            self.command,
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
            self.sessions.pop(websocket, None)
            await websocket.close()
        return websocket


def _size(request: web.Request, name: str, default: int) -> int:
    """A terminal dimension from the websocket URL, kept to what a screen can have."""
    try:
        value = int(request.query.get(name, default))
    except ValueError:
        return default
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
