"""`-o json|jsonl|tsv|table` and `--query`: what a command prints, picked and shaped as the Azure CLI does.

`--query` is a JMESPath expression, the language `az --query` speaks, applied to the documented
JSON (docs/cli.md) before it is printed; operators who script az already know it
(`--query "[?status=='Failed'].name" -o tsv`). A comma-separated field list would have been
simpler, but could not filter or reach into `source.prefix`, and would be one more dialect to learn.

`tsv` follows `az -o tsv`: one line per item (an object, or a list such as `[].[name, status]`),
values tab-separated in the object's key order, no header, null as an empty field, nested
objects as compact JSON. Every value is sanitized and masked like a table cell, so a tab or
newline inside a value cannot shift the columns.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from ..domain.sanitize import sanitize_line
from .output import table, write_json

FORMATS = ("table", "json", "jsonl", "tsv")


def compile_query(expression: str):
    """An argparse type: the compiled JMESPath expression, or a one-line error (exit 2)."""
    import jmespath  # type: ignore[import-untyped]
    from jmespath.exceptions import JMESPathError  # type: ignore[import-untyped]

    try:
        return jmespath.compile(expression)
    except JMESPathError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise argparse.ArgumentTypeError(f"not a JMESPath expression ({reason})") from None


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        choices=FORMATS,
        default="table",
        help="output format (default table); JSON is documented in docs/cli.md",
    )
    parser.add_argument(
        "--query",
        type=compile_query,
        metavar="JMESPATH",
        help="pick and filter fields of the JSON output, as `az --query` does, e.g. \"[?status=='Failed'].name\"",
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return str(value)


def _rows(data: Any) -> list[list[str]]:
    items = data if isinstance(data, list) else [data]
    rows = []
    for item in items:
        if item is None:
            continue
        if isinstance(item, dict):
            values = list(item.values())
        elif isinstance(item, list):  # `--query "[].[name, status]"`: one row of values
            values = item
        else:
            values = [item]
        rows.append([sanitize_line(_cell(v)) for v in values])
    return rows


def write_tsv(data: Any, stream: TextIO = sys.stdout) -> None:
    for row in _rows(data):
        stream.write("\t".join(row) + "\n")


def write_generic_table(data: Any, stream: TextIO = sys.stdout) -> None:
    """A table of whatever a query returned: the keys of its first object as headers."""
    items = [i for i in (data if isinstance(data, list) else [data]) if i is not None]
    if not items:
        return
    if all(isinstance(i, dict) for i in items):
        keys = list(dict.fromkeys(k for i in items for k in i))
        table([k.upper() for k in keys], [[_cell(i.get(k)) for k in keys] for i in items], stream)
    else:
        table(["VALUE"], [[_cell(i)] for i in items], stream)


def emit(data: Any, args: argparse.Namespace, render_table: Callable[[], None] | None = None) -> None:
    """Print `data` (the documented JSON of the result) as `-o` and `--query` ask.

    `render_table` draws the command's own table; it is used for `-o table` without a query.
    """
    query = getattr(args, "query", None)
    if query is not None:
        data = query.search(data)
    output = getattr(args, "output", "table")
    if output in ("json", "jsonl"):
        write_json(data, output)
    elif output == "tsv":
        write_tsv(data)
    elif render_table is not None and query is None:
        render_table()
    else:
        write_generic_table(data)


def wants_data(args: argparse.Namespace) -> bool:
    """True when the output is built from the JSON (any format but the command's own table)."""
    return getattr(args, "output", "table") != "table" or getattr(args, "query", None) is not None
