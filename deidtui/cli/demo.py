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
import json
import os
import shlex
import sys
from pathlib import Path

from ..emulator.config import FAST
from ..local.azurite import DEV_ACCOUNT, DEV_KEY, AzuriteError
from ..local.stack import DEMO_PACING, DemoStack
from .errors import UsageError


def connection_lines(stack: DemoStack) -> tuple[list[str], str]:
    """How a second terminal reaches the demo: `export` lines for a shell, and the same as a
    profile for config.toml. Nothing in them is a secret: the account key is Azurite's."""
    connection = stack.azurite.connection_string
    # Azurite's development key is published by Microsoft and the same on every machine: printing
    # it leaks nothing. Anything else (a real key, a SAS) would be masked, so say so if it changes.
    assert f"AccountKey={DEV_KEY};" in connection, "the demo only ever prints Azurite's published key"
    state = Path(stack.state_dir)
    exports = [
        "# The demo's own config file and cache (the demo dashboard's own: what the CLI does there shows",
        "# in it at once), so no profile or job of yours is mixed in:",
        f"export DEIDTUI_CONFIG={shlex.quote(str(state / 'config.toml'))}",
        f"export DEIDTUI_CACHE={shlex.quote(str(demo_cache(stack)))}",
        f"export DEIDTUI_ENDPOINT={shlex.quote(stack.endpoint)}",
        "export DEIDTUI_CREDENTIAL=local",
        "# Azurite's well-known development account key (published, the same everywhere): not a secret.",
        f"export DEIDTUI_STORAGE_CONNECTION_STRING={shlex.quote(connection)}",
    ]
    profile = "\n".join(
        [
            'default_profile = "demo"',
            "",
            "[profiles.demo]",
            f"endpoint = {json.dumps(stack.endpoint)}",
            'credential = "local"         # the emulator accepts any token',
            "",
            "[profiles.demo.storage]",
            "# Azurite's well-known development account key (published, the same everywhere): not a secret.",
            f"connection_string = {json.dumps(connection)}",
            "",
        ]
    )
    return exports, profile


def demo_cache(stack: DemoStack) -> Path:
    """The demo's cache file: the dashboard's, and the one `demo.env` gives a second terminal."""
    return Path(stack.state_dir) / "cache.sqlite3"


def _write_connection_files(stack: DemoStack) -> Path:
    """`demo.env` and `config.toml` in the demo's state folder (0600); returns the env file's path."""
    exports, profile = connection_lines(stack)
    state = Path(stack.state_dir)
    for name, text in (("demo.env", "\n".join(exports) + "\n"), ("config.toml", profile)):
        descriptor = os.open(state / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
    return state / "demo.env"


async def _serve_without_ui(stack: DemoStack) -> None:
    env_file = _write_connection_files(stack)
    exports, profile = connection_lines(stack)
    print(f"de-identification service (emulator): {stack.endpoint}")
    print(
        f"storage (Azurite): {stack.azurite.account_url} (account {DEV_ACCOUNT}; containers clinical-notes, notes-fr)"
    )
    print()
    print("From a second terminal:")
    print(f"  source {shlex.quote(str(env_file))} && deidtui jobs list   # or: deidtui, for the dashboard")
    print()
    print(f"{env_file.name} holds these lines; paste them instead if you like:")
    print("\n".join(exports))
    print()
    print(
        f"As a profile for your config.toml (then `deidtui --profile demo`), also in {env_file.parent / 'config.toml'}:"
    )
    print(profile)
    print("seeding notes and jobs…", flush=True)
    await _populate(stack, None)
    print("demo ready; press Ctrl-C to stop it (its data lives in memory and goes with it)", flush=True)
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


async def _populate(stack: DemoStack, app, env_file: Path | None = None) -> None:
    try:
        await stack.seed()
        await stack.submit_jobs()
        if app is not None and env_file is not None:
            app.notify(
                f"From a second terminal: source {shlex.quote(str(env_file))} && deidtui jobs list",
                title="The demo is seeded",
                timeout=20,
            )
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

        env_file = _write_connection_files(stack)  # a second terminal: `source` it and use the CLI
        engine = Engine(demo_profile(stack), cache_path=demo_cache(stack), read_only=bool(args.read_only) or None)
        app = DeidApp(engine, bell=args.bell)
        seeding = asyncio.create_task(_populate(stack, app, env_file))
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
