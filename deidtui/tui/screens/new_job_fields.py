"""The new-job form's fields, built from a specification; the screen reads them back (new_job.py)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.dom import DOMNode
from textual.widgets import Checkbox, Input, Select, Static

from ...domain.models import DEFAULT_REDACTION_FORMAT, DEFAULT_SURROGATE_LOCALE, JobSpec, Operation
from ...domain.sanitize import sanitize_line
from ...domain.validation import SURROGATE_LOCALES
from .new_job_form import (
    OTHER,
    SAME,
    FieldRow,
    SafeInput,
    output_example,
    parse_extensions,
    redaction_example,
    same_url,
)

OPERATIONS = (
    (Text("Surrogate — replace PHI with realistic stand-ins"), Operation.SURROGATE),
    (Text("Redact — replace PHI with a placeholder"), Operation.REDACT),
    (Text("Tag — find PHI, change nothing (JSON output)"), Operation.TAG),
)
URL_PLACEHOLDER = "https://<account>.blob.core.windows.net/<container>"


def _container_label(url: str) -> Text:
    return Text(sanitize_line(url.rstrip("/").rsplit("/", 1)[-1]))


def compose_fields(spec: JobSpec, name: str, *, input_locale: bool = False) -> ComposeResult:
    """One row per field, each holding the value `spec` gives it (containers are listed later).
    `input_locale`: the profile's api-version knows the documents' language (the preview one)."""
    source = spec.source_location
    source_options = [(_container_label(source), source)] if source else []
    target = spec.target_location
    target_options = [(Text("same as source"), SAME)]
    if target and not same_url(target, source):
        target_options.append((_container_label(target), target))
    yield FieldRow(
        "Job name",
        SafeInput(name, placeholder="3-36 letters, digits, - or _", id="name", classes="field-control", compact=True),
        field="name",
    )
    yield FieldRow(
        "Operation",
        Select(OPERATIONS, value=spec.operation, allow_blank=False, id="operation", compact=True),
        field="operation",
    )
    yield FieldRow(
        "Source container",
        Select(
            [*source_options, (Text("other URL…"), OTHER)],
            value=source or Select.NULL,
            prompt="choose a container",
            id="source-container",
            compact=True,
            classes="field-control",
        ),
        SafeInput(source, placeholder=URL_PLACEHOLDER, id="source-url", classes="field-control -hidden", compact=True),
        Static(id="containers-note", classes="field-note -hidden", markup=False),
        field="source-container",
    )
    yield FieldRow(
        "Source prefix",
        SafeInput(
            spec.source_prefix,
            placeholder="(the whole container)",
            id="source-prefix",
            classes="field-control",
            compact=True,
        ),
        field="source-prefix",
    )
    yield FieldRow(
        "Extensions",
        SafeInput(
            ", ".join(spec.extensions),
            placeholder="* or *.txt, *.json",
            id="extensions",
            classes="field-control",
            compact=True,
        ),
        field="extensions",
    )
    if input_locale:
        yield FieldRow(
            "Input locale",
            Select(
                [(Text(code), code) for code in SURROGATE_LOCALES],
                value=spec.input_locale if spec.input_locale in SURROGATE_LOCALES else Select.NULL,
                prompt="the service's default (en-US)",
                id="input-locale",
                compact=True,
                classes="field-control",
            ),
            Static(Text("the documents' language, e.g. fr-CA for dates written day first"), classes="field-note"),
            field="input-locale",
        )
    yield FieldRow(
        "Target container",
        Select(
            [*target_options, (Text("other URL…"), OTHER)],
            value=target_options[-1][1],
            allow_blank=False,
            id="target-container",
            compact=True,
            classes="field-control",
        ),
        SafeInput(
            target or "", placeholder=URL_PLACEHOLDER, id="target-url", classes="field-control -hidden", compact=True
        ),
        field="target-container",
    )
    yield FieldRow(
        "Target prefix",
        SafeInput(
            spec.target_prefix,
            placeholder="e.g. deid/notes/",
            id="target-prefix",
            classes="field-control",
            compact=True,
        ),
        Static(
            output_example(spec.source_prefix, spec.target_prefix),
            id="target-example",
            classes="field-note",
            markup=False,
        ),
        field="target-prefix",
    )
    yield FieldRow(
        "Overwrite",
        Checkbox(overwrite_label(spec.overwrite), spec.overwrite, id="overwrite"),
        field="overwrite",
    )
    locale = spec.surrogate_locale if spec.surrogate_locale in SURROGATE_LOCALES else DEFAULT_SURROGATE_LOCALE
    yield FieldRow(
        "Surrogate locale",
        Select(
            [(Text(code), code) for code in SURROGATE_LOCALES],
            value=locale,
            allow_blank=False,
            id="locale",
            compact=True,
            classes="field-control",
        ),
        field="locale",
    )
    fmt = spec.redaction_format if spec.redaction_format is not None else DEFAULT_REDACTION_FORMAT
    yield FieldRow(
        "Redaction format",
        SafeInput(
            fmt, placeholder=DEFAULT_REDACTION_FORMAT, id="redaction-format", classes="field-control", compact=True
        ),
        Static(redaction_example(fmt), id="redaction-example", classes="field-note", markup=False),
        field="redaction-format",
    )


def overwrite_label(on: bool) -> Text:
    """What overwrite does now, in words: the checkbox's mark looks the same on and off without colour."""
    if on:
        return Text("on: outputs that exist are replaced")
    return Text("off: a document whose output exists fails")


