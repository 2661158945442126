"""What a job would do, shown on a few documents before it is created.

Redact and Surrogate: the input beside the output, with the words that changed highlighted on
both sides. Tag: the input with each entity highlighted in its category's colour, and a legend.
Every piece of text came from storage or the service: it is sanitized and rendered without markup.
Each side is at most the preview's byte limit (48 KB), so whole-text Statics are affordable here.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from ...domain.models import Operation
from ...domain.sanitize import sanitize, sanitize_line
from ...engine.outcomes import PREVIEW_BYTES, PreviewItem
from ..workers import run_guarded

REMOVED = Style(color="red", strike=True, bold=True)
ADDED = Style(color="black", bgcolor="green", bold=True)
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
# One colour per category, readable on dark and light backgrounds; categories past the palette share.
PALETTE = (
    "#e06c75",
    "#61afef",
    "#e5c07b",
    "#98c379",
    "#c678dd",
    "#56b6c2",
    "#d19a66",
    "#be5046",
    "#7aa6da",
    "#b5bd68",
    "#de935f",
    "#8abeb7",
)
KNOWN_CATEGORIES = (
    "Patient",
    "Doctor",
    "Date",
    "Age",
    "Phone",
    "Hospital",
    "City",
    "Street",
    "Zip",
    "State",
    "MedicalRecord",
    "IDNum",
    "Email",
    "SocialSecurity",
    "Organization",
    "CountryOrRegion",
    "LocationOther",
    "Profession",
    "Url",
    "Username",
    "Fax",
    "HealthPlan",
    "Account",
    "License",
    "Vehicle",
    "Device",
    "BioID",
    "IPAddress",
    "Unknown",
)


def category_style(category: str) -> Style:
    index = KNOWN_CATEGORIES.index(category) if category in KNOWN_CATEGORIES else sum(map(ord, category))
    return Style(color="black", bgcolor=PALETTE[index % len(PALETTE)], bold=True)


def word_diff(before: str, after: str) -> tuple[Text, Text]:
    """Both sides, sanitized, with removed words marked on the left and added ones on the right."""
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    left, right = Text(), Text()
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old, new = sanitize("".join(a[i1:i2])), sanitize("".join(b[j1:j2]))
        if tag == "equal":
            left.append(old)
            right.append(new)
        else:
            left.append(old, style=REMOVED)
            right.append(new, style=ADDED)
    return left, right


def entity_span(entity: dict[str, Any]) -> tuple[str, int, int] | None:
    """(category, start, end) in code points, or None for an entity that does not parse."""
    try:
        start = int(entity["offset"]["codePoint"])
        length = int(entity["length"]["codePoint"])
        category = str(entity.get("category") or "Unknown")
    except (KeyError, TypeError, ValueError):
        return None
    if start < 0 or length <= 0:
        return None
    return category, start, start + length


def tag_highlight(text: str, entities: Sequence[dict[str, Any]]) -> tuple[Text, Counter[str], int]:
    """The input with entity spans coloured by category; the count per category; unusable entities."""
    # `sanitize` maps each code point to one code point, so the service's offsets still apply.
    highlighted = Text(sanitize(text))
    counts: Counter[str] = Counter()
    skipped = 0
    for entity in entities:
        span = entity_span(entity)
        if span is None or span[2] > len(text):
            skipped += 1
            continue
        category, start, end = span
        counts[category] += 1
        highlighted.stylize(category_style(category), start, end)
    return highlighted, counts, skipped


def legend(counts: Counter[str], entities: Sequence[dict[str, Any]], skipped: int) -> Text:
    text = Text()
    if not counts:
        text.append("No PHI found in this document.", style="dim")
    for category, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        text.append(f" {sanitize_line(category)} ", style=category_style(category))
        text.append(f" {count}\n")
    if skipped:
        text.append(f"{skipped} entities with unusable offsets were not highlighted\n", style="yellow")
    if entities:
        text.append("\nentity · confidence\n", style="bold")
    for entity in entities[:500]:
        span = entity_span(entity)
        if span is None:
            continue
        score = entity.get("confidenceScore")
        shown = sanitize_line(str(entity.get("text") or ""))[:40]
        text.append(f" {sanitize_line(span[0])} ", style=category_style(span[0]))
        text.append(f" {shown}")
        if isinstance(score, int | float):
            text.append(f"  {score:.2f}", style="dim")
        text.append("\n")
    return text


def _short(name: str, width: int = 24) -> str:
    base = name.rstrip("/").rsplit("/", 1)[-1]
    return base if len(base) <= width else base[: width - 1] + "…"


class PreviewScreen(ModalScreen[None]):
    """The preview of a job on a few documents: one tab per document; escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="preview.close", tooltip="Close the preview and return to the form"),
    ]

    DEFAULT_CSS = """
    PreviewScreen { align: center middle; }
    PreviewScreen > #preview-dialog { width: 100%; height: 100%; border: round $accent; background: $panel;
        border-title-style: bold; border-title-color: $text; }
    PreviewScreen #preview-note { height: auto; color: $text-muted; padding: 0 1; }
    PreviewScreen TabbedContent { height: 1fr; }
    PreviewScreen TabPane { height: 1fr; padding: 0; }
    PreviewScreen .preview-header { height: auto; padding: 0 1; }
    PreviewScreen .preview-error { height: auto; padding: 0 1; color: $error; }
    PreviewScreen .preview-sides { height: 1fr; }
    PreviewScreen .preview-side { width: 1fr; height: 1fr; border: round $primary-darken-1; padding: 0 1;
        border-title-color: $text; }
    PreviewScreen .preview-legend { width: 34; height: 1fr; border: round $primary-darken-1; padding: 0 1; }
    """

    def __init__(self, items: list[PreviewItem], *, operation: Operation) -> None:
        super().__init__()
        self.items = list(items)
        self.operation = operation
        self.rendered: dict[int, dict[str, Text]] = {}  # per item: "input", "output" or "legend"; for tests too

    def compose(self) -> ComposeResult:
        with Vertical(id="preview-dialog") as dialog:
            count = len(self.items)
            dialog.border_title = f"Preview · {self.operation.value} on {count} document{'s' if count != 1 else ''}"
            yield Static(
                Text(
                    "Nothing was written: the service's synchronous endpoint ran on the first matching "
                    "documents. Surrogates may differ from the job's (it keeps them consistent across "
                    "its documents)."
                    if self.operation is Operation.SURROGATE
                    else "Nothing was written: the service's synchronous endpoint ran on the first matching documents."
                ),
                id="preview-note",
                markup=False,
            )
            with TabbedContent():
                for index, item in enumerate(self.items):
                    mark = "⚠ " if item.error else ""
                    with TabPane(
                        Content(f"{index + 1}. {mark}{sanitize_line(_short(item.blob_name))}"), id=f"preview-{index}"
                    ):
                        yield from self._compose_item(index, item)
        yield Footer()

    def _compose_item(self, index: int, item: PreviewItem) -> ComposeResult:
        header = Text(sanitize_line(item.blob_name), style="bold")
        if item.truncated:
            header.append(f"  ✂ truncated: only the first {PREVIEW_BYTES // 1024} KB were previewed", style="yellow")
        yield Static(header, classes="preview-header", markup=False)
        if item.error:
            yield Static(
                Text(f"✘ {sanitize_line(item.error)}"),
                classes="preview-error",
                id=f"preview-error-{index}",
                markup=False,
            )
            return
        with Horizontal(classes="preview-sides"):
            with VerticalScroll(classes="preview-side") as side:
                side.border_title = "input" if self.operation is not Operation.TAG else "input · PHI highlighted"
                yield Static(Text("rendering…", style="dim"), id=f"preview-input-{index}", markup=False)
            if self.operation is Operation.TAG:
                with VerticalScroll(classes="preview-legend") as panel:
                    panel.border_title = "legend"
                    yield Static(id=f"preview-legend-{index}", markup=False)
            else:
                with VerticalScroll(classes="preview-side") as side:
                    side.border_title = "output · changes highlighted"
                    yield Static(Text("rendering…", style="dim"), id=f"preview-output-{index}", markup=False)

    def on_mount(self) -> None:
        run_guarded(self, self._render_all(), group="preview-render")

    async def _render_all(self) -> None:
        for index, item in enumerate(self.items):
            if item.error:
                continue
            # difflib is pure Python: keep it off the event loop.
            parts = await asyncio.to_thread(self._render_item, item)
            if not self.is_attached:
                return  # closed while a document was being compared
            self.rendered[index] = parts
            for key, text in parts.items():
                self.query_one(f"#preview-{key}-{index}", Static).update(text)

    def _render_item(self, item: PreviewItem) -> dict[str, Text]:
        if self.operation is Operation.TAG:
            highlighted, counts, skipped = tag_highlight(item.input_text, item.entities)
            return {"input": highlighted, "legend": legend(counts, item.entities, skipped)}
        left, right = word_diff(item.input_text, item.output_text or "")
        return {"input": left, "output": right}

    def action_close(self) -> None:
        self.dismiss(None)
