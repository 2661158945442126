"""The main screen's engine events: each typed message (`tui/messages.py`) has its handler here,
and what the operator must hear of is announced (the service going away or coming back, jobs that
finished, the engine's notices). The queue updates only the changed rows, the detail pane only the
shown job; every job arrives as the cache's current view of it, whoever wrote it, so the queue and
the detail pane show the same truth. A mixin of `MainScreen`, which sets up the state it keeps; it
is a screen itself because Textual registers `@on` handlers only on message-pump classes.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer

from ...domain.briefs import JobBrief
from ...domain.errors import AuthError, CacheError, DeidError
from ...domain.rules import Outcome
from ...domain.sanitize import sanitize_line
from ...engine import Engine, EngineState, Fleet
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
from ..widgets.job_detail import JobDetail
from ..widgets.job_table import JobTable
from ..widgets.status_bar import StatusBar
from ..workers import run_guarded

if TYPE_CHECKING:
    from .job_details import JobDetailsScreen

FINISH_TOAST_DELAY = 5.0  # seconds: finished jobs are announced together
UNREACHABLE = (EngineState.OFFLINE, EngineState.SIGNED_OUT)


class EngineEvents(Screen[None]):
    engine: Engine
    fleet: Fleet | None
    details_shown: JobDetailsScreen | None
    _bell: bool
    _finished_buffer: list[JobBrief]
    _finish_timer: Timer | None

    engine_state: reactive[EngineState] = reactive(EngineState.STARTING, init=False)

    def set_last_sweep(self, at: datetime | None, service: str | None = None) -> None:
        """The status bar's "refreshed N ago" (the detail pane says its own job's age instead)."""
        status = self.query_one(StatusBar)
        if service is not None and service in status.services:
            known = status.services[service].last_sweep
            if at is not None and (known is None or at > known):
                status.set_service(service, last_sweep=at)
            return
        if at is not None and (status.last_sweep is None or at > status.last_sweep):
            status.last_sweep = at

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

    def _set_status(self, message: ServiceMessage, **changes: float) -> None:
        """Change what the status line says of the message's fleet service, or of the one engine."""
        service = self._for_service(message)
        status = self.query_one(StatusBar)
        if service is not None:
            status.set_service(service, **changes)
        else:
            for name, value in changes.items():  # the service's line and the bar name these alike
                setattr(status, name, value)

    @on(ThrottlingChanged)
    def throttling_changed(self, message: ThrottlingChanged) -> None:
        self._set_status(message, throttled_until=message.throttling.until)
        self._staleness_changed()

    @on(BudgetChanged)
    def budget_changed(self, message: BudgetChanged) -> None:
        self._set_status(message, budget_used=message.budget.used)

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
            state, throttled_until = service.state, service.throttled_until
        else:
            state, throttled_until = status.state, status.throttled_until
        online = {EngineState.ONLINE: True, EngineState.OFFLINE: False, EngineState.SIGNED_OUT: False}.get(state)
        remaining = max(0.0, throttled_until - time.monotonic())
        self.query_one(JobDetail).set_staleness(online, remaining, state)

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
