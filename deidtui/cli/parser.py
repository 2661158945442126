"""The argument parser of every subcommand."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable

from .. import __version__
from ..domain.sanitize import sanitize_line
from . import arguments
from .formats import add_output_options


def _lazy(module: str, function: str):
    """A handler that imports its module only when its command runs: `deidtui` (the dashboard)
    must not pay for the emulator, the demo's Faker or the Azure SDK at start-up."""

    def handler(args: argparse.Namespace) -> int:
        import importlib

        return getattr(importlib.import_module(module, __package__), function)(args)

    handler.__name__ = function
    return handler


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error and exit code 2, never a traceback. The message quotes what
    was typed (`invalid choice: '...'`), so it is sanitized, which masks any SAS in it.

    A subcommand's parser gets its arguments when it is first used (`fill`): the dashboard (no
    subcommand) builds only the top level, and does not import the subcommands' argument modules."""

    _fill: Callable[[argparse.ArgumentParser], None] | None = None

    def defer(self, fill: Callable[[argparse.ArgumentParser], None]) -> argparse.ArgumentParser:
        self._fill = fill
        return self

    def _filled(self) -> None:
        fill, self._fill = self._fill, None
        if fill is not None:
            fill(self)

    def parse_known_args(self, args=None, namespace=None):
        self._filled()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self._filled()
        return super().format_usage()

    def format_help(self) -> str:
        self._filled()
        return super().format_help()

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"deidtui: {sanitize_line(message)} (see `{self.prog} --help`)\n")


def add_common_options(parser: argparse.ArgumentParser, *, suppress: bool = False) -> None:
    """Options every command understands; on subcommands they may also come after the command."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--profile",
        "-p",
        default=default,
        help="profile from the config file (default: $DEIDTUI_PROFILE or default_profile)",
    )
    parser.add_argument(
        "--config", default=default, help="config file (default: $DEIDTUI_CONFIG or the user config dir)"
    )
    parser.add_argument("--cache", default=default, help="cache file (default: $DEIDTUI_CACHE or the user state dir)")
    parser.add_argument(
        "--read-only",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="never change anything: submit, cancel, delete, resubmit and retry are disabled",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="log what deidtui and the Azure SDK do to stderr (or --log-file), and show where an "
        "unexpected error happened; secrets are masked (also: DEIDTUI_DEBUG=1)",
    )
    parser.add_argument(
        "--log-file",
        default=default,
        metavar="FILE",
        help="append the log to FILE (created 0600), with secrets masked; the dashboard logs only there",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="deidtui", description="Dashboard for Azure Health Data Services de-identification jobs.")
    parser.add_argument("--version", action="version", version=f"deidtui {__version__}")
    add_common_options(parser)
    parser.add_argument("--bell", action="store_true", help="ring the terminal bell when a watched job finishes")
    # The fleet view (issue 14): every profile of the config's `fleet` list in one queue.
    parser.add_argument(
        "--fleet",
        action="store_true",
        help="the jobs of every profile in the config's fleet = [...] list, in one queue",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    _add_emulator(sub)
    _add_azurite(sub)
    _add_demo(sub)
    _add_jobs(sub)
    _add_blobs(sub)
    _add_config(sub)
    _add_doctor(sub)
    _add_serve(sub)
    _add_run(sub)
    return parser


def _output(parser: argparse.ArgumentParser) -> None:
    add_output_options(parser)


def _command(
    sub: argparse._SubParsersAction,
    name: str,
    help_text: str,
    handler,
    fill: Callable[[argparse.ArgumentParser], None] | None = None,
) -> argparse.ArgumentParser:
    """A command's parser; with `fill`, its options are added when the command is used."""
    parser = sub.add_parser(name, help=help_text, description=help_text)

    def options(parser: argparse.ArgumentParser) -> None:
        add_common_options(parser, suppress=True)
        parser.set_defaults(handler=handler)
        if fill is not None:
            fill(parser)

    if fill is None:
        options(parser)
    else:
        _deferred(parser, options)
    return parser


