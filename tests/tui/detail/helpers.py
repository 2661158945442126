"""Helpers for the job detail pane tests: a tiny app around `JobDetail`, screen text, inert-text checks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import on
from textual.app import App, ComposeResult

from deidtui.engine import Engine, JobChanged
from deidtui.tui.widgets.job_detail import JobDetail
from deidtui.tui.widgets.job_summary import Section
from tests.support import BIDI, TERMINAL_CONTROLS, assert_inert, screen_lines, screen_segments, screen_text, until  # noqa: F401


class DetailApp(App[None]):
    """Mounts one `JobDetail`, records the `ViewDocument` messages it posts, and can forward engine events."""

    def __init__(self, engine, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.engine = engine
        self.clock = clock
        self.viewed: list[JobDetail.ViewDocument] = []
        self.forwarded = 0

    def compose(self) -> ComposeResult:
        yield JobDetail(self.engine, id="detail", clock=self.clock)

    def on_mount(self) -> None:
        self.detail.focus()

    @property
    def detail(self) -> JobDetail:
        return self.query_one(JobDetail)

    @on(JobDetail.ViewDocument)
    def record_view(self, message: JobDetail.ViewDocument) -> None:
        self.viewed.append(message)

    def forward_events(self, engine: Engine) -> None:
        """What the main screen does: pass the shown job's events and the staleness to the pane."""
        subscription = engine.subscribe()

        async def forward() -> None:
            async for batch in subscription:
                detail = self.detail
                for event in batch:
                    if isinstance(event, JobChanged) and detail.follows(event.brief.name):
                        detail.brief_changed(event.brief)
                        self.forwarded += 1
                detail.set_staleness(engine.online, 0.0)

        self.run_worker(forward(), group="forward", exclusive=True)


def section_text(app: DetailApp, name: str) -> str:
    return app.detail.query_one(f"#detail-{name}", Section).content.plain
