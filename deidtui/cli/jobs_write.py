"""`deidtui jobs submit | preview | cancel | delete | resubmit`."""

from __future__ import annotations

import argparse
import sys

from ..domain.models import JobSpec, Operation
from ..domain.sanitize import sanitize, sanitize_line
from ..engine import ReadOnlyError, SubmitRejected
from . import exit_codes
from .common import confirm, container_url, report, run_with_engine
from .errors import UsageError
from .output import write_json


def add_spec_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source", required=True, help="source container: its URL, or its name in the profile's account"
    )
    parser.add_argument("--prefix", required=True, help="source prefix: the documents to process")
    parser.add_argument("--target-prefix", required=True, help="where outputs go (the source prefix is replaced)")
    parser.add_argument("--target", help="target container (default: the source container)")
    parser.add_argument("--operation", default="Surrogate", help="Tag, Redact or Surrogate (default Surrogate)")
    parser.add_argument("--locale", help="surrogate locale, e.g. en-US, fr-CA")
    parser.add_argument("--redaction-format", help="Redact only, e.g. '[{type}]' or '*{len}'")
    parser.add_argument("--extensions", default="*", help="comma-separated, e.g. '*.txt,*.note' (default *)")
    parser.add_argument("--overwrite", action="store_true", help="replace outputs that already exist")


def spec_from(args: argparse.Namespace, engine) -> JobSpec:
    try:
        operation = Operation.parse(args.operation)
    except ValueError as exc:
        raise UsageError(f"--operation: {exc}") from None
    source = container_url(engine, args.source)
    return JobSpec(
        source_location=source,
        source_prefix=args.prefix,
        target_prefix=args.target_prefix,
        target_location=container_url(engine, args.target) if args.target else None,
        operation=operation,
        extensions=tuple(e.strip() for e in args.extensions.split(",") if e.strip()) or ("*",),
        overwrite=args.overwrite,
        redaction_format=args.redaction_format,
        surrogate_locale=args.locale,
    )


def _rejected(error: SubmitRejected) -> int:
    for problem in error.check.problems:
        sys.stderr.write(f"deidtui: {sanitize_line(problem.target)}: {sanitize_line(problem.message)}\n")
    if error.check.suggested_name:
        sys.stderr.write(f"  fix: try --name {sanitize_line(error.check.suggested_name)}\n")
    return exit_codes.REJECTED


async def _after_submit(engine, args, result) -> int:
    for warning in result.warnings:
        sys.stderr.write(f"deidtui: warning: {sanitize_line(warning)}\n")
    if args.output in ("json", "jsonl"):
        cached = await engine.job(result.name)
        from .output import job_json

        write_json(job_json(cached), args.output)
    else:
        print(sanitize_line(result.name))
    if args.wait:
        from .watch import watch

        return await watch(
            engine, [result.name], interval=args.interval, timeout=args.timeout, quiet=args.output in ("json", "jsonl")
        )
    return exit_codes.OK


def run_submit(args: argparse.Namespace) -> int:
    async def body(engine) -> int:
        spec = spec_from(args, engine)
        await engine.settle_intents()
        try:
            result = await engine.submit(spec, args.name)
        except SubmitRejected as error:
            return _rejected(error)
        return await _after_submit(engine, args, result)

    return run_with_engine(args, body)


def run_preview(args: argparse.Namespace) -> int:
    async def body(engine) -> int:
        spec = spec_from(args, engine)
        items = await engine.preview(spec, samples=args.samples)
        if not items:
            sys.stderr.write("deidtui: no document matches that prefix and those extensions\n")
            return exit_codes.REJECTED
        if args.output in ("json", "jsonl"):
            write_json(
                [
                    {
                        "blob": i.blob_name,
                        "input": i.input_text,
                        "output": i.output_text,
                        "entities": list(i.entities),
                        "truncated": i.truncated,
                        "error": i.error,
                    }
                    for i in items
                ],
                args.output,
            )
            return exit_codes.OK
        for item in items:
            print(f"=== {sanitize_line(item.blob_name)}{' (first 48 KB)' if item.truncated else ''}")
            if item.error:
                print(f"error: {sanitize_line(item.error)}")
                continue
            print("--- input")
            print(sanitize(item.input_text).rstrip("\n"))
            if spec.operation is Operation.TAG:
                print("--- entities")
                for entity in item.entities:
                    print(f"{entity.get('category', '?'):<16} {sanitize_line(str(entity.get('text', '')))}")
            else:
                print("--- output")
                print(sanitize(item.output_text or "").rstrip("\n"))
        return exit_codes.OK

    return run_with_engine(args, body)


def _results(results, args, verb: str) -> int:
    code = exit_codes.OK
    for result in results:
        if result.ok or result.skipped:
            print(
                f"{verb} {sanitize_line(result.name)}"
                if result.ok
                else f"{sanitize_line(result.message)} (nothing to do)"
            )
            continue
        if result.error is not None:
            code = max(code, report(result.error))
        else:
            sys.stderr.write(f"deidtui: {sanitize_line(result.message)}\n")
            code = max(code, exit_codes.REJECTED)
    return code


def run_cancel(args: argparse.Namespace) -> int:
    async def body(engine) -> int:
        return _results(await engine.cancel(args.names), args, "canceled")

    return run_with_engine(args, body)


def run_delete(args: argparse.Namespace) -> int:
    async def body(engine) -> int:
        if engine.read_only:
            raise ReadOnlyError("This profile is read-only; deleting jobs is disabled.")
        if not confirm(f"Delete the records of {', '.join(args.names)}? Documents are kept.", args.yes):
            sys.stderr.write("deidtui: nothing deleted\n")
            return exit_codes.OK
        return _results(await engine.delete(args.names), args, "deleted")

    return run_with_engine(args, body)


def run_resubmit(args: argparse.Namespace) -> int:
    async def body(engine) -> int:
        await engine.settle_intents()
        try:
            if args.failed_only:
                result = await engine.retry_failed(args.name)
            else:
                result = await engine.resubmit(args.name)
        except SubmitRejected as error:
            return _rejected(error)
        return await _after_submit(engine, args, result)

    return run_with_engine(args, body)
