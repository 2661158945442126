"""Pieces of the new-job form: field rows with their problems, and what each field means to the service."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from ...domain.errors import DeidError
from ...domain.models import DEFAULT_REDACTION_FORMAT
from ...domain.paths import output_blob_name
from ...domain.sanitize import sanitize_line
from ...domain.validation import REDACTION_VARIABLES
from ...engine.listings import ContainerInfo
from ...engine.outcomes import SpecCheck
from ..formatting import size

OTHER = "\x00other"
"""Select value: the operator types a container URL."""
SAME = "\x00same"
"""Select value: the target container is the source container."""

# Problem targets (as the REST API names fields) -> the form field that shows them.
FIELD_FOR_TARGET = {
    "name": "name",
    "operation": "operation",
    "sourceLocation.location": "source-container",
    "sourceLocation.prefix": "source-prefix",
    "sourceLocation.extensions": "extensions",
    "targetLocation.location": "target-container",
    "targetLocation.prefix": "target-prefix",
    "targetLocation.overwrite": "overwrite",
    "customizations.redactionFormat": "redaction-format",
    "customizations.surrogateLocale": "locale",
    "customizations.inputLocale": "input-locale",
}

EXAMPLE_TEXT = "John Smith seen 10/12/2023"
EXAMPLE_ENTITIES = (("Patient", 0, 10), ("Date", 16, 26))


def render_placeholder(fmt: str, category: str, length: int) -> str:
    """What the service writes for one entity: `{type}`/`{Type}`/`{TYPE}` name the category;
    `{len}` repeats the character before it up to the entity's length."""
    out = fmt.replace("{type}", category.lower()).replace("{Type}", category).replace("{TYPE}", category.upper())
    at = out.find("{len}")
    if at == -1:
        return out
    head, tail = out[:at], out[at + 5 :].replace("{len}", "")
    if not head:
        return tail
    return head[:-1] + head[-1] * max(1, length - (len(head) - 1 + len(tail))) + tail


def redaction_example(fmt: str | None) -> Text:
    """A live example of the format applied to a short note."""
    fmt = fmt or DEFAULT_REDACTION_FORMAT
    if any(fmt.count(v) > 1 for v in REDACTION_VARIABLES) or fmt.startswith("{len}"):
        return Text("example: —", style="dim")
    pieces, pos = [], 0
    for category, start, end in EXAMPLE_ENTITIES:
        pieces.append(EXAMPLE_TEXT[pos:start])
        pieces.append(render_placeholder(fmt, category, end - start))
        pos = end
    pieces.append(EXAMPLE_TEXT[pos:])
    text = Text("example: ", style="dim")
    text.append(EXAMPLE_TEXT)
    text.append(" → ", style="dim")
    text.append(sanitize_line("".join(pieces)), style="bold")
    return text


def parse_extensions(value: str) -> tuple[str, ...]:
    """`*.txt, *.json` -> ("*.txt", "*.json"); an empty field gives () (the check reports it)."""
    return tuple(part.strip() for part in value.split(",") if part.strip())


def suggest_target_prefix(source_prefix: str) -> str:
    return f"deid/{source_prefix}"


def output_example(source_prefix: str, target_prefix: str) -> Text:
    """Where one input lands: the source prefix is replaced by the target prefix, the rest kept."""
    source = f"{source_prefix}note.txt"
    text = Text("e.g. ", style="dim")
    text.append(sanitize_line(source))
    text.append(" → ", style="dim")
    text.append(sanitize_line(output_blob_name(source, source_prefix, target_prefix)), style="bold")
    return text


def container_options(found: list[ContainerInfo]) -> list[tuple[Text, str]]:
    """One option per container, named `container` (or `account/container` with several accounts)."""
    accounts = {info.account_url for info in found}
    options = []
    for info in found:
        label = info.name
        if len(accounts) > 1:
            label = f"{info.account_url.rstrip('/').rsplit('/', 1)[-1].split('.')[0]}/{info.name}"
        options.append((Text(sanitize_line(label)), info.url))
    return options


