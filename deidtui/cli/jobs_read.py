"""`deidtui jobs list | show | documents`."""

from __future__ import annotations

import argparse
import asyncio
import sys

from ..domain import rules
from ..domain.errors import AuthError, DeidError
from ..domain.jobs import JobView
from ..domain.models import JobStatus
from ..domain.sanitize import sanitize_line
from . import exit_codes
from .common import parse_since, report, run_with_engine
from .fleet import first_code, report_service
from .formats import emit
from .output import document_json, job_json, table

STATUS_NAMES = {s.value.lower(): s for s in JobStatus} | {
    "notstarted": JobStatus.NOT_STARTED,
    "queued": JobStatus.NOT_STARTED,
}


def _statuses(value: str | None) -> set[str] | None:
    if not value:
        return None
    wanted = set()
    for item in value.lower().replace(" ", "").split(","):
        if item == "partial":
            wanted.add("partial")
        elif item in STATUS_NAMES:
            wanted.add(STATUS_NAMES[item].value)
        else:
            from .errors import UsageError

            raise UsageError(f"--status {item!r}: use {', '.join(s.value for s in JobStatus)} or partial")
    return wanted


async def _refresh(engine, args) -> DeidError | None:
    """Sweep the service into the cache; the error, when it could not."""
    if getattr(args, "cached", False):
        return None
    try:
        await engine.sync_jobs()
    except DeidError as error:
        return error
    return None


def run_list(args: argparse.Namespace) -> int:
    statuses = _statuses(args.status)
    since = parse_since(args.since) if args.since else None
    operations = {o.value for o in args.operation} if args.operation else None

    # The cache's query chooses by status, operation and age, so only those jobs are decoded (a
    # partially failed job is a failed one); `choose` then applies the exact rules.
    chosen_statuses = None
    if statuses:
        chosen_statuses = {JobStatus(s) for s in statuses if s != "partial"}
        if "partial" in statuses:
            chosen_statuses.add(JobStatus.FAILED)
    chosen_operations = set(args.operation) if args.operation else None
    query = {"statuses": chosen_statuses, "operations": chosen_operations, "created_since": since}

    def choose(jobs: list[JobView]) -> list[tuple[JobView, dict]]:
        chosen = []
        for cached in jobs:
            data = job_json(cached)
            if statuses and data["status"] not in statuses and not ("partial" in statuses and data["partiallyFailed"]):
                continue
            if operations and data["operation"] not in operations:
                continue
            if since and cached.job.created_at < since:
                continue
            chosen.append((cached, data))
        return chosen

    async def body(engine) -> int:
        error = await _refresh(engine, args)
        code = exit_codes.OK if error is None else report(error)
        jobs = await engine.jobs(include_deleted=args.all, **query)
        if error is not None:
            if isinstance(error, AuthError) or not (jobs or await engine.jobs(include_deleted=args.all, limit=1)):
                return code  # nothing to show: the one line on stderr says what to do
            sys.stderr.write("deidtui: showing cached jobs, which may be out of date\n")
        chosen = choose(jobs)
        emit([d for _, d in chosen], args, lambda: _print_jobs(chosen))
        return code

    async def fleet_body(fleet, codes: dict[str, int]) -> int:
        # Every service refreshed at once: one that cannot answer holds no other back.
        errors = await asyncio.gather(*(_refresh(engine, args) for engine in fleet if codes[engine.name] == 0))
        for engine, error in zip([e for e in fleet if codes[e.name] == 0], errors, strict=True):
            if error is not None:
                codes[engine.name] = report_service(engine.name, error)
                sys.stderr.write(
                    f"deidtui: {sanitize_line(engine.name)}: showing cached jobs, which may be out of date\n"
                )
        chosen = [
            (cached, {"schema": data["schema"], "service": cached.profile, **data})
            for cached, data in choose(await fleet.jobs(include_deleted=args.all, **query))
        ]
        emit([d for _, d in chosen], args, lambda: _print_jobs(chosen, fleet=True))
        return first_code(list(codes.values()))

    if args.fleet:
        from .fleet import run_with_fleet

        return run_with_fleet(args, fleet_body, service=not args.cached, cached_only=args.cached)
    return run_with_engine(args, body, service=not args.cached, cached_only=args.cached)


