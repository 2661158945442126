"""The job actions of the main screen: offered only where they apply, always confirmed when
destructive, reported as toasts. A mixin of `MainScreen` (its message handlers stay there, since
Textual registers `@on` handlers only on message-pump classes).

What applies is decided in one place, `why_unavailable`: the pane in focus and the selection here,
then the engine's own check (`Engine.cannot`: read-only, its state, the domain's rule for each
job). The key bar shows an action dim when it does not apply now and hides it when it never can
(read-only); a key, `:` command or palette entry invoked anyway answers with the reason
(`DeidApp.run_action`), never silently and never with an exception.

In the fleet view every job goes to its own service's engine (`Fleet`): a confirmation names the
service, and a bulk action across services says how many jobs it touches on each.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.screen import Screen

from ...domain.briefs import JobBrief
from ...domain.jobs import JobView
from ...domain.rules import Standing
from ...domain.sanitize import sanitize_line
from ...engine import Action, ActionResult, Engine, Fleet, SubmitRejected
from ...engine.fleet import ServiceResult, per_service
from ..toasts import toast
from ..widgets.job_detail import JobDetail
from ..widgets.job_table import JobTable
from ..workers import guarded_work

if TYPE_CHECKING:
    from collections.abc import Coroutine
    from typing import Any

    from .job_details import JobDetailsScreen

# The screen's action names and the engine's.
JOB_ACTIONS: dict[str, Action] = {
    "cancel_jobs": "cancel",
    "delete_jobs": "delete",
    "resubmit": "resubmit",
    "retry_failed": "retry_failed",
    "new_job": "submit",
}
ONE_AT_A_TIME = {"resubmit": "resubmit", "retry_failed": "retry"}


class JobActions(Screen[None]):
    engine: Engine
    fleet: Fleet | None
    details_shown: JobDetailsScreen | None = None  # the last `e` opened: it follows the cache's changes

    def engine_of(self, view: JobView | Standing) -> Engine:
        """The engine of the job's service (the only engine outside the fleet view)."""
        return self.fleet.engine_of(view) if self.fleet is not None else self.engine

    def _on(self, view: JobView | Standing) -> str:
        """` on SERVICE` in the fleet view (where a confirmation names the job's service), else ``."""
        return f" on {view.profile}" if self.fleet is not None else ""

    def _targets(self) -> list[JobBrief]:
        """What the queue keeps of the marked or highlighted jobs: enough to say what may be done
        (the engine checks each job again, as the cache has it, before acting)."""
        table = self.query_one(JobTable)
        return [job for name in table.selection() if (job := table.job(name)) is not None]

    async def _full_target(self) -> JobView | None:
        """The one marked or highlighted job, whole and as the cache has it now, or None."""
        targets = self._targets()
        if len(targets) != 1:
            return None
        table = self.query_one(JobTable)
        return await table.full_job(table.key_of(targets[0]))

    def _in_job_panes(self) -> bool:
        focused = self.focused
        return focused is not None and any(
            isinstance(node, JobTable | JobDetail) for node in focused.ancestors_with_self
        )

    def why_unavailable(self, action: str) -> str | None:
        """None when `action` (a screen action name) can run now, else why not, in one line."""
        if action == "details":
            if not self._in_job_panes():
                return "focus the job queue (1) or a job's details (3) first"
            return None if self._details_target() is not None else "no job is selected"
        engine_action = JOB_ACTIONS.get(action)
        if engine_action is None:
            return None
        if engine_action == "submit":
            return self.engine.cannot("submit")
        if not self._in_job_panes():
            return "focus the job queue (1) or a job's details (3) first"
        targets = self._targets()
        if not targets:
            return "no job is selected"
        verb = ONE_AT_A_TIME.get(action)
        if verb is not None and len(targets) != 1:
            return f"{verb} works on one job at a time, and {len(targets)} are marked"
        if self.fleet is not None:
            return self.fleet.cannot(engine_action, targets)
        return self.engine.cannot(engine_action, targets)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "details":  # reading only: offered in read-only sessions too
            if not self._in_job_panes():
                return False
            return True if self._details_target() is not None else None
        if action not in JOB_ACTIONS:
            return True
        if self.fleet is not None and action != "new_job":
            read_only = self.fleet.all_read_only  # a read-only service's jobs say why when asked
        else:
            read_only = self.engine.read_only
        if read_only:
            return False  # never possible in this session: not offered at all
        if action != "new_job" and not self._in_job_panes():
            return False  # another pane's keys are shown there
        return True if self.why_unavailable(action) is None else None  # shown dim

    def _details_target(self) -> JobView | JobBrief | None:
        """The job `e` describes: the detail pane's when it has the keys, else the queue's highlighted one."""
        detail = self.query_one(JobDetail)
        focused = self.focused
        if focused is not None and detail in focused.ancestors_with_self and detail.cached is not None:
            return detail.cached
        table = self.query_one(JobTable)
        return table.job(table.highlighted) if table.highlighted else None

    # -- the actions -------------------------------------------------------------------------------

    @guarded_work(group="details", exclusive=True, doing="showing a job's details")
    async def action_details(self) -> None:
        """Everything about the job, nothing cut; from the detail pane with its highlighted document."""
        target = self._details_target()
        if isinstance(target, JobBrief):  # the queue keeps a slim record: read the whole job
            table = self.query_one(JobTable)
            target = await table.full_job(table.key_of(target))
        view = target
        if view is None:
            return
        detail = self.query_one(JobDetail)
        focused = self.focused
        document = None
        if detail.shown_name == view.name and focused is not None and detail in focused.ancestors_with_self:
            document = detail.table.highlighted
        if detail.shown_name == view.name and detail.cached is not None:
            parent, children = detail.state.parent, list(detail.state.children)
        else:
            parent, children = await self.engine_of(view).lineage(view.name)
        from .job_details import JobDetailsScreen  # on first use: not part of the first frame

        self.details_shown = JobDetailsScreen(
            view, document=document, parent=parent, children=children, engine=self.engine_of(view)
        )
        await self.app.push_screen(self.details_shown)

    @guarded_work(group="actions", doing="cancelling jobs")
    async def action_cancel_jobs(self) -> None:
        targets = [view for view in self._targets() if view.status.is_active and not view.deleted]
        await self._act_on_many(
            targets,
            "Cancel",
            "job",
            "Documents not yet started will not be processed; outputs already written are kept.",
            "Cancel jobs",
            "cancel",
            "Canceled",
        )

    @guarded_work(group="actions", doing="deleting jobs")
    async def action_delete_jobs(self) -> None:
        targets = [view for view in self._targets() if view.status.is_terminal or view.deleted]
        await self._act_on_many(
            targets,
            "Delete",
            "job record",
            "The service forgets these jobs; their documents and outputs stay in storage. deidtui keeps their history.",
            "Delete",
            "delete",
            "Deleted",
        )

    async def _act_on_many(
        self,
        views: list[JobBrief],
        question: str,
        noun: str,
        detail: str,
        verb: str,
        action: Action,
        done: str,
    ) -> None:
        """Confirm, act on every job (each on its own service), report each outcome, clear the marks."""
        if not views:
            return
        plural = "s" if len(views) != 1 else ""
        if self.fleet is None:
            title = f"{question} {len(views)} {noun}{plural}?"
            names = [view.name for view in views]
        else:
            groups = self.fleet.by_service(views)
            where = per_service({service: len(group) for service, group in groups.items()}, noun)
            title = f"{question} {where}?" if len(groups) == 1 else f"{question} {len(views)} {noun}{plural}: {where}?"
            names = [f"{view.profile}/{view.name}" for view in views]
        if not await self._confirm(title, names, detail, verb=verb):
            return
        if self.fleet is not None:
            run = self.fleet.cancel if action == "cancel" else self.fleet.delete
            self._report_services(await run(views), done)
        else:
            act = self.engine.cancel if action == "cancel" else self.engine.delete
            self._report(await act([view.name for view in views]), done)
        self.query_one(JobTable).clear_marks()

    @guarded_work(group="actions", doing="resubmitting a job")
    async def action_resubmit(self) -> None:
        """The new-job form, filled in with the job's specification and the next free name
        (`-r2`...): overwrite and the target can be changed before it goes, and lineage is kept."""
        view = await self._full_target()  # its spec fills the form: read whole, as it is now
        if view is None:
            return
        engine = self.engine_of(view)  # the job's own service, in the fleet view
        name = await engine.resubmission_name(view.name)
        from .new_job import NewJobScreen

        screen = NewJobScreen(engine, spec=view.job.spec, name=name, parent=view.name)
        self.app.push_screen(screen, partial(self._resubmitted, self._on(view)))

    def _resubmitted(self, where: str, result: ActionResult | None) -> None:
        if result is not None:
            self._notify_submitted(result, f"Resubmitted{where}: {sanitize_line(result.name)}", title="Resubmitted")

    @guarded_work(group="actions", doing="retrying failed documents")
    async def action_retry_failed(self) -> None:
        """Say what a retry would do (what can succeed, what cannot and why) and let the operator
        choose: retry what can succeed, include the rest anyway, or nothing."""
        view = await self._full_target()
        if view is None:
            return
        engine = self.engine_of(view)
        plan = await engine.retry_plan(view.name)
        from .retry_plan import RetryPlanScreen  # on first use: not part of the first frame

        choice = await self.app.push_screen_wait(RetryPlanScreen(plan, view.job.spec.operation))
        if choice is None:
            return
        retry = engine.retry_failed(view.name, include_unretryable=choice == "all")
        await self._run_action(retry, "Retry submitted" + self._on(view))

    async def _confirm(self, title: str, names: list[str], detail: str, *, verb: str) -> bool:
        from .confirm import ConfirmScreen  # on first use: not part of the first frame

        screen: Screen[bool] = ConfirmScreen(title, names, detail, verb=verb)
        # Textual's overload solves the result type to the app's `object` here; the screen gives a bool.
        return bool(await self.app.push_screen_wait(screen))  # type: ignore[arg-type]

    async def _run_action(self, coroutine: Coroutine[Any, Any, ActionResult], verb: str) -> None:
        try:
            result = await coroutine
        except SubmitRejected as rejected:
            self.notify(
                "\n".join(sanitize_line(str(p)) for p in rejected.check.problems),
                title="Not submitted",
                severity="error",
                timeout=12,
            )
            return
        self._notify_submitted(result, f"{verb}: {sanitize_line(result.name)}", title=verb)

    def _report(self, results: list[ActionResult], verb: str, service: str | None = None) -> None:
        ok = [r for r in results if r.ok]
        failed = [r for r in results if not r.ok]
        where = f" on {sanitize_line(service)}" if service else ""
        if ok:
            self.notify(", ".join(sanitize_line(r.name) for r in ok), title=f"{verb} {len(ok)}{where}", timeout=6)
        for result in failed:
            self.notify(
                sanitize_line(result.message),
                title=f"{sanitize_line(result.name)}{where}: not done",
                severity="warning",
                timeout=10,
            )

    def _report_services(self, results: list[ServiceResult], verb: str) -> None:
        """Each service's outcomes, named by service."""
        by_service: dict[str, list[ActionResult]] = {}
        for item in results:
            by_service.setdefault(item.service, []).append(item.result)
        for service, service_results in by_service.items():
            self._report(service_results, verb, service)

    def action_new_job(self) -> None:
        from .new_job import NewJobScreen

        self.app.push_screen(NewJobScreen(self.engine), self._submitted)

    def _submitted(self, result: ActionResult | None) -> None:
        if result is not None:
            where = f" on {sanitize_line(self.engine.name)}" if self.fleet is not None else ""
            self._notify_submitted(result, f"Submitted {sanitize_line(result.name)}{where}", title="Job submitted")

    def _notify_submitted(self, result: ActionResult, text: str, *, title: str) -> None:
        """A submitted job, with the warnings its check raised."""
        body = Text(text)
        for warning in result.warnings:
            body.append("\n⚠ " + sanitize_line(warning), style="yellow")
        toast(self, body, title=title, timeout=10)
