"""How values read on screen: durations, ages, sizes, statuses (with a symbol, so no colour is needed)."""

from __future__ import annotations

from datetime import UTC, datetime

from ..domain.models import JobStatus

STATUS_SYMBOL = {
    JobStatus.NOT_STARTED: "○",
    JobStatus.RUNNING: "▶",
    JobStatus.SUCCEEDED: "✔",
    JobStatus.FAILED: "✘",
    JobStatus.CANCELED: "⊘",
}
STATUS_STYLE = {
    JobStatus.NOT_STARTED: "$text-muted",
    JobStatus.RUNNING: "$accent",
    JobStatus.SUCCEEDED: "$success",
    JobStatus.FAILED: "$error",
    JobStatus.CANCELED: "$warning",
}
# Rich styles for the line API (CSS variables are not available there).
STATUS_RICH = {
    JobStatus.NOT_STARTED: "dim",
    JobStatus.RUNNING: "bold cyan",
    JobStatus.SUCCEEDED: "green",
    JobStatus.FAILED: "bold red",
    JobStatus.CANCELED: "yellow",
}
STATUS_LABEL = {
    JobStatus.NOT_STARTED: "queued",
    JobStatus.RUNNING: "running",
    JobStatus.SUCCEEDED: "succeeded",
    JobStatus.FAILED: "failed",
    JobStatus.CANCELED: "canceled",
}


def status_text(status: JobStatus, *, partial: bool = False) -> str:
    label = "partial" if partial else STATUS_LABEL[status]
    return f"{STATUS_SYMBOL[status]} {label}"


def duration(seconds: float | None, *, precise: bool = False) -> str:
    """`12s`, `4m`, `2h05m`, `3d04h`; `precise` keeps the next unit and spaces them: `4m 09s`, `2h 05m`.

    Coarse on purpose by default: a running job's cell changes at most once a minute after the first.
    """
    if seconds is None or seconds < 0:
        return "—"
    seconds = int(seconds)
    gap = " " if precise else ""
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{gap}{seconds:02d}s" if precise else f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours}h{gap}{minutes:02d}m"
    return f"{hours // 24}d{gap}{hours % 24:02d}h"


def coarse_duration(seconds: float | None) -> str:
    """Like `duration`, but under a minute is "<1m": for values redrawn while they tick."""
    if seconds is not None and 0 <= seconds < 60:
        return "<1m"
    return duration(seconds)


def coarse_age(moment: datetime | None, now: datetime | None = None) -> str:
    """An age that changes at most every 10 s under a minute ("just now", "10s", "20s"), then by minute."""
    if moment is None:
        return "—"
    seconds = ((now or datetime.now(UTC)) - moment).total_seconds()
    if seconds < 10:
        return "just now"
    if seconds < 60:
        return f"{int(seconds // 10) * 10}s ago"
    return f"{duration(seconds)} ago"


def age(moment: datetime | None, now: datetime | None = None) -> str:
    if moment is None:
        return "—"
    now = now or datetime.now(UTC)
    return duration((now - moment).total_seconds())


def timestamp(moment: datetime | None, now: datetime | None = None) -> str:
    """Local time; the date only when not today."""
    if moment is None:
        return "—"
    local = moment.astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    return local.strftime("%H:%M:%S") if local.date() == today else local.strftime("%b %d %H:%M")


def size(num_bytes: int | None) -> str:
    if num_bytes is None:
        return "—"
    value = float(num_bytes)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"


def progress_bar(done: int, total: int, width: int) -> str:
    """A text bar, readable without colour: `█████░░░░░`."""
    if width <= 0:
        return ""
    if total <= 0:
        return "░" * width
    filled = round(width * min(done, total) / total)
    return "█" * filled + "░" * (width - filled)
