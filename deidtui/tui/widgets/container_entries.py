"""What the containers pane shows for each node, and how it explains storage it cannot browse."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from rich.text import Text

from ...domain.errors import DeidError, NetworkError, StorageNotReachable
from ...domain.sanitize import sanitize_line
from ..formatting import size

if TYPE_CHECKING:
    from ...engine.listings import PrefixStats

Kind = Literal["account", "container", "folder", "blob", "info"]
STATS_LIMIT = 1_000_000
"""Counting stops here: a prefix that large is split across jobs anyway (10,000 per job)."""

JOBS_STILL_WORK = (
    "Jobs keep working: the de-identification service reaches storage with its own "
    "managed identity, not from this machine."
)
NO_STORAGE_TITLE = "No storage configured for this profile"
NO_STORAGE_DETAIL = (
    "Browsing containers, counting documents and previews need access to the storage account. "
    "Jobs, the job queue and job actions work without it."
)
NO_STORAGE_HINT = (
    "Add storage.account_urls (or storage.connection_string) to the profile in config.toml, "
    "or set DEIDTUI_STORAGE_ACCOUNT_URL, then restart deidtui."
)


@dataclass(slots=True)
class Entry:
    """What a tree node stands for, and what is known about it so far."""

    kind: Kind
    container_url: str = ""
    path: str = ""  # folder: its prefix ("notes/2024/"); blob: its name; container: ""
    display: str = ""  # the raw name shown (sanitized when rendered)
    size: int | None = None  # blobs
    loaded: bool = False
    loading: bool = False
    folders: int = 0
    blobs: int = 0
    truncated: bool = False
    stats: PrefixStats | None = None
    counting: bool = False
    error: str | None = None  # short: the title of the last failure
    generation: int = 0  # bumped on reload, so a late answer for an old listing is dropped

    @property
    def browsable(self) -> bool:
        return self.kind in ("container", "folder")


def label_for(entry: Entry) -> Text:
    """A node's label; every name is sanitized and nothing is parsed as markup."""
    text = Text(no_wrap=True, overflow="ellipsis")
    name = sanitize_line(entry.display)
    if entry.kind == "account" or entry.kind == "container":
        text.append(name, style="bold")
    elif entry.kind == "folder":
        text.append(name)
    elif entry.kind == "blob":
        text.append(name)
        text.append(f"  {size(entry.size)}", style="dim")
    else:
        text.append(name, style="dim italic")
        return text
    if entry.browsable:
        if entry.loading:
            text.append("  loading…", style="dim italic")
        elif entry.error:
            text.append(f"  ⚠ {sanitize_line(entry.error)}", style="bold yellow")
        elif entry.loaded:
            text.append(f"  {counts(entry)}", style="dim")
        if entry.counting:
            text.append("  counting…", style="italic cyan")
        elif entry.stats is not None:
            stats = entry.stats
            count = f"{stats.count:,}+" if stats.truncated else f"{stats.count:,}"
            text.append(f"  Σ {count} docs, {size(stats.total_bytes)}", style="cyan")
    return text


def counts(entry: Entry) -> str:
    """`1 folder · 3 blobs` (zero parts left out: the pane is often narrow); `+` when the listing was cut."""
    more = "+" if entry.truncated else ""
    parts = [
        f"{n}{more} {word}{'s' if n != 1 else ''}"
        for n, word in ((entry.folders, "folder"), (entry.blobs, "blob"))
        if n
    ]
    return " · ".join(parts) or "empty"


def account_name(account_url: str) -> str:
    """`devstoreaccount1` from a path-style URL, `contoso` from `https://contoso.blob.core.windows.net`."""
    parts = urlsplit(account_url)
    path = parts.path.strip("/")
    if path:
        return path.rsplit("/", 1)[-1]
    return (parts.hostname or account_url).split(".")[0]


def explain(error: DeidError) -> Text:
    """Title, detail, the fix, and (dim, sanitized) what storage itself said."""
    text = Text()
    title = error.title
    if isinstance(error, NetworkError):
        title = "Storage not reachable from this machine"
    text.append(f"⚠ {sanitize_line(title)}\n", style="bold yellow")
    if isinstance(error, NetworkError):
        text.append(
            "No answer from the storage account (connection refused, timeout or DNS). If the account only "
            "allows selected networks or private endpoints, this machine cannot reach it.\n"
        )
    if error.detail:
        text.append(sanitize_line(error.detail) + "\n")
    if isinstance(error, (StorageNotReachable, NetworkError)) and "managed identity" not in error.detail:
        text.append(JOBS_STILL_WORK + "\n")
    if error.hint:
        text.append("How to fix: ", style="bold")
        text.append(sanitize_line(error.hint) + "\n")
    said = " ".join(sanitize_line(p) for p in (error.code, error.service_message) if p)
    if said:
        text.append(f"Storage said: {said[:300]}\n", style="dim")
    text.append("Press r to try again.", style="dim")
    return text


def as_deid_error(exc: BaseException, operation: str) -> DeidError:
    if isinstance(exc, DeidError):
        return exc
    return DeidError(
        f"Could not {operation}: unexpected {type(exc).__name__}.", title="Unexpected error", service_message=str(exc)
    )