def same_url(a: str, b: str) -> bool:
    return a.rstrip("/").lower() == b.rstrip("/").lower()


def match_summary(check: SpecCheck, *, has_storage: bool) -> Text:
    """How many documents match and their size, or why that could not be counted from here."""
    text = Text()
    if check.matched is not None:
        count = f"{check.matched:,} document{'s' if check.matched != 1 else ''}"
        good = check.matched > 0 and not any(p.target == "sourceLocation.prefix" for p in check.problems)
        text.append("✔ " if good else "✘ ", style="bold green" if good else "bold red")
        text.append(f"{count}, {size(check.total_bytes)}", style="bold")
        text.append(" match the source prefix and extensions", style="dim")
        return text
    if any(p.target.endswith("location") for p in check.problems):
        text.append("Documents are counted once the container is valid.", style="dim")
    elif not has_storage:
        text.append("? Documents not counted: ", style="bold yellow")
        text.append(
            "this profile has no storage access. The service reads storage with its own identity, "
            "so the job may still run."
        )
    else:
        text.append("? Documents not counted: ", style="bold yellow")
        text.append(
            "storage is not reachable from this machine. The job may still run: the service reaches "
            "storage with its own managed identity."
        )
    return text


def explain_error(error: DeidError) -> Text:
    """An error's title, detail and fix (trusted), and what the service said (sanitized, dim)."""
    text = Text()
    text.append(f"✘ {sanitize_line(error.title)}", style="bold red")
    if error.detail:
        text.append(f": {sanitize_line(error.detail)}")
    if error.hint:
        text.append("\nHow to fix: ", style="bold")
        text.append(sanitize_line(error.hint))
    said = " ".join(sanitize_line(p) for p in (error.code, error.service_message) if p)
    if said:
        text.append(f"\nThe service said: {said[:400]}", style="dim")
    return text


class SafeInput(Input):
    """An Input that draws control and bidi characters as visible stand-ins.

    Textual's Input writes its value to the terminal as it is, and a prefix may come from a blob
    name. `sanitize_line` maps each character to exactly one, so cursor positions still line up;
    the value itself (what the job is submitted with) is never changed.
    """

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        text = Text(sanitize_line(self.value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text

    def _position_to_cell(self, position: int) -> int:
        return cell_len(sanitize_line(self.value[:position]))


class FieldRow(Horizontal):
    """A label, the field's controls, and the field's problems under them."""

    DEFAULT_CSS = """
    FieldRow { height: auto; }
    FieldRow > .field-label { width: 18; padding: 0 1 0 0; color: $text-muted; text-align: right; }
    FieldRow > .field-body { height: auto; width: 1fr; }
    FieldRow .field-problem { color: $error; height: auto; display: none; }
    FieldRow .field-problem.-shown { display: block; }
    FieldRow .field-note { color: $text-muted; height: auto; }
    """

    def __init__(self, label: str, *controls: Widget, field: str) -> None:
        super().__init__(id=f"row-{field}")
        self.field = field
        self._label = label
        self._controls = controls

    def compose(self) -> ComposeResult:
        yield Label(Text(self._label), classes="field-label", markup=False)
        with Vertical(classes="field-body"):
            yield from self._controls
            yield Static(id=f"problem-{self.field}", classes="field-problem", markup=False)

    def show_problems(self, messages: list[str]) -> None:
        problem = self.query_one(".field-problem", Static)
        if messages:
            problem.update(Text("\n".join(f"✘ {sanitize_line(m)}" for m in messages)))
            problem.add_class("-shown")
        else:
            problem.update("")
            problem.remove_class("-shown")
        for control in self._controls:
            if control.has_class("field-control"):
                control.set_class(bool(messages), "-invalid")
