"""Tag view: the input document with each PHI entity highlighted by category, and a legend.

Colour is never the only cue: every entity is also bold and underlined, and `m` marks where each
one starts and ends, `[PAT]John Smith[/PAT]` (on by default when NO_COLOR is set), with the
legend mapping markers to categories and counts.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from deidtui.domain.sanitize import sanitize_line

from .entities import CATEGORIES, CharOffsets, EntityLookup, TagResult
from .lines import BlobLines
from .render import Highlight
from .source import MemorySource
from .viewer import BlobViewer

# (marker, colour): people warm, places green, dates blue, organisations purple, identifiers
# pink/brown, contact details cyan. Bold + underline on top, so no category depends on colour alone.
PALETTE: dict[str, tuple[str, str]] = {
    "Patient": ("PAT", "#ff5f5f"),
    "Doctor": ("DOC", "#ff8700"),
    "Username": ("USER", "#ffaf87"),
    "Profession": ("PROF", "#d7af5f"),
    "Age": ("AGE", "#ffd75f"),
    "Date": ("DATE", "#5fafff"),
    "City": ("CITY", "#5fd75f"),
    "State": ("ST", "#87d787"),
    "Street": ("STR", "#00d787"),
    "Zip": ("ZIP", "#afd75f"),
    "CountryOrRegion": ("CTRY", "#5fd7af"),
    "LocationOther": ("LOC", "#87ffaf"),
    "Hospital": ("HOSP", "#d787ff"),
    "Organization": ("ORG", "#af87ff"),
    "HealthPlan": ("HPLN", "#d75fd7"),
    "IDNum": ("ID", "#ff87d7"),
    "MedicalRecord": ("MRN", "#ff5fd7"),
    "SocialSecurity": ("SSN", "#ff0087"),
    "Account": ("ACCT", "#d7875f"),
    "License": ("LIC", "#d78787"),
    "Vehicle": ("VEH", "#af8787"),
    "Device": ("DEV", "#87afaf"),
    "BioID": ("BIO", "#d7d7ff"),
    "Phone": ("PHN", "#00d7ff"),
    "Fax": ("FAX", "#5fd7ff"),
    "Email": ("EML", "#87d7ff"),
    "Url": ("URL", "#87afff"),
    "IPAddress": ("IP", "#afafff"),
    "Unknown": ("UNK", "#bcbcbc"),
}
_OTHER = ("?", "#bcbcbc")  # a category the service did not document: shown, never trusted


def marker_for(category: str) -> str:
    """The short marker of a category ("Patient" -> "PAT")."""
    return PALETTE.get(category, _OTHER)[0]


def category_style(category: str) -> Style:
    """The rich style of a category's entities."""
    return Style(color=PALETTE.get(category, _OTHER)[1], bold=True, underline=True)


class EntityDecorator:
    """Highlights for one line of the input: the entities overlapping it, clipped to it."""

    def __init__(self, data: bytes, result: TagResult) -> None:
        self._offsets = CharOffsets(data)
        self._lookup = EntityLookup(result.entities)

    def highlights(self, line_start: int, text: str) -> Sequence[Highlight]:
        first = self._offsets(line_start)
        last = first + len(text)
        return [
            Highlight(
                max(entity.start, first) - first,
                min(entity.end, last) - first,
                category_style(entity.category),
                marker_for(entity.category) if entity.start >= first else None,
                marker_for(entity.category) if entity.end <= last else None,
            )
            for entity in self._lookup.overlapping(first, last)
        ]


def legend(result: TagResult) -> Content:
    """`[PAT] Patient 3  [DATE] Date 5 …`, in the catalogue's order, plus what was skipped."""
    counts = result.counts()
    known = [c for c in CATEGORIES if counts.get(c)]
    others = sorted(c for c in counts if c not in PALETTE)
    parts: list[str | tuple[str, str]] = [("Entities ", "bold")]
    if not counts:
        parts.append("none")
    for category in [*known, *others]:
        marker, colour = PALETTE.get(category, _OTHER)
        name = sanitize_line(category)[:40]
        parts += [(f"[{marker}]", f"bold underline {colour}"), f" {name} {counts[category]:,}  "]
    if result.skipped_total:
        reasons = ", ".join(f"{n:,} {reason}" for reason, n in result.skipped.most_common())
        parts.append((f"· {result.skipped_total:,} skipped ({reasons})", "bold $text-warning"))
    return Content.assemble(*parts)


class TagView(Vertical):
    """The input document of a Tag job with its entities highlighted."""

    DEFAULT_CSS = """
    TagView { height: 1fr; }
    TagView > #tag-legend { height: auto; max-height: 4; padding: 0 1; background: $panel; }
    """
    BINDINGS = [
        Binding(
            "m",
            "toggle_markers",
            "Markers",
            id="blobview.markers",
            tooltip="Mark where each entity starts and ends, [PAT]…[/PAT] (readable without colour)",
        ),
    ]

    def __init__(self, name: str, data: bytes, result: TagResult, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.result = result
        self._source = MemorySource(name, data)
        self._decorator = EntityDecorator(data, result)

    def compose(self) -> ComposeResult:
        yield Static(legend(self.result), id="tag-legend", markup=False)
        yield BlobViewer(self._source, decorator=self._decorator, id="tag-viewer")

    def on_mount(self) -> None:
        if os.environ.get("NO_COLOR"):
            self.query_one(BlobLines).set_markers(True)

    def action_toggle_markers(self) -> None:
        lines = self.query_one(BlobLines)
        lines.set_markers(not lines.markers)
