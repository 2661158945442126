"""`deidtui doctor`: every check of the profile (or of every profile), with what was observed and
the exact fix. Exit 0 all good, 1 a check failed, 3 the environment is broken (docs/cli.md)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from ..config import ConfigError, Profile, read_config_file, resolve_config_path, select_profile
from .formats import emit


def _config_problem(error: ConfigError) -> tuple[str, str]:
    fix = error.hint or "fix that line of the configuration file (`deidtui config example` shows a working one)"
    return str(error), fix


async def _diagnose_all(args: argparse.Namespace, names: list[str | None], config_path: Path, cfg) -> list:
    from ..engine.doctor import diagnose, report_config_error

    async def one(name: str | None):
        try:
            profile: Profile = select_profile(cfg, name)
        except ConfigError as error:
            return report_config_error(name or "?", *_config_problem(error))
        read_only = True if args.read_only else None
        return await diagnose(
            profile,
            read_only=read_only,
            deep=args.deep,
            container=args.container,
            timeout=args.timeout,
            config=str(config_path) if cfg.exists else None,
        )

    return list(await asyncio.gather(*(one(name) for name in names)))


def _console(stream):
    from rich.console import Console

    terminal = stream.isatty()
    return Console(
        file=stream,
        highlight=False,
        markup=False,
        emoji=False,
        no_color=bool(os.environ.get("NO_COLOR")) or None,
        width=None if terminal else 120,
    )


def run_doctor(args: argparse.Namespace) -> int:
    from ..engine.doctor import report_config_error, worst_exit_code

    config_path, explicit = resolve_config_path(getattr(args, "config", None))
    try:
        cfg = read_config_file(config_path, must_exist=explicit)
    except ConfigError as error:
        reports = [report_config_error(getattr(args, "profile", None) or "?", *_config_problem(error))]
    else:
        names: list[str | None] = list(cfg.profiles) if args.all_profiles else [getattr(args, "profile", None)]
        if args.all_profiles and not names:
            names = [None]  # only the environment's profile
        reports = asyncio.run(_diagnose_all(args, names, config_path, cfg))
    data = [r.to_json() for r in reports] if args.all_profiles else reports[0].to_json()

    def draw() -> None:
        from ..tui.doctor_view import print_report

        console = _console(sys.stdout)
        for i, report in enumerate(reports):
            if args.all_profiles:
                console.print(("\n" if i else "") + f"== profile {report.profile} ==", style="bold")
            print_report(console, report)

    emit(data, args, draw)
    return worst_exit_code(reports)
