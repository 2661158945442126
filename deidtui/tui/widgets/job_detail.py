"""The live status pane of the selected job: header, specification, progress, history and documents.

The main screen drives it: `show_job(name)` when the queue's cursor rests on a job (everything is
read from the cache, so it is instant and works offline), then `job_changed` with each new state
of that job the cache holds, and `set_staleness` after each event batch. The pane reads the
documents that changed since it last looked (`Engine.document_delta`, whoever wrote them), so it
can never fall behind the cache. Updates are applied in place: a section repaints only when its
text changed, document rows by id. One tick a second (never faster) keeps ages, elapsed times,
ETAs and the throttle countdown honest.

The pane adapts to its size: side by side when wide, stacked when narrow; on short panes the
specification shrinks to three lines, and on very short ones only the header, one progress line
and the documents remain.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Literal

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message

from ...domain.briefs import JobBrief
from ...domain.jobs import JobView, Transition
from ...domain.models import Document, JobStatus
from ...domain.sanitize import sanitize_line
from ...engine.engine import Engine
from ...engine.events import EngineState
from ..formatting import STATUS_STYLE, STATUS_SYMBOL
from ..workers import Coalesced, run_guarded
from .deferred import DeferredParts
from .document_rows import blob_name
from .documents_table import DocumentsTable
from .job_state import Density, DetailState
from .job_summary import (
    MUTED,
    Section,
    documents_caption,
    error_content,
    facts_content,
    header_content,
    live_content,
)
from .timeline import JobTimeline, timeline_content, with_current

log = logging.getLogger("deidtui.tui")

Which = Literal["compare", "input", "output"]
FULL_HEIGHT = 30  # at least this many rows: every section in full
COMPACT_HEIGHT = 16  # at least this many: condensed sections; below: header, progress and documents only
WIDE_WIDTH = 100  # at least this many columns: specification and progress side by side
# Seconds between recomputing a running job's rate and ETA while no progress arrives: they drift by
# a few tenths each second, and each repaint of their lines costs about 600 bytes over SSH.
LIVE_EVERY = 5
SEEN_EVERY = 10  # seconds between two reads of the shown job's view for its `last_seen` (10 s steps)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class JobDetail(DeferredParts):
    """Everything about one job, kept live; posts `ViewDocument` when the operator opens a document."""

    BINDINGS = [
        Binding(
            "f",
            "toggle_failed",
            "Failed only",
            id="detail.failed_only",
            tooltip="Show only the failed documents; press again to show all",
        ),
    ]

    DEFAULT_CSS = """
    JobDetail { height: 1fr; layout: vertical; }
    JobDetail #detail-header { padding: 0 1; background: $panel; }
    JobDetail #detail-info { height: auto; layout: horizontal; }
    JobDetail #detail-facts { width: 1fr; padding: 0 1; }
    JobDetail #detail-live { width: 1fr; padding: 0 1; }
    JobDetail #detail-error { padding: 0 1; }
    JobDetail #detail-timeline { padding: 0 1; }
    JobDetail #detail-caption { padding: 0 1; color: $text-muted; }
    JobDetail #detail-documents { height: 1fr; min-height: 2; }
    JobDetail #detail-document { padding: 0 1; background: $panel; }
    JobDetail .detail-part { display: none; }
    JobDetail #detail-empty { height: 1fr; padding: 1 2; text-wrap: wrap; }
    """
    # Which parts show, and how #detail-info is laid out, are set on the parts themselves (see
    # `_arrange`): a class on the pane would restyle its whole subtree, tables included, at every
    # resize and every change between "no job" and a job.

    class ViewDocument(Message):
        """Open a document of the shown job: side by side ("compare"), its "input" or its "output"."""

        def __init__(self, job: JobView, document: Document, which: Which) -> None:
            super().__init__()
            self.job = job
            self.document = document
            self.which = which

    def __init__(
        self,
        engine: Engine,
        *,
        id: str | None = None,
        classes: str | None = None,
        clock: Callable[[], datetime] | None = None,
        defer_parts: bool = False,
    ) -> None:
        """`clock` (UTC-aware `now`) is for tests that pin time; the pane uses the real clock otherwise.
        `defer_parts`: mount the sections after the screen's first frame (see `DeferredParts`)."""
        super().__init__(id=id, classes=classes, defer_parts=defer_parts)
        self.engine = engine
        self.state = DetailState(clock=clock or _utcnow)
        self.state.hint = (
            "No job selected. Move the cursor in the job queue to see a job's status, history and documents here."
        )
        self._generation = 0
        self._loading: str | None = None
        self._pending_job: JobView | None = None
        # A newer brief of the shown job arrived (`brief_changed`): read its whole view again.
        self._reread = Coalesced(self, self._read_again, group="detail-reread", doing="reading the shown job")
        self._documents_revision = 0  # the cache revision the documents table has caught up to
        self._service_state: EngineState | None = None  # the shown job's service, as the screen last said
        self._ticks = 0  # seconds ticked while an active job is shown (`LIVE_EVERY`)
        self._seen_ticks = 0  # seconds ticked while a job is shown (`SEEN_EVERY`)

    # -- layout -------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if self.parts_deferred:
            return
        state = self.state
        yield Section(lambda width: header_content(state, width), id="detail-header", classes="detail-part")
        with Horizontal(id="detail-info", classes="detail-part"):
            yield Section(lambda width: facts_content(state, width), id="detail-facts")
            yield Section(lambda width: live_content(state, width), id="detail-live")
        yield Section(lambda width: error_content(state, width), id="detail-error", classes="detail-part")
        yield JobTimeline(self._timeline, id="detail-timeline", classes="detail-part")
        yield Section(self._caption, id="detail-caption", classes="detail-part")
        yield DocumentsTable(id="detail-documents", classes="detail-part")
        yield Section(self._document_line, id="detail-document", classes="detail-part")
        yield Section(lambda width: Content.styled(state.hint, MUTED), id="detail-empty")

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)
        self.schedule_parts()

    def parts_built(self) -> None:
        self._fit(self.size.width, self.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        density: Density = "full" if height >= FULL_HEIGHT else "compact" if height >= COMPACT_HEIGHT else "minimal"
        changed = density != self.state.density
        self.state.density = density
        if not self.parts_ready.is_set():
            return
        self.query_one("#detail-info").styles.layout = "vertical" if width < WIDE_WIDTH else "horizontal"
        self.set_class(width < WIDE_WIDTH, "-narrow", update=False)  # marks the state only: no CSS uses it
        if changed:
            for section in self.query(Section):
                section.refresh(layout=True)
        self._arrange()

    def _arrange(self) -> None:
        """Show the hint alone while no job is shown; on very short panes, hide the timeline and the
        selected document's line."""
        if not self.parts_ready.is_set():
            return
        empty = self.state.cached is None
        minimal = self.state.density == "minimal"
        self.set_class(empty, "-empty", update=False)  # marks the state only: no CSS uses it
        for part in self.query(".detail-part"):
            part.display = not empty and not (minimal and part.id in ("detail-timeline", "detail-document"))
        self.query_one("#detail-empty").display = empty

    @property
    def table(self) -> DocumentsTable:
        return self.query_one(DocumentsTable)

    def _section(self, name: str) -> Section:
        return self.query_one(f"#detail-{name}", Section)

    @property
    def focus_target(self) -> DocumentsTable:
        """The documents table, the pane's only keyboard target."""
        return self.table

    # -- what the screen calls ------------------------------------------------------------------------

    @property
    def shown_name(self) -> str | None:
        return self.state.name

    @property
    def cached(self) -> JobView | None:
        return self.state.cached

    async def show_job(self, name: str | None) -> None:
        """Show another job, read from the cache; a later call supersedes one still loading."""
        self._generation += 1
        generation = self._generation
        self._pending_job = None
        if name is None:
            self._loading = None
            self._show_hint(
                None,
                "No job selected. Move the cursor in the job queue to see a job's status, history and documents here.",
            )
            return
        self._loading = name
        try:
            await self.parts_ready.wait()  # a change meanwhile is kept for after (see `_loading`)
            view, transitions, (parent, children) = await asyncio.gather(
                self.engine.job(name), self.engine.transitions(name), self.engine.lineage(name)
            )
            # Read after the view: the documents then hold every change up to its revision.
            status = JobStatus.FAILED if self.table.failed_only else None
            counts, first = await asyncio.gather(
                self.engine.document_census(name),
                self.engine.document_page(name, status=status, limit=self.table.first_page),
            )
        except asyncio.CancelledError:
            if generation == self._generation:
                self._loading = None
            raise
        except Exception as error:  # noqa: BLE001 - an unreadable cache is said here, in the pane
            log.warning("reading job %r from the cache failed: %s", name, type(error).__name__)
            if generation == self._generation:
                self._loading = None
                self._show_hint(
                    name, f"Could not read {sanitize_line(name)} from the local cache: {sanitize_line(str(error))}"
                )
            return
        if generation != self._generation:
            return  # the cursor moved on while we read
        self._loading = None
        if view is None:
            self._show_hint(
                name, f"{sanitize_line(name)} is not in the local cache yet; it appears here after the next refresh."
            )
            return
        self._documents_revision = view.revision
        self._present(view, (counts, first), transitions, parent, children)

    def follows(self, name: str) -> bool:
        """Whether the pane shows, or is reading, the job `name`."""
        return name == self.state.name or name == self._loading

    def brief_changed(self, brief: JobBrief) -> None:
        """The cache holds a new state of the shown job (the queue's brief of it): read the whole
        view and apply it (`job_changed`). Reads do not pile up: while one runs, the briefs that
        arrive only ask for one more after it."""
        if not self.follows(brief.name):
            return
        cached = self.state.cached
        shown = cached if self._loading is None and cached is not None and cached.name == brief.name else None
        if shown is not None and brief.revision <= shown.revision:
            return  # the pane is there already (or ahead)
        self._reread.ask()

    async def _read_again(self) -> None:
        name = self._loading or self.state.name
        view = await self.engine.job(name) if name is not None else None
        if view is not None:
            self.job_changed(view)

    def job_changed(self, view: JobView) -> None:
        """The cache holds a new state of the shown job: repaint what changed, catch the documents
        up with the cache (a re-created job is read again)."""
        if view.name == self._loading:
            if self._pending_job is None or view.revision >= self._pending_job.revision:
                self._pending_job = view
            return
        state = self.state
        if self._loading is not None or view.name != state.name:
            return
        old = state.cached
        if old is None or view.incarnation != old.incarnation:
            run_guarded(self, self.show_job(view.name), group="detail-reload", exclusive=True)
            return
        if view.revision < old.revision:
            return  # an older view arriving late
        state.cached = view
        state.set_progress(view.progress)
        state.transitions = with_current(
            state.transitions, view.status, view.job.status_since, view.last_seen, view.incarnation
        )
        self._update("header", "facts", "live", "error", "timeline", "caption")
        self._catch_up_with(view)

    def _catch_up_with(self, view: JobView) -> None:
        """If the documents table is behind the job's view, have it read its counts and rows again:
        read after the view arrived, they hold every document change up to the view's revision (a
        document's change stamps its job with the same revision)."""
        if view.revision > self._documents_revision:
            self._documents_revision = view.revision
            self.table.refresh_rows()

    def set_staleness(
        self, online: bool | None, throttled_for: float, service_state: EngineState | None = None
    ) -> None:
        """How fresh the shown data can be: connectivity, a throttle's wait, and where the shown
        job's service stands (what the documents table says while empty). The job's own age is
        its `last_seen` (see `_tick`)."""
        self._service_state = service_state
        state = self.state
        state.online = online
        state.throttled_until = state.now() + timedelta(seconds=throttled_for) if throttled_for > 0 else None
        if state.cached is not None:
            self._update("header")
            hint = self._documents_hint(state.cached)
            if hint != self.table.empty_text:
                self.table.empty_text = hint
                if not self.table.total_count:
                    self.table.refresh()

    def _documents_hint(self, cached: JobView) -> str:
        """What the documents table says while it has no rows: when they will come, if ever. The
        documents are read from the service while a job is shown, so an engine that cannot reach it
        is named as the reason, rather than promising rows that cannot arrive."""
        if cached.job.status.is_terminal and not cached.job.summary:
            return "This job has no documents."
        state = self._service_state
        if state is EngineState.OFFLINE:
            return "No documents cached yet; they load once the service answers again (it is offline now)."
        if state is EngineState.SIGNED_OUT:
            return "No documents cached yet; they load once deidtui is signed in again."
        if state in (EngineState.FAILED, EngineState.STOPPED):
            return "No documents cached; deidtui is not connected to the service, so none can load."
        return "No documents cached yet; they load while this job is shown."

    # -- applying state ---------------------------------------------------------------------------------

    def _show_hint(self, name: str | None, hint: str) -> None:
        state = self.state
        state.name, state.cached, state.progress = name, None, None
        state.transitions, state.parent, state.children = [], None, []
        state.throughput.reset()
        state.hint = hint
        if self.parts_ready.is_set():
            self.table.clear()
            self._arrange()
            self._update("empty")

    def _present(
        self,
        cached: JobView,
        documents: tuple[dict[JobStatus, int], list[tuple[int, Document]]],
        transitions: list[Transition],
        parent: str | None,
        children: list[str],
    ) -> None:
        state = self.state
        state.name, state.cached, state.progress = cached.name, cached, None
        state.throughput.reset()
        state.set_progress(cached.progress)
        state.transitions = with_current(
            list(transitions), cached.status, cached.job.status_since, cached.last_seen, cached.incarnation
        )
        state.parent, state.children = parent, list(children)
        table = self.table
        table.empty_text = self._documents_hint(cached)
        counts, first = documents
        table.load(self.engine, cached.name, cached.job.spec, counts, first)
        self._arrange()
        for section in self.query(Section):
            section.update_if_changed()
        pending, self._pending_job = self._pending_job, None
        if pending is not None and pending.revision > cached.revision:
            self.job_changed(pending)
        else:
            self._catch_up_with(cached)  # the documents were read apart from the job: they may lag it

    def _update(self, *names: str) -> None:
        if not self.parts_ready.is_set():
            return
        for name in names:
            self._section(name).update_if_changed()

    def _tick(self) -> None:
        cached = self.state.cached
        if cached is None:
            return
        self._seen_ticks += 1
        if self._seen_ticks % SEEN_EVERY == 0 and self._loading is None:
            # The engine reads the shown job every few seconds, but a job that did not change is no
            # news for the cache's feed: its `last_seen` ("seen N s ago") is read again here.
            self._reread.ask()
        self._update("header")
        if cached.status.is_active:
            self._ticks += 1
            self._update("facts", "timeline", *(("live",) if self._ticks % LIVE_EVERY == 0 else ()))

    # -- the sections that need the table ------------------------------------------------------------------

    def _timeline(self, width: int) -> Content:
        state = self.state
        if state.cached is None or state.density == "minimal":
            return Content()
        return timeline_content(state.transitions, state.cached.status, state.now(), width)

    def _caption(self, width: int) -> Content:
        view, table = self.state.cached, self.table
        return Content() if view is None else documents_caption(view, table.counts, table.failed_only, width)

    def _document_line(self, width: int) -> Content:
        if self.state.cached is None or not self.is_mounted:
            return Content()
        document = self.table.highlighted
        if document is None:
            return Content()
        status = document.status
        line = Content.assemble((STATUS_SYMBOL[status], STATUS_STYLE[status]), " ", blob_name(document.input.location))
        if document.output is not None:
            line = line + Content.styled(" → ", MUTED) + Content(blob_name(document.output.location))
        if document.error is not None:
            error = Content.assemble(
                ("  ", ""),
                (sanitize_line(document.error.code), "$error bold"),
                ": ",
                sanitize_line(document.error.message),
            )
            line = line + error
        return line.truncate(width, ellipsis=True) if line.cell_length > width else line

    # -- keys and messages ---------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_failed":
            return self.state.cached is not None
        return True

    def action_toggle_failed(self) -> None:
        table = self.table
        table.set_failed_only(not table.failed_only)
        self._update("caption", "document")

    @on(DocumentsTable.Chosen)
    def _document_chosen(self, message: DocumentsTable.Chosen) -> None:
        message.stop()
        if self.state.cached is not None:
            self.post_message(self.ViewDocument(self.state.cached, message.document, message.which))

    @on(DocumentsTable.Counted)
    def _documents_counted(self, message: DocumentsTable.Counted) -> None:
        message.stop()
        self._update("header", "live", "caption", "document")

    @on(DocumentsTable.Highlighted)
    def _document_highlighted(self, message: DocumentsTable.Highlighted) -> None:
        message.stop()
        self._update("document")
