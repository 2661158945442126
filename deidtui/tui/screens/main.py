"""The dashboard: containers, the job queue, and the selected job's live status, side by side.

The screen lays out the panes and holds the selection, the filter and the command line; the rest
of its work is in mixins, a module each: the engine's events and what they announce
(`main_events.py`), which panes are shown and which has the keys (`main_panes.py`), and opening
blobs and documents in the viewer (`main_viewing.py`). Job actions are bound here (see
`job_actions.py`): offered only where they apply, and a key pressed where one does not apply says
why.

In the fleet view (`fleet`), the queue holds the jobs of several services (a SERVICE column, rows
keyed `service/name`), the status line says how each service stands, the detail pane reads the
shown job from its own service's engine, and every action goes to the job's own service. `engine`
is then the fleet's primary: the storage pane browses its storage and new jobs go to it.
"""

from __future__ import annotations

import asyncio

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Input

from ...domain.briefs import JobBrief, brief_of
from ...domain.jobs import JobView
from ...engine import Engine, Fleet
from ..widgets.command_line import CommandLine
from ..widgets.containers import ContainersPane
from ..widgets.job_detail import JobDetail
from ..widgets.job_table import JobTable
from ..widgets.key_hints import KeyHints
from ..widgets.status_bar import StatusBar
from ..workers import run_guarded
from .job_actions import JobActions
from .main_events import EngineEvents
from .main_panes import PaneChoice
from .main_viewing import BlobViewing
from .pane_layout import CONTAINERS_MIN_WIDTH, WIDE_SCREEN, Pane

FIRST_SCREEN_JOBS = 100  # more rows than the tallest usual terminal shows
SELECT_DELAY = 0.15  # seconds the cursor rests on a job before the detail pane reads it


class MainScreen(JobActions, EngineEvents, PaneChoice, BlobViewing):
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

    def _tick(self) -> None:
        self.query_one(JobTable).tick()

    @staticmethod
    async def read_first_screen(engine: Engine) -> list[JobView]:
        """The newest screenful of cached jobs, read before the screen is built so that its first
        frame shows them, without waiting for 10,000 (nor for the cache to open, if it can be read
        directly)."""
        first = engine.peek_jobs(FIRST_SCREEN_JOBS)
        return first if first is not None else await engine.jobs(limit=FIRST_SCREEN_JOBS)

    # -- the fleet view's services ----------------------------------------------------------------

    @property
    def current_engine(self) -> Engine:
        """The engine of the highlighted job's service (the only one outside the fleet view)."""
        table = self.query_one(JobTable)
        key = table.highlighted
        view = table.job(key) if key is not None else None
        return self.engine_of(view) if view is not None else self.engine

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

    # -- filter, command line ------------------------------------------------------------------------

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
