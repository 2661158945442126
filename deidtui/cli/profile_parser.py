"""The parsers of the commands that work with the selected profile besides `jobs`: `blobs` reads
its storage, `config` shows its settings, `doctor` checks its access (or every profile's), and
`run`/`runs` take a local folder through its service and list the runs its cache remembers.
"""

from __future__ import annotations

import argparse

from . import arguments
from .deferred_parsers import Parser, add_command, add_group, lazy_handler
from .formats import add_output_options


def add_blobs(sub: argparse._SubParsersAction) -> None:
    add_group(sub, "blobs", "list and read blobs (sanitized for terminals)", _fill_blobs)


def _fill_blobs(group: argparse.ArgumentParser) -> None:
    commands = group.add_subparsers(title="blob commands", metavar="COMMAND", parser_class=Parser, required=True)
    p = add_command(
        commands,
        "ls",
        "list containers, or folders and blobs under CONTAINER[/PREFIX]",
        lazy_handler(".blobs", "run_ls"),
    )
    p.add_argument("target", nargs="?", help="container URL or name, with an optional /prefix")
    p.add_argument("-r", "--recursive", action="store_true", help="every blob under the prefix, not one level")
    add_output_options(p)
    p = add_command(commands, "cat", "print a blob as sanitized text", lazy_handler(".blobs", "run_cat"))
    p.add_argument("target", help="CONTAINER/BLOB or a blob URL")
    p.add_argument("--raw", action="store_true", help="exact bytes, only to a file or pipe")
    p = add_command(
        commands, "get", "download a blob to a file (0600, never half-written)", lazy_handler(".blobs", "run_get")
    )
    p.add_argument("target", help="CONTAINER/BLOB or a blob URL")
    p.add_argument("-o", "--output-file", help="file to write (default: the blob's name here)")
    p.add_argument("-f", "--force", action="store_true", help="replace an existing file")


def add_config(sub: argparse._SubParsersAction) -> None:
    add_group(sub, "config", "show the effective configuration (secrets masked)", _fill_config)


def _fill_config(group: argparse.ArgumentParser) -> None:
    commands = group.add_subparsers(title="config commands", metavar="COMMAND", parser_class=Parser, required=True)
    p = add_command(
        commands,
        "show",
        "the effective configuration of the selected profile",
        lazy_handler(".config_cmd", "run_config_show"),
    )
    p.add_argument("-o", "--output", choices=("toml", "json"), default="toml")
    add_command(
        commands, "example", "an example config.toml to start from", lazy_handler(".config_cmd", "run_config_example")
    )


def add_doctor(sub: argparse._SubParsersAction) -> None:
    add_command(
        sub,
        "doctor",
        "check configuration, network, sign-in, roles and storage access, with the exact fix for each problem",
        lazy_handler(".doctor", "run_doctor"),
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
    add_output_options(p)


# -- `deidtui run` and `deidtui runs` -----------------------------------------------------------------


def _run_name(value: str) -> str:
    """A run's name: a job name with room for the part number its jobs add (`<run>-2`)."""
    from ..domain.validation import JOB_NAME_MAX

    arguments.job_name(value)
    if len(value) > JOB_NAME_MAX - 4:
        raise argparse.ArgumentTypeError(f"{value!r} is {len(value)} characters long; a run name has at most 32")
    return value


def add_run(sub: argparse._SubParsersAction) -> None:
    add_command(
        sub,
        "run",
        "de-identify a local folder: upload, submit, follow, download; run it again to continue",
        lazy_handler(".run", "run_run"),
        _fill_run,
    )
    add_command(
        sub,
        "runs",
        "the runs of `deidtui run` this profile's cache remembers",
        lazy_handler(".run", "run_runs"),
        add_output_options,
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
    add_output_options(p)
