"""The viewer's one-line status: what is shown, where, and what is running."""

from __future__ import annotations

from deidtui.domain.sanitize import sanitize_line

from .lines import BlobLines


def human_size(size: int) -> str:
    """1536 -> '1.5 KiB'."""
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{size:,} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def status_line(
    name: str, size: int, kind: str, pretty: bool, lines: BlobLines, query: str | None, activity: str
) -> str:
    """`size · mode · position · percent [· columns] [· wrap] [· /query] [· activity] · name` (sanitized).

    The name comes last: the screen's title shows it too, and on a narrow terminal the position
    and the columns in view are what must not be cut."""
    parts = [human_size(size)]
    mode = "hex" if lines.hex else ("pretty JSON" if pretty else kind)
    if kind == "binary" and lines.hex:
        mode = "binary: hex (x: as text)"
    parts.append(mode)
    position = lines.position
    store = lines.store
    if position is not None and store is not None and kind != "opening":
        if lines.hex:
            parts.append(f"offset 0x{position.top:x}")
        elif position.line_no is not None:
            total = store.total_lines()
            of = f"{total:,}" if total is not None else f"~{store.estimated_rows():,}"
            parts.append(f"line {position.line_no + 1:,} of {of}")
        else:
            parts.append(f"byte {position.top:,}")
        parts.append("end" if position.at_end else f"{position.top * 100 // max(store.size, 1)}%")
        columns = lines.columns_in_view()
        if columns is not None:  # rows go on past the edge (marked ›), or the view is scrolled sideways
            parts.append(columns)
        if lines.wrap:
            parts.append("wrap")
    if query is not None:
        parts.append(f"/{sanitize_line(query)}")
    if activity:
        parts.append(activity)
    parts.append(sanitize_line(name))
    return " · ".join(parts)
