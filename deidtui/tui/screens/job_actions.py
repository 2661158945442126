"""The job actions of the main screen: offered only where they apply, always confirmed when
destructive, reported as toasts. A mixin of `MainScreen` (its message handlers stay there, since
Textual registers `@on` handlers only on message-pump classes)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work

from ...cache import CachedJob
from ...domain.errors import DeidError
from ...domain.sanitize import sanitize_line
from ..widgets.job_detail import JobDetail
from ..widgets.job_table import JobTable

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget

    from ...engine import ActionResult


def notify_error(node: Widget | App, error: DeidError, *, timeout: float = 15) -> None:
    """A toast for a DeidError: what happened, the service's own words (dim), and the fix (bold)."""
    body = Text(sanitize_line(error.detail or ""))
    if error.service_message:
        body.append("\n" + sanitize_line(error.service_message), style="dim")
    if error.hint:
        body.append("\n" + sanitize_line(error.hint), style="bold")
    node.notify(body, title=sanitize_line(error.title), severity="error", timeout=timeout)


class JobActions:
    def _targets(self) -> list[CachedJob]:
        table = self.query_one(JobTable)
        return [job for name in table.selection() if (job := table.job(name)) is not None]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        job_actions = {"cancel_jobs", "delete_jobs", "resubmit", "retry_failed", "new_job"}
        if action not in job_actions:
            return True
        if self.engine.read_only:
            return False  # hidden and blocked
        if action == "new_job":
            return True
        focused = self.focused
        if focused is None or not (
            isinstance(focused, JobTable)
            or focused in self.query_one(JobDetail).walk_children()
            or focused is self.query_one(JobDetail)
        ):
            return False
        targets = self._targets()
        if not targets:
            return None
        if action == "cancel_jobs":
            return True if any(j.status.is_active and not j.deleted for j in targets) else None
        if action == "delete_jobs":
            return True if any(j.status.is_terminal for j in targets) else None
        if len(targets) != 1:
            return None  # resubmit and retry act on one job
        job = targets[0]
        if action == "resubmit":
            return True if job.status.is_terminal else None
        summary = job.job.summary
        return True if job.status.is_terminal and summary is not None and summary.failed > 0 else None

    @work(group="actions")
    async def action_cancel_jobs(self) -> None:
        targets = [j.name for j in self._targets() if j.status.is_active]
        await self._act_on_many(
            targets,
            f"Cancel {len(targets)} job{'s' if len(targets) != 1 else ''}?",
            "Documents not yet started will not be processed; outputs already written are kept.",
            "Cancel jobs",
            self.engine.actions.cancel,
            "Canceled",
        )

    @work(group="actions")
    async def action_delete_jobs(self) -> None:
        targets = [j.name for j in self._targets() if j.status.is_terminal]
        await self._act_on_many(
            targets,
            f"Delete {len(targets)} job record{'s' if len(targets) != 1 else ''}?",
            "The service forgets these jobs; their documents and outputs stay in storage. deidtui keeps their history.",
            "Delete",
            self.engine.actions.delete,
            "Deleted",
        )

    async def _act_on_many(
        self,
        names: list[str],
        question: str,
        detail: str,
        verb: str,
        act: Callable[[list[str]], Awaitable[list[ActionResult]]],
        done: str,
    ) -> None:
        """Confirm, act on every named job, report each outcome, and clear the marks."""
        if not names or not await self._confirm(question, names, detail, verb=verb):
            return
        self._report(await act(names), done)
        self.query_one(JobTable).clear_marks()

    @work(group="actions")
    async def action_resubmit(self) -> None:
        targets = self._targets()
        if len(targets) != 1:
            return
        name = targets[0].name
        if not await self._confirm(
            f"Resubmit {name}?",
            [name],
            "A new job with the same specification is submitted under a new name (e.g. -r2).",
            verb="Resubmit",
        ):
            return
        await self._run_action(self.engine.actions.resubmit(name), "Resubmitted")

    @work(group="actions")
    async def action_retry_failed(self) -> None:
        targets = self._targets()
        if len(targets) != 1:
            return
        job = targets[0]
        failed = job.job.summary.failed if job.job.summary else 0
        if not await self._confirm(
            f"Retry the {failed} failed document(s) of {job.name}?",
            [job.name],
            "The failed inputs are copied under _retry/ in the same container and a new job writes their "
            "outputs where this job would have. Consistent surrogation does not span the two jobs.",
            verb="Retry",
        ):
            return
        await self._run_action(self.engine.actions.retry_failed(job.name), "Retry submitted")

    async def _confirm(self, title: str, names: list[str], detail: str, *, verb: str) -> bool:
        from .confirm import ConfirmScreen  # on first use: not part of the first frame

        return bool(await self.app.push_screen_wait(ConfirmScreen(title, names, detail, verb=verb)))

    async def _run_action(self, coroutine, verb: str) -> None:
        from ...engine import SubmitRejected

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
        except DeidError as error:
            self._notify_error(error)
            return
        self._notify_submitted(result, f"{verb}: {sanitize_line(result.name)}", title=verb)

    def _report(self, results, verb: str) -> None:
        ok = [r for r in results if r.ok]
        failed = [r for r in results if not r.ok]
        if ok:
            self.notify(", ".join(sanitize_line(r.name) for r in ok), title=f"{verb} {len(ok)}", timeout=6)
        for result in failed:
            self.notify(
                sanitize_line(result.message),
                title=f"{sanitize_line(result.name)}: not done",
                severity="warning",
                timeout=10,
            )

    def _notify_error(self, error: DeidError) -> None:
        notify_error(self, error)

    def action_new_job(self) -> None:
        from .new_job import NewJobScreen

        self.app.push_screen(NewJobScreen(self.engine), self._submitted)

    def _submitted(self, result) -> None:
        if result is not None:
            self._notify_submitted(result, f"Submitted {sanitize_line(result.name)}", title="Job submitted")

    def _notify_submitted(self, result, text: str, *, title: str) -> None:
        """A submitted job, with the warnings its check raised."""
        body = Text(text)
        for warning in result.warnings:
            body.append("\n⚠ " + sanitize_line(warning), style="yellow")
        self.notify(body, title=title, timeout=10)
