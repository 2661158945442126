"""What every headless command shares: settings, the engine, container names, and error reporting."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..config import ConfigError, Settings, load_settings
from ..domain.errors import AuthError, CacheError, DeidError
from ..domain.paths import parse_container_url
from ..domain.sanitize import sanitize_line
from . import exit_codes
from .errors import UsageError

SETTLE_REQUESTS = 10  # requests a command may spend settling interrupted submissions before its own work


def load(args: argparse.Namespace, name: str | None = None) -> Settings:
    try:
        return load_settings(
            name or getattr(args, "profile", None),
            config_path=Path(args.config) if getattr(args, "config", None) else None,
        )
    except ConfigError as exc:
        raise UsageError(str(exc), exit_code=exit_codes.USAGE) from None


def _debugging() -> bool:
    return logging.getLogger("deidtui").isEnabledFor(logging.DEBUG)  # `--debug` (cli/logs.py)


def report(error: DeidError, stream=sys.stderr) -> int:
    """One precise message (as the dashboard shows it), then the fix; returns the exit code.

    Everything written goes through `sanitize_line`, which also masks credentials: the detail
    and the service's message may quote a URL the operator gave, SAS and all.
    """
    if isinstance(error, AuthError) and error.status is None and not _debugging():
        # No token could be had (nobody signed in): the SDK's explanation is a page about every
        # credential it tried. One line says what to do; `--debug` shows the rest.
        stream.write(sanitize_line(f"deidtui: {error.title}: {error.detail} {error.hint}".rstrip()) + "\n")
        return exit_codes.for_error(error)
    line = f"deidtui: {error.title}"
    if error.detail:
        line += f": {error.detail}"
    stream.write(sanitize_line(line) + "\n")
    if error.service_message:
        stream.write(f"  service said: {sanitize_line(error.service_message)[:500]}\n")
    if error.hint:
        stream.write(f"  fix: {sanitize_line(error.hint)}\n")
    return exit_codes.for_error(error)


def run_with_engine(
    args: argparse.Namespace,
    body: Callable[..., Awaitable[int]],
    *,
    service: bool = True,
    cached_only: bool = False,
) -> int:
    """Open the profile's engine (no background polling), run `body(engine)`, close everything.

    `service`: the command talks to the de-identification service, so submissions an interrupted
    command left pending are settled first (see `settle_pending`). `cached_only`: it shows what
    the cache holds and nothing else, so a cache that cannot be used is its failure (exit 3);
    otherwise the command works from the service and says once that the cache is not used."""
    from ..engine import Engine

    settings = load(args)
    read_only = True if getattr(args, "read_only", False) else None
    cache = Path(args.cache) if getattr(args, "cache", None) else None

    async def main() -> int:
        engine = Engine(settings.profile, read_only=read_only, cache_path=cache, poll=False)
        try:
            if cached_only:
                # The cache alone: no service clients (no Azure SDK loaded), no settling. The
                # whole-file check is left to writers (they wait for it); a damaged page a read
                # meets is reported as a cache problem.
                await engine.open()
            else:
                await engine.start()
            if cached_only and engine.cache_problem is not None:
                return report(engine.cache_problem)  # nothing to show without it
            if service:
                say_cache_state(engine)
                await settle_pending(engine)
            return await body(engine)
        except DeidError as error:
            return report(error)
        finally:
            await engine.stop()

    return asyncio.run(main())


def say_cache_state(engine, stream=sys.stderr) -> CacheError | None:
    """Say once on stderr what the dashboard says in a toast: the cache file could not be used
    (the command works from the service, with a cache in memory), or a damaged one was moved
    aside and rebuilt. Returns the cache's problem, if any."""
    problem = engine.cache_problem
    if problem is not None:
        stream.write(f"deidtui: {sanitize_line(str(problem))}\n")
        if engine.cache_history_unread:
            stream.write("deidtui: the jobs it holds could not be read either; their history is not shown\n")
        stream.write("deidtui: working from the service with a cache in memory; nothing is kept after this command\n")
    elif engine.recovered_from is not None:
        stream.write(
            f"deidtui: the local cache was damaged; it was moved to {sanitize_line(str(engine.recovered_from))} "
            "and rebuilt (jobs are read from the service again)\n"
        )
    return problem


