"""`deidtui blobs ls | cat | get`: look at storage from scripts, safely.

`cat` writes sanitized text (no escape sequence or control character from a blob reaches the
terminal); `--raw` writes the exact bytes, and only to a file or a pipe, never to a terminal.
`get` streams into a temporary file beside the target and renames it, so there is never a
half-written copy, and creates it readable by you alone (documents are PHI).
"""

from __future__ import annotations

import argparse
import asyncio
import codecs
import contextlib
import os
import sys
import tempfile
from pathlib import Path

from ..domain.errors import DeidError
from ..domain.sanitize import sanitize
from . import exit_codes
from .common import run_with_engine, split_target
from .errors import UsageError
from .formats import emit
from .output import SCHEMA_BLOB, iso, table

CHUNK = 1024 * 1024


def _storage(engine):
    if engine.storage is None:
        raise DeidError(
            "This profile has no storage account configured.",
            title="No storage",
            hint="Add storage.account_urls (or a connection string) to the profile.",
        )
    return engine.storage


def run_ls(args: argparse.Namespace) -> int:
    async def body(engine) -> int:
        storage = _storage(engine)
        if not args.target:
            containers = await storage.containers()
            emit(
                [{"schema": SCHEMA_BLOB, "kind": "container", "name": c.name, "url": c.url} for c in containers],
                args,
                lambda: table(["CONTAINER", "URL"], [[c.name, c.url] for c in containers]),
            )
            return exit_codes.OK
        container, prefix = split_target(engine, args.target)
        if args.recursive:
            blobs = [b async for b in storage.iter_matching(container, prefix)]
            folders: tuple[str, ...] = ()
            truncated = False
        else:
            listing = await storage.list_folder(container, prefix)
            blobs, folders, truncated = list(listing.blobs), listing.folders, listing.truncated
        items = [
            {"schema": SCHEMA_BLOB, "kind": "folder", "name": f, "size": None, "lastModified": None} for f in folders
        ]
        items += [
            {
                "schema": SCHEMA_BLOB,
                "kind": "blob",
                "name": b.name,
                "size": b.size,
                "lastModified": iso(b.last_modified),
                "contentType": b.content_type,
            }
            for b in blobs
        ]
        rows = [[f, "-", "-"] for f in folders]
        rows += [[b.name, f"{b.size:,}", iso(b.last_modified) or "-"] for b in blobs]
        emit(items, args, lambda: table(["NAME", "BYTES", "LAST MODIFIED"], rows))
        if truncated:
            sys.stderr.write("deidtui: more entries exist than were listed; narrow the prefix or use --recursive\n")
        return exit_codes.OK

    return run_with_engine(args, body, service=False)


def run_cat(args: argparse.Namespace) -> int:
    if args.raw and sys.stdout.isatty():
        raise UsageError("refusing to write raw blob bytes to a terminal; redirect to a file or a pipe, or drop --raw")

    async def body(engine) -> int:
        container, name = split_target(engine, args.target)
        if not name:
            raise UsageError("give a blob, e.g. notes/in/note.txt")
        source = await _storage(engine).open_blob(container, name)
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")  # a character may span two chunks
        offset = 0
        while offset < source.size:
            data = await source.read(offset, CHUNK)
            offset += len(data)
            if args.raw:
                sys.stdout.buffer.write(data)
            else:
                sys.stdout.write(sanitize(decoder.decode(data, final=offset >= source.size)))
        sys.stdout.flush()
        return exit_codes.OK

    return run_with_engine(args, body, service=False)


def run_get(args: argparse.Namespace) -> int:
    async def body(engine) -> int:
        container, name = split_target(engine, args.target)
        if not name:
            raise UsageError("give a blob, e.g. notes/in/note.txt")
        target = Path(args.output_file or Path(name).name)
        if await asyncio.to_thread(target.exists) and not args.force:
            raise UsageError(f"{target} exists; use --force to replace it")
        source = await _storage(engine).open_blob(container, name)
        folder = target.parent if str(target.parent) else Path(".")
        descriptor, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
        os.fchmod(descriptor, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                offset = 0
                while offset < source.size:
                    data = await source.read(offset, CHUNK)
                    handle.write(data)
                    offset += len(data)
            os.replace(temp_name, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp_name)
            raise
        sys.stderr.write(f"wrote {source.size:,} bytes to {target}\n")
        return exit_codes.OK

    return run_with_engine(args, body, service=False)
