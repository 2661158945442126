"""The parsers of `deidtui jobs` and its commands (list, show, documents, submit, preview, cancel,
delete, resubmit, retry-failed, watch), with the options several of them share (`--fleet`, `--wait`
and its timing, `--include-unfixable`).
"""

from __future__ import annotations

import argparse

from . import arguments
from .deferred_parsers import Parser, add_command, add_group, lazy_handler
from .formats import add_output_options


def add_jobs(sub: argparse._SubParsersAction) -> None:
    add_group(sub, "jobs", "list, inspect, submit, cancel, delete, resubmit and watch jobs", _fill_jobs)


def _fill_jobs(jobs: argparse.ArgumentParser) -> None:
    from . import jobs_write  # only its argument definitions: no network code at import

    commands = jobs.add_subparsers(title="job commands", metavar="COMMAND", parser_class=Parser, required=True)

    p = add_command(
        commands, "list", "list the profile's jobs (refreshed from the service)", lazy_handler(".jobs_read", "run_list")
    )
    p.add_argument("--status", help="comma-separated: NotStarted, Running, Succeeded, Failed, Canceled, partial")
    p.add_argument("--operation", type=arguments.operations, help="comma-separated: Tag, Redact, Surrogate")
    p.add_argument("--since", help="created since: 2024-11-02, 2024-11-02T08:00, or 90m / 12h / 3d")
    p.add_argument("--all", action="store_true", help="include jobs deleted from the service (kept in the cache)")
    p.add_argument("--cached", action="store_true", help="do not ask the service; show what the cache holds")
    _fleet_option(p, "list the jobs of every profile in the config's fleet list, with their service")
    add_output_options(p)

    p = add_command(
        commands, "show", "one job: spec, status, summary, progress, timeline", lazy_handler(".jobs_read", "run_show")
    )
    p.add_argument("name", type=arguments.job_name)
    p.add_argument("--cached", action="store_true", help="do not ask the service")
    add_output_options(p)

    p = add_command(commands, "documents", "the documents of a job", lazy_handler(".jobs_read", "run_documents"))
    p.add_argument("name", type=arguments.job_name)
    p.add_argument("--status", help="comma-separated statuses, e.g. failed")
    p.add_argument("--short", action="store_true", help="show input file names, not full URLs")
    p.add_argument("--cached", action="store_true", help="do not ask the service")
    add_output_options(p)

    p = add_command(commands, "submit", "check and submit a job", lazy_handler(".jobs_write", "run_submit"))
    jobs_write.add_spec_arguments(p)
    p.add_argument("--name", help="job name (default: derived from the operation, prefix and time)")
    _wait_options(p)
    add_output_options(p)

    p = add_command(
        commands,
        "preview",
        "de-identify up to N matching documents synchronously, to check settings",
        lazy_handler(".jobs_write", "run_preview"),
    )
    jobs_write.add_spec_arguments(p)
    p.add_argument("-n", "--samples", type=arguments.samples, default=3, help="documents to preview (default 3)")
    add_output_options(p)

    p = add_command(
        commands, "cancel", "cancel running jobs (finished outputs are kept)", lazy_handler(".jobs_write", "run_cancel")
    )
    p.add_argument("names", nargs="+", metavar="NAME", type=arguments.job_name)

    p = add_command(
        commands,
        "delete",
        "delete finished jobs' records (documents are kept)",
        lazy_handler(".jobs_write", "run_delete"),
    )
    p.add_argument("names", nargs="+", metavar="NAME", type=arguments.job_name)
    p.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation on a terminal")

    p = add_command(
        commands,
        "resubmit",
        "submit a job's spec again under a new name (-r2...), or retry its failures",
        lazy_handler(".jobs_write", "run_resubmit"),
    )
    p.add_argument("name", type=arguments.job_name)
    p.add_argument(
        "--failed-only",
        action="store_true",
        help="copy only the failed inputs under _retry/<job>/ and submit a job over them (as retry-failed)",
    )
    p.add_argument(
        "--overwrite",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="replace (or not) outputs that already exist (default: as the job did)",
    )
    p.add_argument("--target-prefix", help="write outputs under this prefix instead (default: as the job did)")
    _include_unfixable(p)
    _wait_options(p)
    add_output_options(p)

    p = add_command(
        commands,
        "retry-failed",
        "retry a finished job's failed documents that a retry can fix (copied under _retry/<job>/)",
        lazy_handler(".jobs_write", "run_retry_failed"),
    )
    p.add_argument("name", type=arguments.job_name)
    _include_unfixable(p)
    _wait_options(p)
    add_output_options(p)

    p = add_command(
        commands,
        "watch",
        "follow jobs until they finish; the exit code says how they ended",
        lazy_handler(".watch", "run_watch"),
    )
    p.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        type=arguments.watched_job,
        help="job names; with --fleet SERVICE/NAME or a NAME one service has",
    )
    p.add_argument("--interval", type=arguments.interval, default=3.0, help="seconds between checks (default 3)")
    p.add_argument("--timeout", type=arguments.timeout, help="give up after this many seconds (exit 11)")
    _fleet_option(p, "watch jobs across the services of the config's fleet list (no NAME: every unfinished job)")


def _fleet_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """`--fleet` on a job command (issue 14): every profile of the config's fleet list."""
    parser.add_argument("--fleet", action="store_true", help=help_text)


def _include_unfixable(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--include-unfixable",
        action="store_true",
        help="retry every failed document, also those a retry cannot fix (too large, not UTF-8, output in the way)",
    )


def _wait_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wait", action="store_true", help="then watch the job until it finishes (exit code as watch)")
    parser.add_argument("--interval", type=arguments.interval, default=3.0, help="with --wait: seconds between checks")
    parser.add_argument(
        "--timeout", type=arguments.timeout, help="with --wait: give up after this many seconds (exit 11)"
    )
