"""What a run will do, decided before anything leaves the machine: which files of the folder go,
which are left out and why (over 2 MB, not UTF-8), which job each goes to, and the blob names.

Blob layout under the run's prefix P: inputs at `P in/<part>/<path>` (each job's source prefix is
`P in/<part>/`, so a job sees its own part only), outputs at `P out/<path>` (the service replaces
the source prefix with `P out/`): every output lands at the path of its input, whatever its part.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ...domain.models import Operation
from ...domain.paths import matches_extensions
from ...domain.runs import RunFile
from ...domain.validation import JOB_NAME_MAX, MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_JOB

RUN_NAME_MAX = JOB_NAME_MAX - 4  # room for the part suffix of its jobs: `<run>-1` ... `<run>-999`


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file of the folder that is not sent, and why (in words for the operator)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Scan:
    """The folder as the run sees it: the files it sends (part not yet assigned: 0) and those it skips."""

    files: tuple[RunFile, ...]
    skipped: tuple[Skipped, ...]

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)


def scan_folder(source: Path, extensions: tuple[str, ...]) -> Scan:
    """Every regular file under `source` whose name matches `extensions`, in path order, each read
    once: its SHA-256, and whether it can be sent (at most 2 MB, UTF-8). Links to folders are not
    followed (a run sends the tree it was given). Blocking: call it in a thread."""
    files: list[RunFile] = []
    skipped: list[Skipped] = []
    for folder, dirs, names in os.walk(source):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder, name)
            relative = path.relative_to(source).as_posix()
            if not matches_extensions(relative, extensions) or not path.is_file():
                continue
            size = path.stat().st_size
            if size > MAX_DOCUMENT_BYTES:
                skipped.append(Skipped(relative, f"larger than 2 MB ({size:,} bytes); the service refuses it"))
                continue
            data = path.read_bytes()
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                skipped.append(
                    Skipped(
                        relative, f"not UTF-8 (byte {exc.start} is not part of a UTF-8 character); convert it first"
                    )
                )
                continue
            files.append(RunFile(relative, 0, len(data), hashlib.sha256(data).hexdigest()))
    files.sort(key=lambda f: f.path)
    return Scan(tuple(files), tuple(skipped))


def assign_parts(files: tuple[RunFile, ...], per_job: int = MAX_DOCUMENTS_PER_JOB) -> list[RunFile]:
    """Split the files, in path order, into parts of at most `per_job` documents (one job each)."""
    return [RunFile(f.path, index // per_job + 1, f.size, f.sha256) for index, f in enumerate(files)]


def run_name(source: Path, fingerprint: str) -> str:
    """A run's default name: the folder's name (as a job name may spell it) and a short hash of
    everything that makes the run what it is, so the same command finds the same run again."""
    slug = re.sub(r"[^a-z0-9]+", "-", source.name.lower()).strip("-")[:16].strip("-") or "folder"
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:8]
    return f"run-{slug}-{digest}"[:RUN_NAME_MAX]


def job_name(run: str, part: int) -> str:
    return f"{run}-{part}"


def source_prefix(prefix: str, part: int) -> str:
    return f"{prefix}in/{part}/"


def target_prefix(prefix: str) -> str:
    return f"{prefix}out/"


def input_blob(prefix: str, file: RunFile) -> str:
    return f"{source_prefix(prefix, file.part)}{file.path}"


def output_blob(prefix: str, path: str) -> str:
    return f"{target_prefix(prefix)}{path}"


def path_of_input(prefix: str, blob_name: str) -> str | None:
    """The source path of an input blob of this run (`P in/<part>/<path>` -> `<path>`), or None."""
    head = f"{prefix}in/"
    if not blob_name.startswith(head):
        return None
    _part, sep, path = blob_name[len(head) :].partition("/")
    return path if sep and path else None


def local_output(out_dir: Path, path: str, operation: Operation) -> Path:
    """Where a document's output goes on disk: the source tree mirrored under `out_dir`; a Tag
    result is JSON, beside the name it describes (`notes/a.txt` -> `notes/a.txt.json`). Refuses a
    path that would leave `out_dir` (a blob name with `..`)."""
    name = f"{path}.json" if operation is Operation.TAG else path
    parts = [p for p in name.split("/") if p]
    if not parts or any(p in (".", "..") for p in parts):
        raise ValueError(f"{path!r} is not a path inside the output folder")
    return out_dir.joinpath(*parts)
