"""`deidtui jobs submit | preview | cancel | delete | resubmit | retry-failed`."""

from __future__ import annotations

import argparse
import sys

from ..domain.errors import NotFound
from ..domain.models import JobSpec, Operation
from ..domain.sanitize import sanitize, sanitize_line
from ..domain.validation import validate_spec
from ..engine import ReadOnlyError, SubmitRejected
from . import arguments, exit_codes
from .common import confirm, container_url, report, run_with_engine
from .formats import emit, wants_data
from .output import job_json


def add_spec_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source", required=True, help="source container: its URL, or its name in the profile's account"
    )
    parser.add_argument("--prefix", required=True, help="source prefix: the documents to process")
    parser.add_argument("--target-prefix", required=True, help="where outputs go (the source prefix is replaced)")
    parser.add_argument("--target", help="target container (default: the source container)")
    parser.add_argument(
        "--operation",
        type=arguments.operation,
        default="Surrogate",
        help="Tag, Redact or Surrogate (default Surrogate)",
    )
    parser.add_argument("--locale", help="surrogate locale, e.g. en-US, fr-CA")
    parser.add_argument(
        "--input-locale",
        help="the documents' language, e.g. fr-CA (needs api_version 2025-07-15-preview in the profile)",
    )
    parser.add_argument("--redaction-format", help="Redact only, e.g. '[{type}]' or '*{len}'")
    parser.add_argument(
        "--extensions",
        type=arguments.extensions,
        default="*",
        help="comma-separated, e.g. '*.txt,*.note' (default *)",
    )
    parser.add_argument("--overwrite", action="store_true", help="replace outputs that already exist")


def spec_from(args: argparse.Namespace, engine) -> JobSpec:
    operation = args.operation  # an Operation: `arguments.operation` parsed it
    source = container_url(engine, args.source)
    return JobSpec(
        source_location=source,
        source_prefix=args.prefix,
        target_prefix=args.target_prefix,
        target_location=container_url(engine, args.target) if args.target else None,
        operation=operation,
        extensions=args.extensions,  # checked while parsing: never empty
        overwrite=args.overwrite,
        redaction_format=args.redaction_format,
        surrogate_locale=args.locale,
        input_locale=args.input_locale,
    )


def _rejected(error: SubmitRejected, spec: JobSpec | None = None) -> int:
    """One line per problem; exit 6 when the source or target container does not exist, else 9."""
    for problem in error.check.problems:
        sys.stderr.write(f"deidtui: {sanitize_line(problem.target)}: {sanitize_line(problem.message)}\n")
    if error.check.suggested_name:
        sys.stderr.write(f"  fix: try --name {sanitize_line(error.check.suggested_name)}\n")
    # A location problem that the spec's own rules do not explain came from storage: the engine's
    # check found no such container (a resubmitted spec was accepted once, so its rules hold).
    malformed = {p.target for p in validate_spec(spec)} if spec is not None else set()
    if any(p.target.endswith("location") and p.target not in malformed for p in error.check.problems):
        return exit_codes.NOT_FOUND
    return exit_codes.REJECTED


async def _after_submit(engine, args, result) -> int:
    for warning in result.warnings:
        sys.stderr.write(f"deidtui: warning: {sanitize_line(warning)}\n")
    if wants_data(args):
        emit(job_json(await engine.job(result.name)), args)
    else:
        print(sanitize_line(result.name))  # alone on stdout: `name=$(deidtui jobs submit ...)`
    if args.wait:
        from .watch import watch

        return await watch(
            engine, [result.name], interval=args.interval, timeout=args.timeout, quiet=args.output != "table"
        )
    return exit_codes.OK


def run_submit(args: argparse.Namespace) -> int:
    async def body(engine) -> int:
        spec = spec_from(args, engine)
        try:
            result = await engine.submit(spec, args.name)
        except SubmitRejected as error:
            return _rejected(error, spec)
        return await _after_submit(engine, args, result)

    return run_with_engine(args, body)


def run_preview(args: argparse.Namespace) -> int:
    async def body(engine) -> int:
        spec = spec_from(args, engine)
        items = await engine.preview(spec, samples=args.samples)
        if not items:
            sys.stderr.write("deidtui: no document matches that prefix and those extensions\n")
            return exit_codes.REJECTED
        if wants_data(args):
            emit(
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
                args,
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


async def _on_service(engine, name: str) -> bool:
    """Ask the service for the job and refresh the cache with its answer, so that the engine's
    rule (a running job must be canceled first) is applied to its state now, not as last seen.
    False when the service has no such job (any more); other errors propagate (exit 7, 8)."""
    try:
        await engine.sync_job(name, documents=False)
    except NotFound:  # the cache marks it deleted
        return False
    return True


def run_delete(args: argparse.Namespace) -> int:
    async def body(engine) -> int:
        if engine.read_only:
            raise ReadOnlyError("This profile is read-only; deleting jobs is disabled.")
        question = f"Delete the records of {', '.join(args.names)}? Documents are kept."
        if not confirm(question, args.yes, verb="delete"):
            sys.stderr.write("deidtui: nothing deleted\n")
            return exit_codes.OK
        code = exit_codes.OK
        remaining = []
        for name in args.names:
            if await _on_service(engine, name):
                remaining.append(name)
                continue
            # Not on the service: never say "deleted" for a delete that did nothing (exit 6).
            code = exit_codes.NOT_FOUND
            cached = await engine.job(name)
            if cached is None:
                sys.stderr.write(f"deidtui: no job named {sanitize_line(name)!r} on the service or in this profile\n")
                continue
            sys.stderr.write(
                f"deidtui: {sanitize_line(name)} was already deleted; nothing to delete "
                f"(its history is kept: `deidtui jobs show {sanitize_line(name)} --cached`)\n"
            )
        if remaining:
            code = max(code, _results(await engine.delete(remaining), args, "deleted"))
        return code

    return run_with_engine(args, body)


def run_resubmit(args: argparse.Namespace) -> int:
    """The job's spec again under a new name, with overwrite and the target prefix changed if asked."""
    changes: dict[str, object] = {}
    if args.overwrite is not None:
        changes["overwrite"] = args.overwrite
    if args.target_prefix is not None:
        changes["target_prefix"] = args.target_prefix
    if args.failed_only and changes:
        sys.stderr.write(
            "deidtui: --failed-only retries into the job's own target; --overwrite and --target-prefix "
            "apply to a resubmission (see `deidtui jobs resubmit --help`)\n"
        )
        return exit_codes.USAGE
    if not args.failed_only and args.include_unfixable:
        sys.stderr.write("deidtui: --include-unfixable goes with --failed-only (or `jobs retry-failed`)\n")
        return exit_codes.USAGE

    async def body(engine) -> int:
        try:
            if args.failed_only:
                result = await engine.retry_failed(args.name, include_unretryable=args.include_unfixable)
            else:
                result = await engine.resubmit(args.name, **changes)
        except SubmitRejected as error:
            return _rejected(error)  # no spec at hand: a resubmitted spec passed the rules once
        return await _after_submit(engine, args, result)

    return run_with_engine(args, body)


def run_retry_failed(args: argparse.Namespace) -> int:
    """Retry the failed documents a retry can fix (all of them with --include-unfixable)."""
    args.failed_only = True
    args.overwrite = args.target_prefix = None
    return run_resubmit(args)
