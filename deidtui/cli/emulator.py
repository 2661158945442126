"""`deidtui emulator`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from ..emulator.config import FAST, REALISTIC, ChaosConfig, ConfigError, EmulatorConfig, Pacing, Span
from .errors import UsageError


def pacing_from(args: argparse.Namespace) -> Pacing:
    """The pacing the options ask for: the service's own unless --fast, with chosen spans."""
    pacing = FAST if args.fast else REALISTIC
    if args.queue_seconds is not None:
        pacing = pacing.with_queue(Span.parse(args.queue_seconds, "--queue-seconds"))
    if args.document_seconds is not None:
        pacing = pacing.with_document(Span.parse(args.document_seconds, "--document-seconds"))
    return pacing


def run_emulator(args: argparse.Namespace) -> int:
    try:
        config = EmulatorConfig(
            host=args.host,
            port=args.port,
            storage_connection_string=args.storage_connection_string,
            state_dir=Path(args.state_dir).expanduser() if args.state_dir else None,
            pacing=pacing_from(args),
            doc_delay_ms=args.doc_delay_ms,
            seed=args.seed,
            summary_while_running=args.summary_while_running,
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
