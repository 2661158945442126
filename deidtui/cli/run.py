"""`deidtui run SOURCE_DIR --op ... --out OUT_DIR` (a folder de-identified in one command, resumable)
and `deidtui runs` (the runs the cache remembers).

The work is the engine's (`deidtui.engine.run`); this module reads the arguments, draws progress on
stderr, prints the summary on stdout (a table, or `-o json`: `deidtui.run/1`) and picks the exit
code as `jobs watch` does: 0 every job succeeded, 4 partially failed, 1 failed (or an output could
not be downloaded), 5 canceled, 11 `--timeout` ran out (the jobs keep running; run it again).
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path

from ..domain.sanitize import sanitize_line
from . import exit_codes
from .common import container_url, report, run_with_engine
from .errors import UsageError
from .formats import emit, wants_data
from .output import iso, table
from .run_progress import BarProgress, LineProgress, human_bytes

DEFAULT_CONTAINER = "deidtui-runs"
SHOWN_FAILURES = 20  # lines of failures in the people's summary; -o json has them all


def _folders(args: argparse.Namespace) -> tuple[Path, Path]:
    source = Path(args.source).expanduser().resolve()
    out = Path(args.out).expanduser().resolve()
    if not source.is_dir():
        raise UsageError(f"{args.source!r} is not a folder")
    if out == source or out.is_relative_to(source):
        raise UsageError("--out must be outside SOURCE_DIR: its outputs would be sent again as inputs")
    if source.is_relative_to(out):
        raise UsageError("--out must not contain SOURCE_DIR")
    if not out.parent.is_dir():
        raise UsageError(f"the folder that would hold --out ({out.parent}) does not exist")
    return source, out


def _private_out(out: Path) -> None:
    """The output folder is 0700 when the run makes it; an existing one is left as it is, with a
    word if others can read it."""
    try:
        out.mkdir(mode=0o700)
        os.chmod(out, 0o700)
    except FileExistsError:
        if not out.is_dir():
            raise UsageError(f"--out {str(out)!r} exists and is not a folder") from None
        if out.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            sys.stderr.write(
                f"deidtui: warning: {sanitize_line(str(out))} can be read by others; its files are written 0600\n"
            )


def run_run(args: argparse.Namespace) -> int:
    from ..engine.run.model import RunRefused, RunRequest
    from ..engine.run.pipeline import RunPipeline

    source, out = _folders(args)

    async def body(engine) -> int:
        from ..engine import SubmitRejected
        from .jobs_write import _rejected

        request = RunRequest(
            source_dir=source,
            out_dir=out,
            operation=args.operation,
            container_url=container_url(engine, args.container),
            prefix=args.prefix,
            extensions=args.extensions,
            locale=args.locale,
            redaction_format=args.format,
            documents_per_job=args.documents_per_job,
            name=args.name,
            strict=args.strict,
            clean_inputs=args.clean,
            clean_outputs=args.clean_outputs,
            interval=args.interval,
            timeout=args.timeout,
            concurrency=args.concurrency,
        )
        _private_out(out)
        progress = BarProgress() if sys.stderr.isatty() else LineProgress()
        try:
            with progress:
                summary = await RunPipeline(engine, request, progress).execute()
        except SubmitRejected as error:
            return _rejected(error)
        except RunRefused as error:
            report(error)
            return exit_codes.REJECTED
        data = summary.as_json()
        emit(data, args, lambda: _print_summary(data))
        return _exit_code(summary)

    return run_with_engine(args, body)


def _exit_code(summary) -> int:
    from .watch import SEVERITY, outcome

    if summary.timed_out:
        sys.stderr.write("deidtui: --timeout ran out; the jobs keep running: run the same command again to continue\n")
        return exit_codes.TIMEOUT
    codes = {outcome(view) for view in summary.jobs}
    code = next((c for c in SEVERITY if c in codes), exit_codes.OK)
    if summary.download_failures and code == exit_codes.OK:
        return exit_codes.FAILED
    return code


def _print_summary(data: dict) -> None:
    docs, up, down = data["documents"], data["uploads"], data["downloads"]
    jobs = ", ".join(f"{j['name']} ({j['outcome']})" for j in data["jobs"])
    lines = [
        f"run {data['name']}: {docs['total']} document(s) in {len(data['jobs'])} job(s): {jobs}",
        f"  done {docs['succeeded']}, failed {docs['failed']}, canceled {docs['canceled']}",
    ]
    for failure in data["failures"][:SHOWN_FAILURES]:
        lines.append(f"  failed: {failure['path']}: {failure['code']}: {failure['message']}")
    if len(data["failures"]) > SHOWN_FAILURES:
        lines.append(f"  ... and {len(data['failures']) - SHOWN_FAILURES} more failed (-o json lists them all)")
    for skipped in data["skipped"][:SHOWN_FAILURES]:
        lines.append(f"  skipped: {skipped['path']}: {skipped['reason']}")
    if len(data["skipped"]) > SHOWN_FAILURES:
        lines.append(f"  ... and {len(data['skipped']) - SHOWN_FAILURES} more skipped")
    lines.append(
        f"  uploaded {up['files']} file(s) ({human_bytes(up['bytes'])}), {up['alreadyThere']} already there; "
        f"downloaded {down['files']} ({human_bytes(down['bytes'])}), {down['alreadyVerified']} already verified"
    )
    for failure in down["failed"][:SHOWN_FAILURES]:
        lines.append(f"  not downloaded: {failure['path']}: {failure['code']}: {failure['message']}")
    cleaned = data["cleaned"]
    if cleaned["inputs"] or cleaned["outputs"]:
        lines.append(f"  removed {cleaned['inputs']} uploaded input(s) and {cleaned['outputs']} remote output(s)")
    rate = data["documentsPerSecond"]
    throughput = data["bytesPerSecond"]
    lines.append(
        f"  outputs in {data['outDir']}; took {data['seconds']:.1f} s"
        + (
            f", {rate:g} documents/s, {human_bytes(throughput)}/s"
            if rate is not None and throughput is not None
            else ""
        )
    )
    for line in lines:
        print(sanitize_line(line))


def run_runs(args: argparse.Namespace) -> int:
    async def body(engine) -> int:
        store = await engine.run_store()
        records = await store.runs()
        data = [_run_json(record) for record in records]
        if wants_data(args):
            emit(data, args)
            return exit_codes.OK
        if not records:
            sys.stderr.write("deidtui: no run recorded in this profile's cache (`deidtui run` makes one)\n")
            return exit_codes.OK
        rows = []
        for item in data:
            docs = (item["summary"] or {}).get("documents") or {}
            done = f"{docs.get('succeeded', 0)}/{docs.get('total', 0)}" if docs else "-"
            rows.append(
                [
                    item["name"],
                    item["state"],
                    str(len(item["jobs"])),
                    done,
                    item["source"],
                    item["out"],
                    item["createdAt"],
                ]
            )
        table(["NAME", "STATE", "JOBS", "DONE", "SOURCE", "OUT", "CREATED"], rows)
        return exit_codes.OK

    return run_with_engine(args, body, service=False, cached_only=True)


def _run_json(record) -> dict:
    return {
        "schema": "deidtui.runrecord/1",
        "name": record.name,
        "state": record.state,
        "source": record.source_dir,
        "out": record.out_dir,
        "container": record.container_url,
        "prefix": record.prefix,
        "settings": record.settings,
        "jobs": list(record.jobs),
        "createdAt": iso(record.created_at),
        "updatedAt": iso(record.updated_at),
        "summary": record.summary,
    }
