"""The dashboard: containers, the job queue, and the selected job's live status, side by side.

Engine events arrive in coalesced batches (`EngineEvents`) and are applied by key: the queue
updates only the changed rows, the detail pane only the shown job. Job actions are bound here
and offered only where they apply (focus in the queue or the detail pane, a job state that allows
them, not read-only); destructive ones are always confirmed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from ...cache import CachedJob
from ...domain.errors import AuthError, DeidError
from ...domain.models import JobStatus
from ...domain.sanitize import sanitize_line
from ...engine import (
    BudgetUse,
    Connectivity,
    DocumentsUpdated,
    Engine,
    JobUpdated,
    Notice,
    SweepFinished,
    Throttling,
)
from ..messages import EngineEvents
from ..widgets.command_line import CommandLine
from ..widgets.containers import ContainersPane
from ..widgets.job_detail import JobDetail
from ..widgets.job_table import SORTS, JobTable
from ..widgets.key_hints import KeyHints
from ..widgets.status_bar import StatusBar
from .job_actions import JobActions, notify_error

if TYPE_CHECKING:
    from ..blobview.source import ByteSource


FIRST_SCREEN_JOBS = 100  # more rows than the tallest usual terminal shows
WIDE_SCREEN = 170  # columns from which the detail pane sits beside the queue rather than below it
CONTAINERS_MIN_WIDTH = 110  # below this, the storage pane starts hidden (2 or b shows it)
FINISH_TOAST_DELAY = 5.0  # seconds: finished jobs are announced together


def report_cache_problem(node: Screen | App, error: Exception) -> None:
    """A cache that cannot be read is explained in a toast (what, and the fix when known)."""
    if isinstance(error, DeidError):
        notify_error(node, error, timeout=20)
    else:
        node.notify(
            Text(sanitize_line(str(error))), title="The local cache could not be read", severity="error", timeout=20
        )


class MainScreen(JobActions, Screen[None]):
    AUTO_FOCUS = "#jobs"  # the queue is where an operator starts, whatever pane comes first
    DEFAULT_CSS = """
    MainScreen #body { height: 1fr; }
    MainScreen #containers { width: 34; border-right: solid $panel-lighten-2; }
    MainScreen #containers.-hidden { display: none; }
    MainScreen #right { width: 1fr; }
    MainScreen #jobs { height: 1fr; min-height: 6; }
    MainScreen #detail { height: 1fr; min-height: 8; border-top: solid $panel-lighten-2; }
    MainScreen #filter { dock: top; height: 1; border: none; padding: 0 1; background: $boost; display: none; }
    MainScreen #filter.-open { display: block; }
    MainScreen #filter.-error { color: $error; height: 3; border: round $error; border-subtitle-color: $error; }
    MainScreen.-wide #right { layout: horizontal; }
    MainScreen.-wide #jobs { width: 3fr; height: 1fr; }
    MainScreen.-wide #detail { width: 2fr; height: 1fr; border-top: none; border-left: solid $panel-lighten-2; }
    """

    BINDINGS = [
        Binding("1", "focus_pane('jobs')", "Jobs", id="pane.jobs", tooltip="Focus the job queue"),
        Binding(
            "2",
            "focus_pane('containers')",
            "Storage",
            id="pane.containers",
            tooltip="Focus (and show) the storage containers pane",
        ),
        Binding("3", "focus_pane('detail')", "Detail", id="pane.detail", tooltip="Focus the selected job's details"),
        Binding(
            "slash",
            "filter",
            "Filter",
            id="jobs.filter",
            tooltip="Filter the queue: text, re:REGEX, status:failed, op:tag, !term",
        ),
        Binding("n", "new_job", "New", id="jobs.new", tooltip="Create a job (from the selected folder if any)"),
        Binding("c", "cancel_jobs", "Cancel", id="jobs.cancel", tooltip="Cancel the marked or highlighted jobs"),
        Binding(
            "d", "delete_jobs", "Delete", id="jobs.delete", tooltip="Delete finished jobs' records (documents are kept)"
        ),
        Binding("R", "resubmit", "Resubmit", id="jobs.resubmit", tooltip="Submit the same spec under a new name"),
        Binding(
            "F",
            "retry_failed",
            "Retry failed",
            id="jobs.retry_failed",
            tooltip="Copy the failed inputs and submit a job over just those",
        ),
        Binding("escape", "back", "Back", show=False, id="app.back"),
        Binding("b", "toggle_containers", "Storage pane", show=False, id="pane.toggle_containers"),
        Binding("ctrl+r,f5", "refresh", "Refresh", show=False, id="app.refresh", tooltip="Refresh every job now"),
    ]

    def __init__(
        self,
        engine: Engine,
        *,
        profiles: list[str] | None = None,
        bell: bool = False,
        first_jobs: list[CachedJob] | None = None,
    ) -> None:
        """`first_jobs`: the newest screenful of the cache (`read_first_screen`), shown from the first
        frame on; the rest of the cache follows it."""
        super().__init__()
        self.engine = engine
        self._first_jobs = first_jobs
        self._profiles = profiles or []
        self._bell = bell
        self._select_timer: Timer | None = None
        self._online_announced: bool | None = None
        self._session_active: set[str] = set()  # jobs seen unfinished in this session: watched ones
        self._finished_buffer: list[CachedJob] = []
        self._finish_timer: Timer | None = None

    # -- layout -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The layout classes are right before the panes mount: changing them later restyles them all.
        width = self.app.size.width
        self.set_class(width >= WIDE_SCREEN, "-wide", update=False)
        yield StatusBar(id="status")
        with Horizontal(id="body"):
            # The queue is drawn first; these two panes mount their parts in the next frame.
            yield ContainersPane(
                self.engine,
                id="containers",
                classes="-hidden" if width < CONTAINERS_MIN_WIDTH else None,
                defer_parts=True,
            )
            with Vertical(id="right"):
                yield Input(
                    placeholder="filter: text  re:REGEX  status:failed  op:tag  !term   (enter keeps, esc clears)",
                    id="filter",
                )
                yield JobTable(id="jobs")
                yield JobDetail(self.engine, id="detail", defer_parts=True)
        yield CommandLine(self._profiles)
        yield KeyHints()

    def on_mount(self) -> None:
        status = self.query_one(StatusBar)
        status.profile = self.engine.name
        status.read_only = self.engine.read_only
        status.budget_limit = self.engine.profile.poll.budget_requests
        self.query_one(JobTable).focus()
        self.set_interval(5.0, self._tick)
        if self._first_jobs is not None:
            first, self._first_jobs = self._first_jobs, None
            self._add_cached(first)
            self.run_worker(self._load_rest(len(first)), group="cache", exit_on_error=False)

    def on_resize(self) -> None:
        self._apply_width(self.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width >= WIDE_SCREEN, "-wide")
        if width < CONTAINERS_MIN_WIDTH:
            self.query_one(ContainersPane).add_class("-hidden")

    def _tick(self) -> None:
        self.query_one(JobTable).tick()

    @staticmethod
    async def read_first_screen(engine: Engine) -> list[CachedJob]:
        """The newest screenful of cached jobs, read before the screen is built so that its first
        frame shows them, without waiting for 10,000 (nor for the cache to open, if it can be read
        directly)."""
        first = engine.peek_jobs(FIRST_SCREEN_JOBS)
        return first if first is not None else await engine.jobs(limit=FIRST_SCREEN_JOBS)

    async def _load_rest(self, first: int) -> None:
        await asyncio.sleep(0.05)  # after the first frame
        try:
            cache = await self.engine.open_cache()
            self.query_one(StatusBar).last_sweep = await cache.last_sweep(self.engine.name)
            if first == FIRST_SCREEN_JOBS:
                self._add_cached(await self.engine.jobs(offset=FIRST_SCREEN_JOBS, limit=-1))
        except Exception as error:  # noqa: BLE001 - a cache problem is explained, never a traceback
            report_cache_problem(self, error)

    def _add_cached(self, jobs: list[CachedJob]) -> None:
        # A poll may have delivered a newer state meanwhile: never overwrite it with the cache's.
        table = self.query_one(JobTable)
        fresh = [job for job in jobs if table.job(job.name) is None]
        table.upsert(fresh)
        self._session_active.update(j.name for j in fresh if j.status.is_active)
        self._update_counts()

    def _update_counts(self) -> None:
        table = self.query_one(JobTable)
        status = self.query_one(StatusBar)
        status.jobs_shown = table.row_count
        status.jobs_total = table.total_count
        status.marked = len(table.marked)

    # -- engine events --------------------------------------------------------------------------------

    @on(EngineEvents)
    def apply_events(self, message: EngineEvents) -> None:
        table = self.query_one(JobTable)
        detail = self.query_one(JobDetail)
        status = self.query_one(StatusBar)
        changed: list[CachedJob] = []
        removed: list[str] = []
        finished: list[CachedJob] = []
        for event in message.events:
            if isinstance(event, JobUpdated):
                if event.kind == "deleted":
                    removed.append(event.name)
                    continue
                changed.append(event.job)
                if event.job.status.is_active:
                    self._session_active.add(event.name)
                elif event.name in self._session_active:
                    self._session_active.discard(event.name)
                    finished.append(event.job)
                if event.name == table.highlighted:
                    detail.job_updated(event.job)
            elif isinstance(event, DocumentsUpdated):
                if event.job_name == table.highlighted:
                    detail.documents_updated(event)
                shown = table.job(event.job_name)
                if shown is not None and event.progress is not None:
                    changed.append(replace(shown, progress=event.progress))
            elif isinstance(event, Connectivity):
                status.online = event.online
                status.error = event.error
                self._announce_connectivity(event)
            elif isinstance(event, Throttling):
                status.throttled_until = event.until
            elif isinstance(event, BudgetUse):
                status.budget_used = event.used
            elif isinstance(event, SweepFinished):
                status.last_sweep = event.at
            elif isinstance(event, Notice):
                self.notify(
                    Text(sanitize_line(event.detail or "")),
                    title=sanitize_line(event.title),
                    severity={"info": "information"}.get(event.level, event.level),
                    timeout=8,
                )
        if changed:
            table.upsert(changed)
        if removed:
            table.remove(removed)
        if finished:
            self._announce_finished(finished)
        detail.set_staleness(status.last_sweep, status.online, max(0.0, status.throttled_until - time.monotonic()))
        self._update_counts()

    def _announce_connectivity(self, event: Connectivity) -> None:
        if event.online == self._online_announced:
            return
        self._online_announced = event.online
        if event.online:
            if event.error is None and self._online_announced is not None:
                self.notify("The service answers again.", title="Back online", timeout=4)
            return
        error = event.error
        severity = "error" if isinstance(error, AuthError) else "warning"
        body = Text(sanitize_line(error.detail if error else "The service did not answer."))
        if error is not None and error.hint:
            body.append("\n" + sanitize_line(error.hint), style="bold")
        body.append("\nShowing cached jobs; they refresh when the service is back.", style="dim")
        self.notify(body, title=sanitize_line(error.title if error else "Offline"), severity=severity, timeout=15)

    def _announce_finished(self, jobs: list[CachedJob]) -> None:
        """Collect finished jobs; one toast every few seconds says what ended (and the bell rings once).

        Toasts are gathered rather than shown one per job: a wave of 50 jobs finishing together is
        one message, not a screenful, and every toast costs a repaint over the SSH link.
        """
        self._finished_buffer.extend(jobs)
        if self._finish_timer is None:
            self._finish_timer = self.set_timer(FINISH_TOAST_DELAY, self._flush_finished)

    def _flush_finished(self) -> None:
        jobs, self._finished_buffer, self._finish_timer = self._finished_buffer, [], None
        if not jobs:
            return
        if self._bell:
            self.app.bell()
        if len(jobs) > 3:
            failed = sum(1 for j in jobs if j.status is not JobStatus.SUCCEEDED)
            self.notify(
                f"{len(jobs)} jobs finished, {failed} not successfully.",
                title="Jobs finished",
                severity="warning" if failed else "information",
            )
            return
        for job in jobs:
            ok = job.status is JobStatus.SUCCEEDED
            summary = job.job.summary
            detail = f"{summary.successful}/{summary.total} documents" if summary else job.status.value
            self.notify(
                detail,
                title=f"{sanitize_line(job.name)} {job.status.value.lower()}",
                severity="information" if ok else "error",
                timeout=8,
            )

    # -- selection --------------------------------------------------------------------------------------

    @on(JobTable.Highlighted)
    def job_highlighted(self, message: JobTable.Highlighted) -> None:
        # Fast scrolling would otherwise load every job it passes: wait until the cursor rests.
        if self._select_timer is not None:
            self._select_timer.stop()
        self._select_timer = self.set_timer(0.15, lambda: self._show(message.name))

    def _show(self, name: str | None) -> None:
        self.engine.select(name)
        self.run_worker(self.query_one(JobDetail).show_job(name), group="detail", exclusive=True)

    @on(JobTable.Opened)
    def job_opened(self, message: JobTable.Opened) -> None:
        self.query_one(JobDetail).focus()

    @on(JobTable.MarksChanged)
    def marks_changed(self, message: JobTable.MarksChanged) -> None:
        self._update_counts()
        self.refresh_bindings()

    # -- panes, filter, command line ------------------------------------------------------------------------

    def action_focus_pane(self, pane: str) -> None:
        if pane == "containers":
            self.query_one(ContainersPane).remove_class("-hidden")
        self.query_one(f"#{pane}").focus()

    def action_toggle_containers(self) -> None:
        self.query_one(ContainersPane).toggle_class("-hidden")

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("-open")
        box.focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self._apply_filter(event.value)

    @on(Input.Submitted, "#filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            event.input.remove_class("-open")
        self.query_one(JobTable).focus()

    def _apply_filter(self, text: str) -> bool:
        from ..job_filter import FilterError, parse_filter  # on first use: not part of the first frame

        box = self.query_one("#filter", Input)
        try:
            job_filter = parse_filter(text)
        except FilterError as exc:
            box.add_class("-error")
            box.border_subtitle = str(exc)
            return False
        box.remove_class("-error")
        self.query_one(JobTable).set_filter(job_filter)
        self.query_one(StatusBar).filter_text = text.strip()
        self._update_counts()
        return True

    def action_back(self) -> None:
        box = self.query_one("#filter", Input)
        table = self.query_one(JobTable)
        if box.has_focus or box.has_class("-open"):
            box.value = ""
            box.remove_class("-open")
            table.focus()
        elif table.marked:
            table.clear_marks()
        elif not table.has_focus:
            table.focus()

    def action_refresh(self) -> None:
        self.engine.refresh()
        self.notify("Refreshing every job…", timeout=2)

    def open_command_line(self) -> None:
        self.query_one(CommandLine).open()

    @on(CommandLine.Failed)
    def command_failed(self, message: CommandLine.Failed) -> None:
        self.notify(message.reason, title="Command", severity="warning")

    @on(CommandLine.Submitted)
    async def command_submitted(self, message: CommandLine.Submitted) -> None:
        command = message.command
        if command.name in ("jobs", "containers", "detail"):
            self.action_focus_pane(command.name)
        elif command.name == "filter":
            box = self.query_one("#filter", Input)
            box.value = command.argument
            box.add_class("-open")
            self._apply_filter(command.argument)
        elif command.name == "sort":
            table = self.query_one(JobTable)
            if command.argument not in SORTS:
                self.notify(f"sort by one of: {', '.join(SORTS)}", severity="warning")
            else:
                table.sort_key = command.argument
                table.sort_reverse = command.argument in ("created", "progress", "failed")
                table.set_filter(table._filter)
        elif command.name == "new":
            self.action_new_job()
        elif command.name == "refresh":
            self.action_refresh()
        else:
            await self.app.run_command(command.name, command.argument)  # type: ignore[attr-defined]

    @on(ContainersPane.NewJobRequested)
    def new_job_from_prefix(self, message: ContainersPane.NewJobRequested) -> None:
        from .new_job import NewJobScreen

        self.app.push_screen(
            NewJobScreen(self.engine, container_url=message.container_url, prefix=message.prefix), self._submitted
        )

    @on(ContainersPane.ViewBlob)
    def view_blob(self, message: ContainersPane.ViewBlob) -> None:
        storage = self.engine.storage
        if storage is not None:
            self._view(
                sanitize_line(message.blob_name), partial(storage.open_blob, message.container_url, message.blob_name)
            )

    @on(JobDetail.ViewDocument)
    def view_document(self, message: JobDetail.ViewDocument) -> None:
        storage = self.engine.storage
        if storage is None:
            self.notify("This profile has no storage access, so documents cannot be opened.", severity="warning")
            return
        document = message.document
        title = sanitize_line(document.input.location.rsplit("/", 1)[-1])
        if message.which == "output" and document.output is not None:
            self._view(f"output · {title}", partial(storage.open_url, document.output.location))
        elif message.which == "input" or document.output is None:
            self._view(f"input · {title}", partial(storage.open_url, document.input.location))
        else:
            self._compare(message, title)

    def _view(self, title: str, open_blob: Callable[..., Awaitable[ByteSource]]) -> None:
        """Open the viewer, which opens the blob while it builds itself: one request brings the
        blob's size and its first screenful. If the blob cannot be opened, the viewer closes
        before it is drawn and `_viewer_closed` says why."""
        from ..blobview.chunks import CHUNK_SIZE
        from ..blobview.screens import BlobViewerScreen

        screen = BlobViewerScreen(title=title, opener=partial(open_blob, head=CHUNK_SIZE))
        self.app.push_screen(screen, self._viewer_closed)

    def _viewer_closed(self, error: Exception | None) -> None:
        if isinstance(error, DeidError):
            self._notify_error(error)
        elif error is not None:
            self.notify(sanitize_line(f"Could not open the blob: {error}"), severity="error", markup=False)

    @work(group="viewer", exclusive=True)
    async def _compare(self, message: JobDetail.ViewDocument, title: str) -> None:
        from ..blobview.screens import DocumentCompareScreen

        storage = self.engine.storage
        assert storage is not None and message.document.output is not None
        try:
            source = await storage.open_url(message.document.input.location)
            output = await storage.open_url(message.document.output.location)
        except DeidError as error:
            self._notify_error(error)
            return
        await self.app.push_screen(
            DocumentCompareScreen(source, output, operation=message.job.job.spec.operation.value, title=title)
        )
