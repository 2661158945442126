"""`deidtui emulator`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from ..emulator.config import ChaosConfig, ConfigError, EmulatorConfig
from .errors import UsageError


def run_emulator(args: argparse.Namespace) -> int:
    try:
        config = EmulatorConfig(
            host=args.host,
            port=args.port,
            storage_connection_string=args.storage_connection_string,
            state_dir=Path(args.state_dir).expanduser() if args.state_dir else None,
            doc_delay_ms=args.doc_delay_ms,
            throttle=not args.no_throttle,
            chaos=ChaosConfig.parse(args.chaos),
            concurrency=args.concurrency,
            tls=args.tls,
            access_log=args.verbose,
        )
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(name)s %(message)s",
    )
    from ..emulator.server import serve_forever

    try:
        asyncio.run(serve_forever(config))
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    return 0
