"""The dashboard: containers, the job queue, and the selected job's live status, side by side.

Engine events arrive as typed messages (`tui/messages.py`), each with its handler here: the queue
updates only the changed rows, the detail pane only the shown job. Every job arrives as the
cache's current view of it, whoever wrote it, so the queue and the detail pane show the same
truth. Job actions are bound here (see `job_actions.py`): offered only where they apply, and a key
pressed where one does not apply says why.

In the fleet view (`fleet`), the queue holds the jobs of several services (a SERVICE column, rows
keyed `service/name`), the status line says how each service stands, the detail pane reads the
shown job from its own service's engine, and every action goes to the job's own service. `engine`
is then the fleet's primary: the storage pane browses its storage and new jobs go to it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

from ...domain.briefs import JobBrief, brief_of
from ...domain.errors import AuthError, CacheError, DeidError
from ...domain.jobs import JobView
from ...domain.rules import Outcome
from ...domain.sanitize import sanitize_line
from ...engine import Engine, EngineState, Fleet
from ..errors import report_error
from ..messages import (
    BudgetChanged,
    CacheRebuilt,
    JobsChanged,
    NoticeReceived,
    ServiceMessage,
    StatusChanged,
    SweepDone,
    ThrottlingChanged,
)
from ..toasts import toast
from ..widgets.command_line import CommandLine
from ..widgets.containers import ContainersPane
from ..widgets.job_detail import JobDetail
from ..widgets.job_table import JobTable
from ..widgets.key_hints import KeyHints
from ..widgets.status_bar import StatusBar
from ..workers import guarded_work, run_guarded
from .job_actions import JobActions
from .pane_layout import CONTAINERS_MIN_WIDTH, PANE_TITLES, WIDE_SCREEN, Arrangement, Pane, arrange

if TYPE_CHECKING:
    from ..blobview.source import ByteSource


FIRST_SCREEN_JOBS = 100  # more rows than the tallest usual terminal shows
FINISH_TOAST_DELAY = 5.0  # seconds: finished jobs are announced together
SELECT_DELAY = 0.15  # seconds the cursor rests on a job before the detail pane reads it
UNREACHABLE = (EngineState.OFFLINE, EngineState.SIGNED_OUT)


class MainScreen(JobActions):
    AUTO_FOCUS = "#jobs"  # the queue is where an operator starts, whatever pane comes first
    DEFAULT_CSS = """
    MainScreen #body { height: 1fr; }
    MainScreen #containers { width: 34; border-right: solid $panel-lighten-2; }
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
            tooltip="Focus (and show) the storage containers pane; alone on narrow screens",
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
        Binding(
            "R",
            "resubmit",
            "Resubmit",
            id="jobs.resubmit",
            tooltip="Submit the same spec under a new name, through the new-job form (overwrite and target can change)",
        ),
        Binding(
            "F",
            "retry_failed",
            "Retry failed",
            id="jobs.retry_failed",
            tooltip="Copy the failed inputs a retry can fix and submit a job over just those",
        ),
        Binding(
            "e",
            "details",
            "Details",
            id="jobs.details",
            tooltip="Everything about the job, nothing cut: spec, whole error, lineage, the highlighted document",
        ),
        Binding("escape", "back", "Back", show=False, id="app.back"),
        Binding(
            "b",
            "toggle_containers",
            "Storage pane",
            show=False,
            id="pane.toggle_containers",
            tooltip="Show or hide the storage pane",
        ),
        Binding("ctrl+r,f5", "refresh", "Refresh", show=False, id="app.refresh", tooltip="Refresh every job now"),
    ]

    engine_state: reactive[EngineState] = reactive(EngineState.STARTING, init=False)

    def __init__(
        self,
        engine: Engine,
        *,
        fleet: Fleet | None = None,
        profiles: list[str] | None = None,
        bell: bool = False,
        first_jobs: list[JobView] | None = None,
    ) -> None:
        """`first_jobs`: the newest screenful of the cache (`read_first_screen`), shown from the first
        frame on; the cache's feed brings the rest."""
        super().__init__()
        self.engine = engine
        self.fleet = fleet
        self._first_jobs = first_jobs
        self._profiles = profiles or []
        self._bell = bell
        self._select_timer: Timer | None = None
        self._finished_buffer: list[JobBrief] = []
        self._finish_timer: Timer | None = None
        self.select_delay = SELECT_DELAY
        self.first_frame = asyncio.Event()  # set once the first frame is drawn: heavier work waits for it
        self._pane: Pane = "jobs"  # the pane chosen last (1 2 3, enter, esc, focus)
        self._job_pane: Pane = "jobs"  # the last of the queue and the detail pane
        self._storage_open = True  # where it fits beside the others: `b` hides it
        self._storage_alone = False  # the storage pane spans the screen
        self._key_hints = KeyHints()

    # -- layout -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The layout is set right before the panes mount: changing it later restyles them.
        width, height = self.app.size
        self.set_class(width >= WIDE_SCREEN, "-wide", update=False)
        self._storage_open = width >= CONTAINERS_MIN_WIDTH
        services = self.fleet.names if self.fleet is not None else None
        # The queue is drawn first; these two panes mount their parts in the next frame.
        containers = ContainersPane(self.engine, id="containers", defer_parts=True)
        right = Vertical(id="right")
        jobs = JobTable(id="jobs", services=services)
        jobs.read_job = lambda job: self.engine_of(job).job(job.name)  # from the job's own service
        detail = JobDetail(self.engine, id="detail", defer_parts=True)
        self._apply_arrangement(self._arrangement(width, height), containers, right, jobs, detail)
        yield StatusBar(id="status", services=services)
        with Horizontal(id="body"):
            yield containers
            with right:
                yield Input(
                    placeholder="filter: text  re:REGEX  status:failed  op:tag  !term   (enter keeps, esc clears)",
                    id="filter",
                )
                yield jobs
                yield detail
        yield CommandLine(self._profiles)
        yield self._key_hints

    def on_mount(self) -> None:
        status = self.query_one(StatusBar)
        status.profile = self.engine.name
        status.read_only = self.engine.read_only
        status.budget_limit = self.engine.profile.poll.budget_requests
        for engine in self.fleet or ():
            status.set_service(
                engine.name, read_only=engine.read_only, budget_limit=engine.profile.poll.budget_requests
            )
        self.query_one(JobTable).focus()
        self.call_after_refresh(self.first_frame.set)
        self.set_interval(5.0, self._tick)
        if self._first_jobs is not None:
            first, self._first_jobs = self._first_jobs, None
            self._apply_briefs([brief_of(view) for view in first])

    def on_resize(self) -> None:
        self.set_class(self.size.width >= WIDE_SCREEN, "-wide")
        self._arrange_panes()

    def _arrangement(self, width: int, height: int) -> Arrangement:
        return arrange(width, height, self._pane, self._job_pane, self._storage_open)

    def _arrange_panes(self) -> None:
        """Show the panes the screen's size and the operator's choice call for (`pane_layout.py`)."""
        self._apply_arrangement(
            self._arrangement(*self.size),
            self.query_one(ContainersPane),
            self.query_one("#right", Vertical),
            self.query_one(JobTable),
            self.query_one(JobDetail),
        )

    def _apply_arrangement(
        self, arrangement: Arrangement, containers: ContainersPane, right: Vertical, jobs: JobTable, detail: JobDetail
    ) -> None:
        # On the parts themselves, and only what changes: a class would restyle every pane's subtree.
        for widget, shown in (
            (containers, arrangement.containers),
            (right, arrangement.jobs or arrangement.detail),
            (jobs, arrangement.jobs),
            (detail, arrangement.detail),
        ):
            if widget.display != shown:
                widget.display = shown
        if arrangement.storage_alone != self._storage_alone:
            self._storage_alone = arrangement.storage_alone
            spans = arrangement.storage_alone
            containers.styles.width = "1fr" if spans else None  # None: back to its CSS width and border
            containers.styles.border_right = ("none", "transparent") if spans else None
        alone = arrangement.alone
        self._key_hints.show_pane(PANE_TITLES[alone] if alone else None, f"pane.{alone}" if alone else None)

    def _tick(self) -> None:
        self.query_one(JobTable).tick()

    @staticmethod
    async def read_first_screen(engine: Engine) -> list[JobView]:
        """The newest screenful of cached jobs, read before the screen is built so that its first
        frame shows them, without waiting for 10,000 (nor for the cache to open, if it can be read
        directly)."""
        first = engine.peek_jobs(FIRST_SCREEN_JOBS)
        return first if first is not None else await engine.jobs(limit=FIRST_SCREEN_JOBS)

    def set_last_sweep(self, at: datetime | None, service: str | None = None) -> None:
        status = self.query_one(StatusBar)
        if service is not None and service in status.services:
            known = status.services[service].last_sweep
            if at is not None and (known is None or at > known):
                status.set_service(service, last_sweep=at)
                self._staleness_changed()
            return
        if at is not None and (status.last_sweep is None or at > status.last_sweep):
            status.last_sweep = at
            self._staleness_changed()

    # -- the fleet view's services ----------------------------------------------------------------

    @property
    def current_engine(self) -> Engine:
        """The engine of the highlighted job's service (the only one outside the fleet view)."""
        table = self.query_one(JobTable)
        key = table.highlighted
        view = table.job(key) if key is not None else None
        return self.engine_of(view) if view is not None else self.engine

    # -- engine events ---------------------------------------------------------------------------------

    @on(JobsChanged)
    def jobs_changed(self, message: JobsChanged) -> None:
        self._apply_briefs(message.briefs)

    def _apply_briefs(self, briefs: list[JobBrief] | tuple[JobBrief, ...]) -> None:
        table = self.query_one(JobTable)
        detail = self.query_one(JobDetail)
        finished: list[JobBrief] = []
        for brief in briefs:
            if table.finished_by(brief):  # unfinished as the queue holds it, finished in this state
                finished.append(brief)
            if detail.follows(brief.name) and brief.profile == detail.engine.name:
                detail.brief_changed(brief)
        table.upsert(briefs)
        details = self.details_shown
        if details is not None:
            if details in self.app.screen_stack:
                details.briefs_changed(briefs)
            else:
                self.details_shown = None  # closed
        if finished:
            self._announce_finished(finished)
        self._update_counts()
        if not set(table.selection()).isdisjoint(table.key_of(brief) for brief in briefs):
            self.refresh_bindings()  # what applies to the selected jobs may have changed

    @on(CacheRebuilt)
    def cache_rebuilt(self, message: CacheRebuilt) -> None:
        """Drop every job read from the damaged file (its revisions would outrank the fresh file's
        states of the same jobs, and jobs only it knew would stay for good); the fresh file's jobs
        follow. The detail pane reads its job again, from the fresh file."""
        service = self._for_service(message)
        profile = service if service is not None else self.engine.name
        table = self.query_one(JobTable)
        table.remove_jobs(table.keys_of(profile))
        detail = self.query_one(JobDetail)
        if detail.engine.name == profile and detail.shown_name is not None:
            run_guarded(self, detail.show_job(detail.shown_name), group="detail", exclusive=True)
        self._update_counts()
        self.refresh_bindings()

    @on(StatusChanged)
    def status_changed(self, message: StatusChanged) -> None:
        status = message.status
        bar = self.query_one(StatusBar)
        if message.service is not None and message.service in bar.services:
            previous = bar.services[message.service].state
            in_memory = self.fleet is not None and self.fleet.engine(message.service).cache_problem is not None
            bar.set_service(message.service, state=status.state, problem=status.problem, cache_in_memory=in_memory)
            self._announce_state(previous, status.state, status.problem, service=message.service)
        else:
            bar.state, bar.problem = status.state, status.problem
            bar.cache_in_memory = self.engine.cache_problem is not None
            previous, self.engine_state = self.engine_state, status.state
            self._announce_state(previous, status.state, status.problem)
        self._staleness_changed()
        self.refresh_bindings()

    def _for_service(self, message: ServiceMessage) -> str | None:
        """The fleet service a message is about, or None outside the fleet view."""
        services = self.query_one(StatusBar).services
        return message.service if message.service is not None and message.service in services else None

    @on(ThrottlingChanged)
    def throttling_changed(self, message: ThrottlingChanged) -> None:
        service = self._for_service(message)
        if service is not None:
            self.query_one(StatusBar).set_service(service, throttled_until=message.throttling.until)
        else:
            self.query_one(StatusBar).throttled_until = message.throttling.until
        self._staleness_changed()

    @on(BudgetChanged)
    def budget_changed(self, message: BudgetChanged) -> None:
        service = self._for_service(message)
        if service is not None:
            self.query_one(StatusBar).set_service(service, budget_used=message.budget.used)
        else:
            self.query_one(StatusBar).budget_used = message.budget.used

    @on(SweepDone)
    def sweep_done(self, message: SweepDone) -> None:
        self.set_last_sweep(message.sweep.at, self._for_service(message))

    @on(NoticeReceived)
    def notice_received(self, message: NoticeReceived) -> None:
        notice = message.notice
        severity: SeverityLevel = "information" if notice.level == "info" else notice.level
        service = self._for_service(message)
        toast(
            self,
            Text(sanitize_line(notice.detail or "")),
            title=sanitize_line(f"{service}: {notice.title}" if service else notice.title),
            severity=severity,
            timeout=8,
        )

    def _staleness_changed(self) -> None:
        import time

        status = self.query_one(StatusBar)
        service = status.services.get(self.query_one(JobDetail).engine.name)
        if service is not None:  # the fleet view: the shown job's own service
            state, last_sweep, throttled_until = service.state, service.last_sweep, service.throttled_until
        else:
            state, last_sweep, throttled_until = status.state, status.last_sweep, status.throttled_until
        online = {EngineState.ONLINE: True, EngineState.OFFLINE: False, EngineState.SIGNED_OUT: False}.get(state)
        remaining = max(0.0, throttled_until - time.monotonic())
        self.query_one(JobDetail).set_staleness(last_sweep, online, remaining, state)

    def _announce_state(
        self, previous: EngineState, state: EngineState, problem: DeidError | None, *, service: str | None = None
    ) -> None:
        """Say when the service goes away or comes back; a normal start says nothing. In the fleet
        view each toast names its service."""
        named = f"{sanitize_line(service)}: " if service else ""
        if state is EngineState.ONLINE:
            if previous in UNREACHABLE:
                self.notify(f"{named}the service answers again.", title=f"{named}back online", timeout=4)
            return
        if state not in (*UNREACHABLE, EngineState.FAILED) or state is previous:
            return
        severity: SeverityLevel = (
            "error" if isinstance(problem, AuthError) or state is EngineState.FAILED else "warning"
        )
        body = Text(sanitize_line(problem.detail if problem else "The service did not answer."))
        if problem is not None and problem.hint:
            body.append("\n" + sanitize_line(problem.hint), style="bold")
        body.append("\nShowing cached jobs; they refresh when the service is back.", style="dim")
        if not isinstance(problem, CacheError):
            body.append("\nType :doctor to find out why, with the fix.", style="bold")
        title = problem.title if problem else "Offline"
        toast(self, body, title=named + sanitize_line(title), severity=severity, timeout=15)

    def _announce_finished(self, jobs: list[JobBrief]) -> None:
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
            failed = sum(1 for job in jobs if job.outcome is not Outcome.SUCCEEDED)
            self.notify(
                f"{len(jobs)} jobs finished, {failed} not successfully.",
                title="Jobs finished",
                severity="warning" if failed else "information",
            )
            return
        for job in jobs:
            outcome = job.outcome
            detail = f"{job.succeeded}/{job.total} documents" if job.total else outcome.value
            where = f"{job.profile}: " if self.fleet is not None else ""
            self.notify(
                detail,
                title=f"{sanitize_line(where + job.name)} {outcome.value}",
                severity="information" if outcome is Outcome.SUCCEEDED else "error",
                timeout=8,
            )

    def _update_counts(self) -> None:
        table = self.query_one(JobTable)
        status = self.query_one(StatusBar)
        status.jobs_shown = table.row_count
        status.jobs_total = table.total_count
        status.marked = len(table.marked)

    # -- selection --------------------------------------------------------------------------------------

    @on(JobTable.Highlighted)
    def job_highlighted(self, message: JobTable.Highlighted) -> None:
        # Fast scrolling would otherwise load every job it passes: wait until the cursor rests.
        if self._select_timer is not None:
            self._select_timer.stop()
            self._select_timer = None
        if self.select_delay <= 0:
            self._show(message.name)
        else:
            self._select_timer = self.set_timer(self.select_delay, lambda: self._show(message.name))
        self.refresh_bindings()

    def _show(self, key: str | None) -> None:
        detail = self.query_one(JobDetail)
        if self.fleet is None:
            self.engine.select(key)
            name = key
        else:  # the detail pane reads the job from its own service; the others follow no job
            view = self.query_one(JobTable).job(key) if key is not None else None
            engine = self.fleet.engine_of(view) if view is not None else detail.engine
            name = view.name if view is not None else None
            for other in self.fleet:
                other.select(name if other is engine else None)
            if engine is not detail.engine:
                detail.engine = engine
                self._staleness_changed()
        run_guarded(self, detail.show_job(name), group="detail", exclusive=True)

    @on(JobTable.Opened)
    def job_opened(self, message: JobTable.Opened) -> None:
        self.action_focus_pane("detail")

    @on(JobTable.MarksChanged)
    def marks_changed(self, message: JobTable.MarksChanged) -> None:
        self._update_counts()
        self.refresh_bindings()

    # -- panes, filter, command line ------------------------------------------------------------------------

    def action_focus_pane(self, pane: Pane) -> None:
        """Show `pane` (alone, where panes take turns) and give it the keys."""
        self._choose(pane)
        self.query_one(f"#{pane}").focus()

    def _choose(self, pane: Pane) -> None:
        self._pane = pane
        if pane != "containers":
            self._job_pane = pane
        elif self.size.width >= CONTAINERS_MIN_WIDTH:
            self._storage_open = True
        self._arrange_panes()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Focus that moves by other means (tab, a click, a pane handing it on) chooses its pane too."""
        pane = self._pane_of(event.widget)
        if pane is not None and pane != self._pane:
            self._choose(pane)

    @staticmethod
    def _pane_of(widget: Widget) -> Pane | None:
        for node in widget.ancestors_with_self:
            if node.id in ("containers", "detail", "jobs"):
                return node.id  # type: ignore[return-value]
            if node.id == "right":
                return "jobs"  # the filter belongs to the queue
        return None

    def action_toggle_containers(self) -> None:
        if self.size.width < CONTAINERS_MIN_WIDTH:  # the storage pane can only be shown alone
            self.action_focus_pane(self._job_pane if self._pane == "containers" else "containers")
            return
        self._storage_open = not self._storage_open
        if not self._storage_open and self._pane == "containers":
            self.action_focus_pane(self._job_pane)
        else:
            self._arrange_panes()

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
            job_filter = parse_filter(text, self.fleet.names if self.fleet is not None else ())
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
            self.action_focus_pane("jobs")

    def action_refresh(self) -> None:
        if self.fleet is not None:
            asked = self.fleet.refresh()
            if not asked:
                self.notify("Cannot refresh: no service can be reached now.", title="Refresh", severity="warning")
            else:
                self.notify(f"Refreshing every job of {', '.join(asked)}…", timeout=2)
            return
        reason = self.engine.cannot("preview")  # anything that cannot reach the service
        if reason is not None:
            self.notify(f"Cannot refresh: {reason}.", title="Refresh", severity="warning")
            return
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
            self.action_focus_pane(command.name)  # type: ignore[arg-type]
        elif command.name == "filter":
            box = self.query_one("#filter", Input)
            box.value = command.argument
            box.add_class("-open")
            self._apply_filter(command.argument)
        elif command.name == "sort":
            sorts = self.query_one(JobTable).sorts
            if command.argument not in sorts:
                self.notify(f"sort by one of: {', '.join(sorts)}", title=":sort", severity="warning")
            else:
                self.query_one(JobTable).set_sort(command.argument)
        elif command.name == "new":
            await self.run_action("new_job")  # checked and explained like the key
        elif command.name == "refresh":
            self.action_refresh()
        else:
            await self.app.run_command(command.name, command.argument)  # type: ignore[attr-defined]

    @on(ContainersPane.NewJobRequested)
    def new_job_from_prefix(self, message: ContainersPane.NewJobRequested) -> None:
        reason = self.why_unavailable("new_job")
        if reason is not None:
            self.notify(f"Cannot create a job: {reason}.", title="New job", severity="warning")
            return
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
        storage = self.engine_of(message.job).storage
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
        if error is not None:
            report_error(self, error, doing="opening a blob")

    @guarded_work(group="viewer", exclusive=True, doing="opening a document")
    async def _compare(self, message: JobDetail.ViewDocument, title: str) -> None:
        from ..blobview.screens import DocumentCompareScreen

        storage = self.engine_of(message.job).storage
        output = message.document.output
        if storage is None or output is None:
            return
        source = await storage.open_url(message.document.input.location)
        result = await storage.open_url(output.location)
        await self.app.push_screen(
            DocumentCompareScreen(source, result, operation=message.job.spec.operation.value, title=title)
        )