async def settle_pending(engine, stream=sys.stderr) -> None:
    """Settle the submissions an interrupted command (a crash, a kill, a lost answer) left between
    intent and confirmation, before the command itself runs, so that what it then shows includes
    them; say on stderr what became of each. Bounded: at most about SETTLE_REQUESTS requests, the
    rest left for the next command. A read-only profile sends nothing and only says they wait."""
    if engine.read_only:
        pending = await engine.pending_intents()
        if pending:
            names = ", ".join(sanitize_line(i.name) for i in pending[:5]) + (", ..." if len(pending) > 5 else "")
            stream.write(
                f"deidtui: {len(pending)} interrupted submission(s) pending ({names}); "
                "a command without --read-only settles them\n"
            )
        return
    try:
        settlements = await engine.settle_intents(max_requests=SETTLE_REQUESTS)
    except DeidError:
        return  # not signed in, or similar: the command itself meets the problem and reports it
    left = [s for s in settlements if not s.settled]
    for settlement in settlements:
        if settlement.settled:
            stream.write(f"deidtui: interrupted submission {sanitize_line(settlement.message)}\n")
    if left:
        names = ", ".join(sanitize_line(s.name) for s in left[:5]) + (", ..." if len(left) > 5 else "")
        stream.write(
            f"deidtui: {len(left)} interrupted submission(s) still pending ({names}): "
            f"{sanitize_line(left[0].detail or 'the service could not be asked')}; the next command settles them\n"
        )


def container_url(engine, value: str) -> str:
    """A container URL, or a bare container name in the profile's (single) storage account."""
    if value.startswith(("http://", "https://")):
        try:
            return parse_container_url(value).url
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    accounts = engine.account_urls
    if len(accounts) != 1:
        raise UsageError(
            f"{value!r} is a container name, but the profile has {len(accounts)} storage accounts "
            f"({', '.join(accounts) or 'none'}); give the full container URL"
        )
    return f"{accounts[0].rstrip('/')}/{value.strip('/')}"


def split_target(engine, value: str) -> tuple[str, str]:
    """`notes/in/2024/` or `https://acct.../notes/in/` -> (container URL, prefix)."""
    if value.startswith(("http://", "https://")):
        from urllib.parse import urlsplit

        from ..domain.paths import is_path_style

        parts = urlsplit(value)
        segments = parts.path.lstrip("/").split("/")
        head = 2 if is_path_style(parts.hostname or "", parts.port) else 1
        if len(segments) < head or not segments[head - 1]:
            raise UsageError(f"{value!r} does not name a container")
        base = f"{parts.scheme}://{parts.netloc}/{'/'.join(segments[:head])}"
        return container_url(engine, base), "/".join(segments[head:])
    container, _, prefix = value.partition("/")
    if not container:
        raise UsageError("give a container name or URL, e.g. notes/in/ or https://acct.blob.core.windows.net/notes")
    return container_url(engine, container), prefix


def parse_since(value: str) -> datetime:
    """`2024-11-02`, `2024-11-02T08:00`, or a relative `90m`, `12h`, `3d`."""
    text = value.strip()
    units = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
    if text[:-1].isdigit() and text[-1:] in units:
        return datetime.now(UTC) - timedelta(**{units[text[-1]]: int(text[:-1])})
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--since {value!r}: use a date (2024-11-02), a date and time (2024-11-02T08:00) "
            "or a relative age (90m, 12h, 3d)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def confirm(question: str, assume_yes: bool, *, verb: str = "proceed") -> bool:
    """Ask on a terminal. Without one (a script, a pipe) refuse unless `--yes` was given, as `az`
    does: a destructive command must never go ahead because nobody could be asked."""
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        raise UsageError(f"refusing to {verb} without confirmation: stdin is not a terminal; add --yes to {verb}")
    sys.stderr.write(f"{question} [y/N] ")
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes")
