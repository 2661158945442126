"""`deidtui demo`: the embedded default a newcomer sees first."""

from __future__ import annotations

import argparse
import asyncio
import sys

from ..local.azurite import AzuriteError
from ..local.stack import DemoStack
from .errors import UsageError


async def _serve_without_ui(stack: DemoStack) -> None:
    print(f"de-identification service (emulator): {stack.endpoint}")
    print(f"storage (Azurite): {stack.azurite.account_url} (account devstoreaccount1)")
    print("containers: clinical-notes, notes-fr; press Ctrl-C to stop", flush=True)
    await asyncio.Event().wait()


async def _demo(args: argparse.Namespace) -> None:
    async with DemoStack(doc_delay_ms=args.doc_delay_ms) as stack:
        print("seeding synthetic clinical notes...", file=sys.stderr, flush=True)
        await stack.seed()
        await stack.submit_jobs()
        await _serve_without_ui(stack)


def run_demo(args: argparse.Namespace) -> int:
    try:
        asyncio.run(_demo(args))
    except AzuriteError as exc:
        raise UsageError(str(exc), exit_code=3) from None
    return 0
