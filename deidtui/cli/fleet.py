"""What the job commands' `--fleet` shares: every profile of the config's fleet list, one engine each.

Each service is refreshed on its own, at the same time as the others: one that cannot be reached,
is throttled or refuses the sign-in is said on stderr with its name, its cached jobs are still
shown, and the others are not held back. The exit code is then that service's error's.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from ..config import ConfigError, load_fleet
from ..domain.errors import DeidError
from ..domain.sanitize import sanitize_line
from . import exit_codes
from .common import report, say_cache_state, settle_pending
from .errors import UsageError


def _settings(args: argparse.Namespace):
    if getattr(args, "profile", None):
        raise UsageError("--fleet lists every profile of the config's fleet and --profile one: give one of them")
    try:
        return load_fleet(config_path=Path(args.config) if getattr(args, "config", None) else None)
    except ConfigError as exc:
        raise UsageError(str(exc), exit_code=exit_codes.USAGE) from None


def report_service(service: str, error: DeidError) -> int:
    """One service's error, its lines prefixed with the service's name; returns its exit code."""
    sys.stderr.write(f"deidtui: {sanitize_line(service)}:\n")
    return report(error)


def say_fleet_cache_state(fleet, stream=sys.stderr) -> None:
    """`say_cache_state` for every engine of a fleet. They share one cache file, so each thing is
    said once; when it holds for some services only (one engine waited out a lock another could
    not), those are named, as `report_service` names them."""
    said: dict[str, list[str]] = {}
    for engine in fleet:
        buffer = io.StringIO()
        say_cache_state(engine, buffer)
        if buffer.getvalue():
            said.setdefault(buffer.getvalue(), []).append(engine.name)
    for text, services in said.items():
        if len(services) < len(fleet):
            stream.write(f"deidtui: {sanitize_line(', '.join(services))}:\n")
        stream.write(text)


def first_code(codes: list[int]) -> int:
    """The exit code of a command over several services: the first that is not OK."""
    return next((code for code in codes if code != exit_codes.OK), exit_codes.OK)


def run_with_fleet(
    args: argparse.Namespace, body: Callable[..., Awaitable[int]], *, service: bool = True, cached_only: bool = False
) -> int:
    """Start an engine (no background polling) for each profile of the fleet, run `body(fleet,
    codes)` and close everything. `codes` holds, by service, the exit code of a service that could
    not be started (0 for the others); `body` goes on with the rest. `service`/`cached_only` as
    in `run_with_engine`."""
    from ..engine import Engine, Fleet

    settings = _settings(args)
    read_only = True if getattr(args, "read_only", False) else None
    cache = Path(args.cache) if getattr(args, "cache", None) else None

    async def main() -> int:
        fleet = Fleet(
            [Engine(profile, read_only=read_only, cache_path=cache, poll=False) for profile in settings.fleet]
        )
        try:
            started = await fleet.start()
            codes: dict[str, int] = {}
            for engine in fleet:
                error = started[engine.name]
                if isinstance(error, DeidError):
                    codes[engine.name] = report_service(engine.name, error)
                elif error is not None:
                    raise error
                elif cached_only and engine.cache_problem is not None:
                    return report(engine.cache_problem)  # nothing to show without it
                else:
                    codes[engine.name] = exit_codes.OK
            if service:
                say_fleet_cache_state(fleet)
                await asyncio.gather(
                    *(settle_pending(engine) for engine in fleet if codes[engine.name] == exit_codes.OK)
                )
            return await body(fleet, codes)
        except DeidError as error:
            return report(error)
        finally:
            await fleet.stop()

    return asyncio.run(main())
