"""`deidtui demo`: the embedded default a newcomer sees first.

Azurite and the emulator start on loopback (a second or two), the dashboard opens at once on a
"demo" profile, and synthetic clinical notes and a handful of jobs arrive while you watch: some
succeed, one fails on a typo, one partially fails on bad documents, one is canceled, a large French
job keeps running.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
from pathlib import Path

from ..emulator.config import FAST
from ..local.azurite import AzuriteError
from ..local.stack import DEMO_PACING, DemoStack
from .errors import UsageError


async def _serve_without_ui(stack: DemoStack) -> None:
    print(f"de-identification service (emulator): {stack.endpoint}")
    print(f"storage (Azurite): {stack.azurite.account_url} (account devstoreaccount1)")
    print("containers: clinical-notes, notes-fr; press Ctrl-C to stop", flush=True)
    # The jobs run at a realistic pace: say where everything is first, then seed and submit.
    await _populate(stack, None)
    await asyncio.Event().wait()


def demo_profile(stack: DemoStack):
    from ..config import PollSettings, Profile

    return Profile(
        name="demo",
        endpoint=stack.endpoint,
        storage_connection_string=stack.azurite.connection_string,
        credential="local",
        poll=PollSettings(active_interval=2.0, sweep_interval=10.0),
    )


async def _populate(stack: DemoStack, app) -> None:
    try:
        await stack.seed()
        await stack.submit_jobs()
    except Exception as exc:
        if app is not None:
            app.notify(
                f"The demo could not seed its data: {type(exc).__name__}: {str(exc)[:200]}",
                severity="error",
                timeout=30,
            )
        else:
            raise


async def _demo(args: argparse.Namespace) -> int:
    os.environ.setdefault("TEXTUAL_FPS", "30")  # modest over SSH; read when Textual is imported
    print("starting Azurite and the de-identification emulator…", file=sys.stderr, flush=True)
    pacing = FAST if args.fast else DEMO_PACING
    async with DemoStack(pacing=pacing, doc_delay_ms=args.doc_delay_ms) as stack:
        if args.no_ui:
            await _serve_without_ui(stack)
            return 0
        from ..engine import Engine
        from ..tui.app import DeidApp

        engine = Engine(
            demo_profile(stack),
            cache_path=Path(stack.state_dir) / "cache.sqlite3",
            read_only=bool(args.read_only) or None,
        )
        app = DeidApp(engine, bell=args.bell)
        seeding = asyncio.create_task(_populate(stack, app))
        try:
            await app.run_async()
        finally:
            seeding.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await seeding
        return app.return_code or 0


def run_demo(args: argparse.Namespace) -> int:
    try:
        return asyncio.run(_demo(args))
    except AzuriteError as exc:
        raise UsageError(str(exc), exit_code=3) from None
