"""A run (`deidtui run`): a local folder de-identified as one unit, however many jobs it takes.

Plain frozen data, no I/O: the cache stores these, the engine's run pipeline writes them, and
`deidtui runs` and the dashboard read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

RunState = Literal["started", "finished"]


@dataclass(frozen=True, slots=True)
class RunRecord:
    """What a run was asked to do and where it stands. `settings` holds the arguments that make the
    run what it is (operation, locale, format, extensions, documents per job); `summary` is the
    last summary printed (the `deidtui.run/1` JSON), once the run has finished."""

    profile: str
    name: str
    source_dir: str
    out_dir: str
    container_url: str
    prefix: str
    settings: dict[str, Any]
    state: RunState
    created_at: datetime
    updated_at: datetime
    jobs: tuple[str, ...] = ()
    summary: dict[str, Any] | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class RunFile:
    """One file of a run's plan: its path under the source folder (always with `/`), the job part
    it goes to, and its size and SHA-256 when planned. `output_etag`/`output_sha256` describe the
    output once downloaded and verified (None before)."""

    path: str
    part: int
    size: int
    sha256: str
    output_etag: str | None = None
    output_sha256: str | None = None