def choose_container(select: Select, url_input: Input, options: list[tuple[Text, str]], *, target: bool) -> None:
    """Offer the listed containers, keeping what the field held (a listed one, a typed URL, or none)."""
    current = select.value
    wanted = url_input.value if current == OTHER else current
    select.set_options([*([(Text("same as source"), SAME)] if target else []), *options, (Text("other URL…"), OTHER)])
    if wanted == SAME:
        select.value = SAME
    elif wanted and wanted != Select.NULL:
        match = next((url for _, url in options if same_url(url, str(wanted))), None)
        select.value = match or OTHER
        if match is None:
            url_input.value = str(wanted)
    else:
        # No guess for the source: a job on the wrong container is worse than one more choice.
        select.value = SAME if target else Select.NULL


def _value(form: DOMNode, widget_id: str) -> str:
    return form.query_one(f"#{widget_id}", Input).value


def _choice(form: DOMNode, widget_id: str, before_mount: object) -> object:
    select = form.query_one(f"#{widget_id}", Select)
    # A Select has no value until it is mounted; until then the form shows its initial values.
    return before_mount if select.value == Select.NULL and not select.is_mounted else select.value


def _location(form: DOMNode, which: str, initial: JobSpec) -> str | None:
    before = initial.source_location if which == "source" else (initial.target_location or SAME)
    choice = _choice(form, f"{which}-container", before or Select.NULL)
    if choice == SAME:
        return None
    if choice == Select.NULL:
        return ""
    if choice == OTHER:
        return _value(form, f"{which}-url").strip()
    return str(choice)


def read_operation(form: DOMNode, initial: JobSpec) -> Operation:
    return Operation(str(_choice(form, "operation", initial.operation)))


def read_spec(form: DOMNode, initial: JobSpec) -> JobSpec:
    """The specification the fields under `form` describe (`initial` fills what is not mounted yet)."""
    operation = read_operation(form, initial)
    fmt = _value(form, "redaction-format")
    locale = _choice(form, "locale", initial.surrogate_locale or DEFAULT_SURROGATE_LOCALE)
    input_locale = None
    if form.query("#input-locale"):
        choice = _choice(form, "input-locale", initial.input_locale or Select.NULL)
        input_locale = str(choice) if choice != Select.NULL and choice else None
    return JobSpec(
        source_location=_location(form, "source", initial) or "",
        source_prefix=_value(form, "source-prefix"),
        target_prefix=_value(form, "target-prefix"),
        operation=operation,
        target_location=_location(form, "target", initial),
        extensions=parse_extensions(_value(form, "extensions")),
        overwrite=form.query_one("#overwrite", Checkbox).value,
        redaction_format=(fmt or None) if operation is Operation.REDACT else None,
        surrogate_locale=str(locale) if operation is Operation.SURROGATE else None,
        input_locale=input_locale,
    )
