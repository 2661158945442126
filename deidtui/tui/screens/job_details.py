"""`e`: everything about one job on one scrollable screen, nothing cut: every field of its
specification, its customizations, timestamps to the second, summary, whole error and lineage, and
the highlighted document's input, output and whole error (with whether a retry can fix it). `y`
copies the job's error through the terminal (OSC 52).

The screen follows the cache as the panes behind it do: when the job, its document or its lineage
changes (a poll, another deidtui process, a resubmission), what it shows is read again.

Long values wrap (a URL folds where it must) instead of being cut. Everything from outside passes
`sanitize_line` (which also masks SAS signatures) and is drawn as `Text`, never as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...domain import rules
from ...domain.briefs import JobBrief
from ...domain.jobs import JobView
from ...domain.models import Document, JobSpec, Operation, ServiceError
from ...domain.sanitize import sanitize_line
from ..formatting import STATUS_LABEL, STATUS_RICH, STATUS_SYMBOL, duration, size
from ..widgets.job_state import status_words
from ..workers import Coalesced

if TYPE_CHECKING:
    from ...engine import Engine

COPY_NOTE = (
    "y copies the job's error to your clipboard through the terminal (OSC 52): it works over SSH in "
    "most terminals; inside tmux, set-clipboard must be on."
)


def error_text(error: ServiceError | None) -> str:
    """A service error as one sanitized line, `Code: message` (empty without an error)."""
    if error is None:
        return ""
    message = sanitize_line(error.message)
    return sanitize_line(error.code) + (f": {message}" if message else "")


def when(moment: datetime | None) -> str:
    """A time to the second, in local time with its zone."""
    if moment is None:
        return "—"
    local = moment.astimezone()
    return f"{local:%Y-%m-%d %H:%M:%S} {local.tzname() or ''}".rstrip()


def _grid() -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True, min_width=16)
    grid.add_column(overflow="fold")
    return grid


def _section(title: str, grid: Table) -> list[RenderableType]:
    return [Text(title, style="bold underline"), grid, Text("")]


def _spec_grid(spec: JobSpec) -> Table:
    grid = _grid()
    same = spec.target_location is None or spec.target_location == spec.source_location
    grid.add_row("operation", Text(spec.operation.value))
    grid.add_row("source", Text(sanitize_line(spec.source_location)))
    grid.add_row("source prefix", Text(sanitize_line(spec.source_prefix) or "(the whole container)"))
    grid.add_row("extensions", Text(sanitize_line(", ".join(spec.extensions))))
    target = sanitize_line(spec.effective_target_location) + (" (the source container)" if same else "")
    grid.add_row("target", Text(target))
    grid.add_row("target prefix", Text(sanitize_line(spec.target_prefix)))
    grid.add_row(
        "overwrite",
        Text(
            "yes: existing outputs are replaced"
            if spec.overwrite
            else "no: a document whose output exists fails with OutputAlreadyExists"
        ),
    )
    if spec.operation is Operation.REDACT or spec.redaction_format is not None:
        grid.add_row("redaction format", Text(sanitize_line(spec.redaction_format or "(the service's default)")))
    if spec.operation is Operation.SURROGATE or spec.surrogate_locale is not None:
        grid.add_row("surrogate locale", Text(sanitize_line(spec.surrogate_locale or "(the service's default)")))
    return grid


def _times_grid(view: JobView) -> Table:
    job = view.job
    grid = _grid()
    grid.add_row("created", Text(when(job.created_at)))
    grid.add_row("started", Text(when(job.started_at)))
    grid.add_row("last updated", Text(when(job.last_updated_at)))
    if job.status.is_terminal:
        took = (job.last_updated_at - (job.started_at or job.created_at)).total_seconds()
        grid.add_row("took", Text(duration(took, precise=True)))
    grid.add_row("last seen here", Text(when(view.last_seen)))
    return grid


def _outcome_grid(view: JobView) -> Table:
    """How the job ended: its error first (why it failed is what the operator opened this for),
    then its documents."""
    grid = _grid()
    error = view.job.error
    grid.add_row("error", Text(error_text(error), style="bold red") if error else Text("none", style="dim"))
    if error is not None and error.target:
        grid.add_row("error target", Text(sanitize_line(error.target)))
    counts = rules.counts(view)
    summary = view.job.summary
    if counts.total == 0 and view.job.status.is_terminal:
        # A job that failed before reading its source (EmptyJob, no access) counted no documents:
        # "0 succeeded, 0 failed, 0 canceled, of 0" read like a listing yet to come.
        documents = "none: the job ended before it processed any"
    else:
        documents = (
            f"{counts.succeeded} succeeded, {counts.failed} failed, {counts.canceled} canceled, of {counts.total}"
            + ("" if summary is not None else " (from the documents listed so far)")
        )
    grid.add_row("documents", Text(documents))
    if summary is not None:
        grid.add_row("processed", Text(size(summary.bytes_processed)))
    return grid


def _lineage_grid(parent: str | None, children: list[str]) -> Table:
    grid = _grid()
    grid.add_row("resubmission of", Text(sanitize_line(parent) if parent else "—"))
    grid.add_row("resubmitted as", Text(", ".join(sanitize_line(c) for c in children) if children else "—"))
    return grid


def _document_grid(document: Document, spec: JobSpec) -> Table:
    grid = _grid()
    status = document.status
    grid.add_row("status", Text(f"{STATUS_SYMBOL[status]} {STATUS_LABEL[status]}", style=STATUS_RICH[status]))
    grid.add_row("input", Text(sanitize_line(document.input.location)))
    grid.add_row("output", Text(sanitize_line(document.output.location) if document.output else "—"))
    grid.add_row("id", Text(sanitize_line(document.id)))
    if document.error is not None:
        grid.add_row("error", Text(error_text(document.error), style="bold red"))
        kind = rules.classify_failure(document.error, spec)
        grid.add_row("retry", Text(f"{'yes' if kind.retryable else 'no'}: {kind.reason}"))
    return grid


def job_details(
    view: JobView, *, document: Document | None = None, parent: str | None = None, children: list[str] | None = None
) -> Group:
    """The whole story of a job (and of one of its documents), as renderables without markup."""
    title = Text(sanitize_line(view.name), style="bold")
    title.append(f"  {status_words(view)}", style=STATUS_RICH[view.status])
    if view.deleted:
        title.append("  ␡ deleted on the service", style="yellow")
    parts: list[RenderableType] = [title, Text("")]
    parts += _section("Specification", _spec_grid(view.job.spec))
    parts += _section("Outcome", _outcome_grid(view))
    parts += _section("Times", _times_grid(view))
    parts += _section("Lineage", _lineage_grid(parent, children or []))
    if document is not None:
        parts += _section("Document", _document_grid(document, view.job.spec))
    parts.append(Text(COPY_NOTE, style="dim"))
    return Group(*parts)


class JobDetailsScreen(ModalScreen[None]):
    """A job's details, scrollable; `y` copies its error."""

    DEFAULT_CSS = """
    JobDetailsScreen { align: center middle; }
    JobDetailsScreen > VerticalScroll { width: 110; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; border-title-style: bold; background: $surface; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape,q,e", "app.pop_screen", "Close", id="details.close"),
        Binding(
            "y",
            "copy_error",
            "Copy error",
            id="details.copy_error",
            tooltip="Copy the job's error (or the document's) to the clipboard through the terminal (OSC 52)",
        ),
        Binding("down,j", "scroll(1)", "Down", show=False, id="details.down"),
        Binding("up,k", "scroll(-1)", "Up", show=False, id="details.up"),
        Binding("pagedown,space", "scroll(20)", "Page down", show=False, id="details.page_down"),
        Binding("pageup", "scroll(-20)", "Page up", show=False, id="details.page_up"),
        Binding("home,g", "scroll(-100000)", "Top", show=False, id="details.top"),
        Binding("end,G", "scroll(100000)", "End", show=False, id="details.end"),
    ]

    def __init__(
        self,
        view: JobView,
        *,
        document: Document | None = None,
        parent: str | None = None,
        children: list[str] | None = None,
        engine: Engine | None = None,
    ) -> None:
        """`engine`: the job's, to read it again as the cache changes (None: a fixed picture)."""
        super().__init__()
        self.view = view
        self.document = document
        self._parent_job = parent
        self._children_jobs = children or []
        self._engine = engine
        self._reread = Coalesced(
            self, self._read_again, group="details-reread", doing="reading the job shown in details"
        )

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = f"Details of {sanitize_line(self.view.name)}"
            scroll.border_subtitle = "y copy error · esc close"
            yield Static(self._story(), id="details-story")

    def _story(self) -> Group:
        return job_details(self.view, document=self.document, parent=self._parent_job, children=self._children_jobs)

    def briefs_changed(self, briefs: Iterable[JobBrief]) -> None:
        """Jobs changed in the cache: when one is of the shown job's service (the job itself, or a
        new job that may be its resubmission), read the job, its lineage and its document again.
        Reads do not pile up: while one runs, the briefs that arrive only ask for one more."""
        if self._engine is None or not any(brief.profile == self.view.profile for brief in briefs):
            return
        self._reread.ask()

    async def _read_again(self) -> None:
        engine = self._engine
        assert engine is not None
        name = self.view.name
        view = await engine.job(name)
        parent, children = await engine.lineage(name)
        document = await engine.document(name, self.document.id) if self.document is not None else None
        self._show(view or self.view, document or self.document, parent, children)

    def _show(self, view: JobView, document: Document | None, parent: str | None, children: list[str]) -> None:
        shown = (self.view.revision, self.document, self._parent_job, self._children_jobs)
        if (view.revision, document, parent, children) == shown:
            return
        self.view, self.document, self._parent_job, self._children_jobs = view, document, parent, children
        self.query_one("#details-story", Static).update(self._story())

    def action_scroll(self, rows: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=rows, animate=False)

    def action_copy_error(self) -> None:
        """The job's error, else the shown document's, to the clipboard (what the screen shows)."""
        document_error = self.document.error if self.document is not None else None
        for whose, error in (("job's", self.view.job.error), ("document's", document_error)):
            if error:
                text = error_text(error)
                self.app.copy_to_clipboard(text)
                self.notify(
                    f"The {whose} error ({len(text)} characters) went to your clipboard through the terminal "
                    "(OSC 52). If nothing arrives, your terminal or tmux does not accept it.",
                    title="Copied",
                    timeout=6,
                )
                return
        self.notify("This job has no error to copy.", title="Nothing to copy", severity="warning", timeout=4)