def _print_jobs(chosen: list, *, fleet: bool = False) -> None:
    rows = []
    for cached, data in chosen:
        counts = rules.counts(cached)
        total, done, failed = counts.total, counts.processed, counts.failed
        status = "partial" if data["partiallyFailed"] else data["status"]
        rows.append(
            ([data["service"]] if fleet else [])
            + [
                data["name"],
                data["operation"],
                status,
                f"{done}/{total}" if total else "-",
                str(failed or ""),
                data["createdAt"][:19].replace("T", " "),
                f"{cached.job.spec.source_prefix or '/'} -> {cached.job.spec.target_prefix}",
            ]
        )
    headers = ["NAME", "OP", "STATUS", "DONE", "FAILED", "CREATED (UTC)", "SOURCE -> TARGET"]
    table(
        (["SERVICE"] if fleet else []) + headers,
        rows,
        coloured={3 if fleet else 2: lambda cell: cell.strip()},
    )


def run_show(args: argparse.Namespace) -> int:
    async def body(engine) -> int:
        code = exit_codes.OK
        if not args.cached:
            try:
                await engine.sync_job(args.name)
            except DeidError as error:
                if await engine.job(args.name) is None:
                    return report(error)
                code = report(error)
                sys.stderr.write("deidtui: showing the cached state, which may be out of date\n")
        cached = await engine.job(args.name)
        if cached is None:
            sys.stderr.write(f"deidtui: no job named {args.name!r} in this profile\n")
            return exit_codes.NOT_FOUND
        data = job_json(cached)
        data["timeline"] = [
            {"status": t.status.value, "at": t.at.isoformat()} for t in await engine.transitions(args.name)
        ]
        _parent, children = await engine.lineage(args.name)
        data["children"] = children
        emit(data, args, lambda: _print_job(data))
        return code

    return run_with_engine(args, body, service=not args.cached, cached_only=args.cached)


def _print_job(data: dict) -> None:
    status = "partially failed" if data["partiallyFailed"] else data["status"]
    rows = [
        ["name", data["name"]],
        ["status", status],
        ["operation", data["operation"]],
        [
            "source",
            f"{data['source']['location']}  prefix {data['source']['prefix']!r}  "
            f"extensions {','.join(data['source']['extensions'])}",
        ],
        [
            "target",
            f"{data['target']['location']}  prefix {data['target']['prefix']!r}  "
            f"overwrite {str(data['target']['overwrite']).lower()}",
        ],
    ]
    custom = data["customizations"]
    if custom["redactionFormat"]:
        rows.append(["redaction format", custom["redactionFormat"]])
    if custom["surrogateLocale"]:
        rows.append(["surrogate locale", custom["surrogateLocale"]])
    if custom["inputLocale"]:
        rows.append(["input locale", custom["inputLocale"]])
    rows += [
        ["created", data["createdAt"]],
        ["started", data["startedAt"] or "-"],
        ["last updated", data["lastUpdatedAt"]],
    ]
    if data["summary"]:
        s = data["summary"]
        rows.append(
            [
                "summary",
                f"{s['successful']} succeeded, {s['failed']} failed, {s['canceled']} canceled of "
                f"{s['total']}; {s['bytesProcessed']:,} bytes",
            ]
        )
    elif data["progress"]:
        p = data["progress"]
        rows.append(
            [
                "progress",
                f"{p['succeeded'] + p['failed']}/{p['total']} processed, {p['failed']} failed, {p['running']} running",
            ]
        )
    if data["error"]:
        rows.append(["error", f"{data['error']['code']}: {data['error']['message']}"])
    if data["parent"]:
        rows.append(["made from", data["parent"]])
    if data["children"]:
        rows.append(["resubmitted as", ", ".join(data["children"])])
    if data["deleted"]:
        rows.append(["deleted", "no longer on the service; history kept locally"])
    for item in data["timeline"]:
        rows.append(["timeline", f"{item['at'][:19].replace('T', ' ')}  {item['status']}"])
    table(["FIELD", "VALUE"], rows)


def run_documents(args: argparse.Namespace) -> int:
    statuses = _statuses(args.status)

    async def body(engine) -> int:
        code = exit_codes.OK
        if not args.cached:
            try:
                await engine.sync_documents(args.name)
            except DeidError as error:
                code = report(error)
                if code == exit_codes.NOT_FOUND:
                    return code
        documents = await engine.documents(args.name)
        chosen = [d for d in documents if not statuses or d.status.value in statuses]

        def draw() -> None:
            rows = [
                [
                    d.status.value,
                    d.input.location.rsplit("/", 1)[-1] if args.short else d.input.location,
                    (d.output.location if d.output else "-"),
                    f"{d.error.code}: {d.error.message}" if d.error else "",
                ]
                for d in chosen
            ]
            table(["STATUS", "INPUT", "OUTPUT", "ERROR"], rows, coloured={0: lambda cell: cell.strip()})

        emit([document_json(args.name, d) for d in chosen], args, draw)
        return code

    return run_with_engine(args, body, service=not args.cached, cached_only=args.cached)
