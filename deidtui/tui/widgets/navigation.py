"""Row navigation keys shared by the line-API tables (the job queue, a job's documents)."""

from __future__ import annotations

from textual.binding import Binding


def row_bindings(prefix: str) -> list[Binding]:
    """up/down/page/first/last, each with an id under `prefix` so they can be remapped per table.

    The table implements `action_cursor(delta)`, `action_page(direction)` and `action_jump(where)`
    (0 = first, -1 = last).
    """
    return [
        Binding("up,k", "cursor(-1)", "Up", show=False, id=f"{prefix}.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id=f"{prefix}.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id=f"{prefix}.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id=f"{prefix}.page_down"),
        Binding("home,g", "jump(0)", "First", show=False, id=f"{prefix}.first"),
        Binding("end,G", "jump(-1)", "Last", show=False, id=f"{prefix}.last"),
    ]