def _deferred(parser: argparse.ArgumentParser, fill: Callable[[argparse.ArgumentParser], None]) -> None:
    assert isinstance(parser, _Parser)
    parser.defer(fill)


def _group(sub: argparse._SubParsersAction, name: str, help_text: str, fill, description: str | None = None) -> None:
    """A command whose parser `fill` builds when it is used: one with commands of its own (`jobs`,
    `blobs`, `config`), or with options of its own (`emulator`, `azurite`, `demo`)."""
    _deferred(sub.add_parser(name, help=help_text, description=description), fill)


def _add_jobs(sub: argparse._SubParsersAction) -> None:
    _group(sub, "jobs", "list, inspect, submit, cancel, delete, resubmit and watch jobs", _fill_jobs)


def _fill_jobs(jobs: argparse.ArgumentParser) -> None:
    from . import jobs_write  # only its argument definitions: no network code at import

    commands = jobs.add_subparsers(title="job commands", metavar="COMMAND", parser_class=_Parser, required=True)

    p = _command(
        commands, "list", "list the profile's jobs (refreshed from the service)", _lazy(".jobs_read", "run_list")
    )
    p.add_argument("--status", help="comma-separated: NotStarted, Running, Succeeded, Failed, Canceled, partial")
    p.add_argument("--operation", type=arguments.operations, help="comma-separated: Tag, Redact, Surrogate")
    p.add_argument("--since", help="created since: 2024-11-02, 2024-11-02T08:00, or 90m / 12h / 3d")
    p.add_argument("--all", action="store_true", help="include jobs deleted from the service (kept in the cache)")
    p.add_argument("--cached", action="store_true", help="do not ask the service; show what the cache holds")
    _fleet_option(p, "list the jobs of every profile in the config's fleet list, with their service")
    _output(p)

    p = _command(
        commands, "show", "one job: spec, status, summary, progress, timeline", _lazy(".jobs_read", "run_show")
    )
    p.add_argument("name", type=arguments.job_name)
    p.add_argument("--cached", action="store_true", help="do not ask the service")
    _output(p)

    p = _command(commands, "documents", "the documents of a job", _lazy(".jobs_read", "run_documents"))
    p.add_argument("name", type=arguments.job_name)
    p.add_argument("--status", help="comma-separated statuses, e.g. failed")
    p.add_argument("--short", action="store_true", help="show input file names, not full URLs")
    p.add_argument("--cached", action="store_true", help="do not ask the service")
    _output(p)

    p = _command(commands, "submit", "check and submit a job", _lazy(".jobs_write", "run_submit"))
    jobs_write.add_spec_arguments(p)
    p.add_argument("--name", help="job name (default: derived from the operation, prefix and time)")
    _wait_options(p)
    _output(p)

    p = _command(
        commands,
        "preview",
        "de-identify up to N matching documents synchronously, to check settings",
        _lazy(".jobs_write", "run_preview"),
    )
    jobs_write.add_spec_arguments(p)
    p.add_argument("-n", "--samples", type=arguments.samples, default=3, help="documents to preview (default 3)")
    _output(p)

    p = _command(
        commands, "cancel", "cancel running jobs (finished outputs are kept)", _lazy(".jobs_write", "run_cancel")
    )
    p.add_argument("names", nargs="+", metavar="NAME", type=arguments.job_name)

    p = _command(
        commands, "delete", "delete finished jobs' records (documents are kept)", _lazy(".jobs_write", "run_delete")
    )
    p.add_argument("names", nargs="+", metavar="NAME", type=arguments.job_name)
    p.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation on a terminal")

    p = _command(
        commands,
        "resubmit",
        "submit a job's spec again under a new name (-r2...), or retry its failures",
        _lazy(".jobs_write", "run_resubmit"),
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
    _output(p)

    p = _command(
        commands,
        "retry-failed",
        "retry a finished job's failed documents that a retry can fix (copied under _retry/<job>/)",
        _lazy(".jobs_write", "run_retry_failed"),
    )
    p.add_argument("name", type=arguments.job_name)
    _include_unfixable(p)
    _wait_options(p)
    _output(p)

    p = _command(
        commands,
        "watch",
        "follow jobs until they finish; the exit code says how they ended",
        _lazy(".watch", "run_watch"),
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


def _add_blobs(sub: argparse._SubParsersAction) -> None:
    _group(sub, "blobs", "list and read blobs (sanitized for terminals)", _fill_blobs)


def _fill_blobs(group: argparse.ArgumentParser) -> None:
    commands = group.add_subparsers(title="blob commands", metavar="COMMAND", parser_class=_Parser, required=True)
    p = _command(
        commands, "ls", "list containers, or folders and blobs under CONTAINER[/PREFIX]", _lazy(".blobs", "run_ls")
    )
    p.add_argument("target", nargs="?", help="container URL or name, with an optional /prefix")
    p.add_argument("-r", "--recursive", action="store_true", help="every blob under the prefix, not one level")
    _output(p)
    p = _command(commands, "cat", "print a blob as sanitized text", _lazy(".blobs", "run_cat"))
    p.add_argument("target", help="CONTAINER/BLOB or a blob URL")
    p.add_argument("--raw", action="store_true", help="exact bytes, only to a file or pipe")
    p = _command(commands, "get", "download a blob to a file (0600, never half-written)", _lazy(".blobs", "run_get"))
    p.add_argument("target", help="CONTAINER/BLOB or a blob URL")
    p.add_argument("-o", "--output-file", help="file to write (default: the blob's name here)")
    p.add_argument("-f", "--force", action="store_true", help="replace an existing file")


def _add_config(sub: argparse._SubParsersAction) -> None:
    _group(sub, "config", "show the effective configuration (secrets masked)", _fill_config)


def _fill_config(group: argparse.ArgumentParser) -> None:
    commands = group.add_subparsers(title="config commands", metavar="COMMAND", parser_class=_Parser, required=True)
    p = _command(
        commands, "show", "the effective configuration of the selected profile", _lazy(".config_cmd", "run_config_show")
    )
    p.add_argument("-o", "--output", choices=("toml", "json"), default="toml")
    _command(commands, "example", "an example config.toml to start from", _lazy(".config_cmd", "run_config_example"))


def _add_doctor(sub: argparse._SubParsersAction) -> None:
    _command(
        sub,
        "doctor",
        "check configuration, network, sign-in, roles and storage access, with the exact fix for each problem",
        _lazy(".doctor", "run_doctor"),
        _fill_doctor,
    )


def _fill_doctor(p: argparse.ArgumentParser) -> None:
    p.add_argument("--all-profiles", action="store_true", help="check every profile of the config file")
    p.add_argument(
        "--deep",
        action="store_true",
        help="also run a one-document Tag job through a probe folder, proving the service reads and writes "
        "(the job and its blobs are removed)",
    )
    p.add_argument(
        "--container", help="the container the storage probes use (default: deidtui-runs, else the first one)"
    )
    p.add_argument("--timeout", type=arguments.interval, default=30.0, help="seconds each check may take (default 30)")
    _output(p)


def _add_emulator(sub: argparse._SubParsersAction) -> None:
    _group(
        sub,
        "emulator",
        "run the local de-identification service (the offline twin)",
        _fill_emulator,
        description="A local implementation of the de-identification REST API (api-versions 2024-11-15 and "
        "2025-07-15-preview) that the official SDKs talk to unmodified, with documents in Azurite or another "
        "storage emulator. Jobs move at the recorded service's pace unless --fast.",
    )


def _fill_emulator(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default 0)")
    p.add_argument(
        "--storage-connection-string",
        default=os.environ.get("AZURE_STORAGE_CONNECTION_STRING"),
        help="the storage the service reads and writes (default: $AZURE_STORAGE_CONNECTION_STRING); "
        "prefer the environment variable, which `ps` does not show",
    )
    p.add_argument("--state-dir", help="where jobs are kept across restarts (default: a temporary folder)")
    p.add_argument(
        "--fast", action="store_true", help="for tests: jobs run at once, Retry-After 1 (default: the service's pace)"
    )
    p.add_argument(
        "--queue-seconds", metavar="N|MIN-MAX", help="how long a job waits NotStarted before it runs (default 2-60)"
    )
    p.add_argument("--document-seconds", metavar="N|MIN-MAX", help="time each document takes (default 5-15)")
    p.add_argument("--doc-delay-ms", type=int, default=0, help="a fixed time per document in ms (overrides the above)")
    p.add_argument("--seed", type=int, default=0, help="seed of delays, Retry-After values, listing order (default 0)")
    p.add_argument(
        "--summary-while-running",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="give NotStarted/Running jobs a summary, as the recorded service does; --no-summary-while-running "
        "only once finished, as the specification says (default: on)",
    )
    p.add_argument("--concurrency", type=int, default=8, help="documents processed at once (default 8)")
    p.add_argument("--no-throttle", action="store_true", help="do not answer 429 past 100 requests per 5 s")
    p.add_argument(
        "--chaos",
        metavar="SPEC",
        help="inject faults: comma-separated error-rate=0.1,reset-rate=0.05,latency-ms=200,burst-rate=0.02,"
        "burst-seconds=2,seed=7",
    )
    p.add_argument("--tls", action="store_true", help="serve https with a generated loopback certificate")
    p.add_argument(
        "--caller-role",
        choices=("owner", "reader", "none"),
        default="owner",
        help="the caller's DeID role: reader may only read jobs, none gets 403 on every call (default owner)",
    )
    p.add_argument(
        "--identity-storage",
        choices=("contributor", "reader", "none"),
        default="contributor",
        help="the service's managed identity's storage role: reader cannot write outputs, none cannot list "
        "(jobs fail with StorageAccessDenied) (default contributor)",
    )
    p.add_argument(
        "--clock-skew", type=float, default=0.0, metavar="SECONDS", help="move the Date header of every answer"
    )
    p.add_argument(
        "--api-versions", metavar="V[,V]", help="serve (and announce) only these api-versions (default: both)"
    )
    p.add_argument("-v", "--verbose", action="store_true", help="log each request (method, path, status)")
    p.set_defaults(handler=_lazy(".emulator", "run_emulator"), own_logging=True)


def _add_azurite(sub: argparse._SubParsersAction) -> None:
    _group(sub, "azurite", "manage deidtui's own copy of Azurite (Microsoft's storage emulator)", _fill_azurite)


def _fill_azurite(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["install", "where"], help="install Azurite from npm, or print where it is")
    p.set_defaults(handler=_lazy(".azurite", "run_azurite_install"))


def _add_demo(sub: argparse._SubParsersAction) -> None:
    _group(sub, "demo", "start Azurite and the emulator with synthetic notes, then open the dashboard", _fill_demo)


def _fill_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--fast", action="store_true", help="jobs run at once instead of at a realistic pace")
    p.add_argument("--doc-delay-ms", type=int, default=None, help="a fixed time per document in ms")
    p.add_argument("--no-ui", action="store_true", help="only start the services and print how to reach them")
    p.set_defaults(handler=_lazy(".demo", "run_demo"), opens_dashboard=True)


def _add_serve(sub: argparse._SubParsersAction) -> None:
    _command(
        sub,
        "serve",
        "serve the dashboard to web browsers: loopback, an access token, read-only unless --allow-actions",
        _lazy(".serve", "run_serve"),
        _fill_serve,
    )


def _fill_serve(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port; 0 picks a free one (default 8000)")
    p.add_argument(
        "--allow-actions",
        action="store_true",
        help="let browsers submit, cancel, delete, resubmit and retry (default: read-only)",
    )
    p.add_argument(
        "--allow-remote",
        action="store_true",
        help="listen on an address other machines can reach (needs --tls-cert and --tls-key)",
    )
    p.add_argument("--tls-cert", metavar="PEM", help="serve https with this certificate (chain)")
    p.add_argument("--tls-key", metavar="PEM", help="the certificate's private key")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the URL browsers use when a reverse proxy is in front, e.g. https://deid.example.org",
    )
    p.add_argument(
        "--max-sessions",
        type=int,
        default=10,
        help="browser tabs served at once, each its own dashboard process (default 10)",
    )
    # SUPPRESS: `deidtui --fleet serve` (the dashboard's own option) keeps its value.
    p.add_argument(
        "--fleet",
        action="store_true",
        default=argparse.SUPPRESS,
        help="serve the fleet view: every profile of the config's fleet list in one queue",
    )


# -- `deidtui run` and `deidtui runs` -----------------------------------------------------------------


def _run_name(value: str) -> str:
    """A run's name: a job name with room for the part number its jobs add (`<run>-2`)."""
    from ..domain.validation import JOB_NAME_MAX

    arguments.job_name(value)
    if len(value) > JOB_NAME_MAX - 4:
        raise argparse.ArgumentTypeError(f"{value!r} is {len(value)} characters long; a run name has at most 32")
    return value


def _add_run(sub: argparse._SubParsersAction) -> None:
    _command(
        sub,
        "run",
        "de-identify a local folder: upload, submit, follow, download; run it again to continue",
        _lazy(".run", "run_run"),
        _fill_run,
    )
    _command(
        sub, "runs", "the runs of `deidtui run` this profile's cache remembers", _lazy(".run", "run_runs"), _output
    )


def _fill_run(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="SOURCE_DIR", help="the folder to de-identify (sub-folders included)")
    p.add_argument("--op", "--operation", dest="operation", type=arguments.operation, required=True,
                   help="surrogate, redact or tag")  # fmt: skip
    p.add_argument("--out", required=True, metavar="OUT_DIR", help="where outputs go, mirroring SOURCE_DIR")
    p.add_argument("--locale", help="surrogate locale, e.g. en-US, fr-CA")
    p.add_argument("--format", help="redaction format (redact only), e.g. '[{type}]' or '*{len}'")
    p.add_argument("--extensions", type=arguments.extensions, default=("*.txt",),
                   help="comma-separated, the files to send (default *.txt)")  # fmt: skip
    p.add_argument("--container", default="deidtui-runs",
                   help="container (a name in the profile's account, or a URL); created if missing")  # fmt: skip
    p.add_argument("--prefix", help="blob prefix of the run (default: the run's name and /)")
    p.add_argument("--name", type=_run_name, help="the run's name (default: from the folder and the arguments)")
    p.add_argument("--documents-per-job", type=arguments.documents_per_job, default=10_000,
                   help="split into jobs of at most this many documents (default and most 10,000)")  # fmt: skip
    p.add_argument("--strict", action="store_true", help="refuse the run if any file is over 2 MB or not UTF-8")
    p.add_argument("--clean", action="store_true", help="remove the uploaded inputs once every output is on disk")
    p.add_argument("--clean-outputs", action="store_true",
                   help="remove the remote outputs too once they are on disk")  # fmt: skip
    p.add_argument("--interval", type=arguments.interval, default=3.0, help="seconds between checks (default 3)")
    p.add_argument("--timeout", type=arguments.timeout, help="stop following after this many seconds (exit 11)")
    p.add_argument("--concurrency", type=arguments.concurrency, default=16,
                   help="uploads and downloads at once (default 16)")  # fmt: skip
    _output(p)
