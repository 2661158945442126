"""`deidtui jobs watch --fleet [SERVICE/NAME | NAME ...]`: jobs of several services followed at once.

Without names it follows every unfinished job of every service of the fleet. A bare NAME is the
job of that name on whichever service has it; the same name on two services must be written
SERVICE/NAME. Each job is read from its own service (see `watch.follow`): a slow or unreachable
service delays no other service's lines, and the exit code says how the jobs ended, as `watch` does.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from ..domain.errors import DeidError
from ..domain.sanitize import sanitize_line
from . import exit_codes
from .errors import UsageError
from .fleet import report_service, run_with_fleet
from .watch import Watched, follow


async def _sweep(fleet, codes: dict[str, int]) -> None:
    """Refresh every reachable service's job list at once (a bare name is looked up in it)."""

    async def one(engine) -> None:
        try:
            await engine.sync_jobs()
        except DeidError as error:
            codes[engine.name] = report_service(engine.name, error)

    await asyncio.gather(*(one(engine) for engine in fleet if codes[engine.name] == exit_codes.OK))


async def _resolve(fleet, names: list[str]) -> list[Watched]:
    """The jobs named, each with the engine of its service; a usage error for an unknown service,
    a name no service has, or a bare name two services have."""
    watched: list[Watched] = []
    for given in dict.fromkeys(names):
        service, _, name = given.rpartition("/")
        if service:
            if service not in fleet:
                raise UsageError(f"{given!r}: no service {service!r} in the fleet ({', '.join(fleet.names)})")
            watched.append(Watched(name, fleet.engine(service), given))
            continue
        having = [engine for engine in fleet if await engine.job(name) is not None]
        if len(having) > 1:
            where = ", ".join(f"{engine.name}/{name}" for engine in having)
            raise UsageError(f"{name!r} is a job on {len(having)} services: name one of {where}")
        if not having:
            raise UsageError(f"no service of the fleet has a job named {name!r}")
        watched.append(Watched(name, having[0], f"{having[0].name}/{name}"))
    return watched


def run_watch_fleet(args: argparse.Namespace) -> int:
    async def body(fleet, codes: dict[str, int]) -> int:
        await _sweep(fleet, codes)
        if args.names:
            watched = await _resolve(fleet, args.names)
        else:
            views = [view for view in await fleet.jobs() if view.status.is_active]
            if not views:
                sys.stderr.write("deidtui: no unfinished job on any service of the fleet\n")
                return next((code for code in codes.values() if code != exit_codes.OK), exit_codes.OK)
            watched = [Watched(view.name, fleet.engine_of(view), f"{view.profile}/{view.name}") for view in views]
        unreachable = {w.engine.name for w in watched if codes[w.engine.name] != exit_codes.OK}
        for service in unreachable:
            sys.stderr.write(f"deidtui: {sanitize_line(service)}: could not be refreshed; its jobs are tried anyway\n")
        return await follow(watched, interval=args.interval, timeout=args.timeout)

    return run_with_fleet(args, body)
