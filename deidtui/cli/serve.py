"""`deidtui serve`: the dashboard in a web browser, safe by default.

Each browser tab runs the same dashboard the terminal runs (`deidtui` with this command's profile
and options), through textual-serve (`deidtui.web`). The defaults are the safe ones: loopback
only; a random access token in the one URL printed at start, without which every request is
refused; read-only unless `--allow-actions`. Another address needs `--allow-remote` and TLS
(`--tls-cert`, `--tls-key`), since the token must never cross a network in clear text; the usual
way is loopback behind a reverse proxy that terminates TLS (README).
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import socket
import ssl
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .dashboard import _load, _load_fleet  # the dashboard's own checks of its profile or fleet
from .errors import UsageError

REMOTE_HELP = (
    "serve on loopback behind a reverse proxy that terminates TLS (see the README), "
    "or give --allow-remote with --tls-cert and --tls-key"
)


@dataclass(frozen=True)
class ServeOptions:
    host: str
    port: int
    ssl_context: ssl.SSLContext | None
    public_url: str | None  # as given; otherwise made from the host and the bound port
    argv: list[str]  # the dashboard each tab runs
    read_only: bool
    max_sessions: int


def is_loopback(host: str) -> bool:
    """True when every address `host` names is a loopback address (127.0.0.0/8, ::1)."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise UsageError(f"--host {host}: no such address on this machine") from None
    return all(ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback for info in infos)


def _tls(args: argparse.Namespace) -> ssl.SSLContext | None:
    cert, key = args.tls_cert, args.tls_key
    if cert is None and key is None:
        return None
    if cert is None or key is None:
        raise UsageError("--tls-cert and --tls-key go together: give both (PEM files)")
    for option, path in (("--tls-cert", cert), ("--tls-key", key)):
        if not Path(path).is_file():  # ssl's own error names no file
            raise UsageError(f"{option} {path}: no such file")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(cert, key)
    except (ssl.SSLError, OSError) as exc:
        # The message names what is wrong ("key values mismatch", "PEM lib"), never the key itself.
        reason = getattr(exc, "reason", None) or exc.strerror or type(exc).__name__
        raise UsageError(f"--tls-cert/--tls-key: cannot use them as a certificate and its key ({reason})") from None
    return context


def _public_url(value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") or parts.query:
        raise UsageError(
            f"--public-url {value}: give the scheme and host browsers use, e.g. https://deid.example.org "
            "(the dashboard is served at the root of that host, without a path)"
        )
    return f"{parts.scheme}://{parts.netloc}"


def dashboard_argv(args: argparse.Namespace, *, read_only: bool) -> list[str]:
    """`deidtui` as each tab runs it: this command's profile (or fleet), config, cache and log options."""
    argv = [sys.executable, "-m", "deidtui"]
    if getattr(args, "fleet", False):
        argv.append("--fleet")
    if args.profile:
        argv += ["--profile", args.profile]
    for option, value in (("--config", args.config), ("--cache", args.cache), ("--log-file", args.log_file)):
        if value:
            argv += [option, str(Path(value).absolute())]
    if args.debug:
        argv.append("--debug")
    if read_only:
        argv.append("--read-only")
    return argv


def check_options(args: argparse.Namespace) -> ServeOptions:
    """Every refusal of `deidtui serve`, before anything listens: one line each, exit 2."""
    if args.allow_actions and args.read_only:
        raise UsageError(
            "--read-only and --allow-actions contradict each other: serve is read-only unless --allow-actions"
        )
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: give a port from 1 to 65535, or 0 for any free one")
    if args.max_sessions < 1:
        raise UsageError(f"--max-sessions {args.max_sessions}: give 1 or more")
    context = _tls(args)
    if not is_loopback(args.host):
        if not args.allow_remote:
            raise UsageError(f"--host {args.host} is not a loopback address, so others could reach it: {REMOTE_HELP}")
        if context is None:
            raise UsageError(
                f"--host {args.host} needs --tls-cert and --tls-key: the access token must not cross the network "
                "in clear text (or serve on loopback behind a reverse proxy that terminates TLS)"
            )
    public_url = _public_url(args.public_url)
    # A profile (or fleet list) that cannot work is refused now, as the dashboard would, not in every tab.
    if getattr(args, "fleet", False):
        if args.profile:
            raise UsageError("--fleet shows the config's fleet list and --profile one profile: give one of them")
        _load_fleet(args)
    else:
        _load(args)
    read_only = not args.allow_actions
    return ServeOptions(
        host=args.host,
        port=args.port,
        ssl_context=context,
        public_url=public_url,
        argv=dashboard_argv(args, read_only=read_only),
        read_only=read_only,
        max_sessions=args.max_sessions,
    )


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):  # every address: browsers need a name for this machine
        return socket.getfqdn()
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def run_serve(args: argparse.Namespace) -> int:
    options = check_options(args)
    from ..web.access import TOKEN_PARAMETER, AccessGuard, new_token
    from ..web.sessions import DashboardServer, ListenError, run_server

    token = new_token()
    scheme = "https" if options.ssl_context is not None else "http"
    secure = (options.public_url or scheme).startswith("https")
    guard = AccessGuard(token, secure=secure)
    server = DashboardServer(
        options.argv, guard=guard, public_url=options.public_url or "", max_sessions=options.max_sessions
    )

    def public_url(port: int) -> str:
        return options.public_url or f"{scheme}://{_url_host(options.host)}:{port}"

    def ready(url: str) -> None:
        # The one place the token is shown: the URL is the operator's to open or to share.
        print(f"deidtui serve: open {url}/?{TOKEN_PARAMETER}={token}", flush=True)
        mode = "read-only (--allow-actions to allow actions)" if options.read_only else "actions allowed"
        print(
            f"deidtui serve: {mode}; anyone with this link can open the dashboard: share it as you would a "
            "password. Ctrl-C stops.",
            file=sys.stderr,
            flush=True,
        )

    try:
        asyncio.run(
            run_server(
                server,
                host=options.host,
                port=options.port,
                ssl_context=options.ssl_context,
                public_url=public_url,
                ready=ready,
            )
        )
    except ListenError as exc:
        raise UsageError(f"cannot listen on {options.host} port {options.port}: {exc}") from None
    killed = (
        f"; {server.sessions_killed} dashboards did not exit when asked and were killed"
        if server.sessions_killed
        else ""
    )
    print(f"deidtui serve: stopped ({server.sessions_started} browser sessions served{killed})", file=sys.stderr)
    return 0
