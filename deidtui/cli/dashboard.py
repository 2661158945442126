"""`deidtui` with no subcommand: the dashboard on the chosen profile."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..config import ConfigError, Profile, load_settings
from . import exit_codes
from .errors import UsageError


def _load(args: argparse.Namespace, name: str | None = None):
    try:
        return load_settings(name or args.profile, config_path=Path(args.config) if args.config else None)
    except ConfigError as exc:
        raise UsageError(str(exc), exit_code=2) from None


def run_dashboard(args: argparse.Namespace) -> int:
    # Operators work over SSH: a modest frame rate (Textual reads it when it is imported).
    os.environ.setdefault("TEXTUAL_FPS", "30")
    from ..engine import Engine
    from ..tui.app import DeidApp

    settings = _load(args)
    if settings.keys:  # checking needs every screen's bindings: only when keys are remapped
        from ..tui.keys import binding_ids

        try:
            settings.check_key_actions(binding_ids())
        except ConfigError as exc:
            raise UsageError(str(exc), exit_code=2) from None
    read_only = True if args.read_only else None
    cache = Path(args.cache) if getattr(args, "cache", None) else None

    app: DeidApp | None = None

    def device_code(verification_uri, user_code, expires_on) -> None:
        if app is not None:
            app.show_device_code(verification_uri, user_code, expires_on)

    def engine_for(profile: Profile) -> Engine:
        return Engine(profile, read_only=read_only, cache_path=cache, device_code_prompt=device_code)

    def profile_named(name: str) -> Profile:
        return _load(args, name).profile

    app = DeidApp(
        engine_for(settings.profile),
        profile_names=settings.profile_names,
        profile_loader=profile_named,
        engine_factory=engine_for,
        keymap=dict(settings.keys),
        theme=settings.theme,
        bell=args.bell,
    )
    app.run()
    code = app.return_code or 0
    if code == exit_codes.INTERRUPTED:
        print("deidtui: interrupted", file=sys.stderr)
    return code
