"""Helpers for the job detail pane tests: a tiny app around `JobDetail`, screen text, inert-text checks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.segment import Segment
from textual import on
from textual.app import App, ComposeResult

from deidtui.domain.sanitize import is_clean
from deidtui.engine import DocumentsUpdated, Engine, JobUpdated, SweepFinished
from deidtui.tui.widgets.job_detail import JobDetail
from deidtui.tui.widgets.job_summary import Section

# ESC, the one-byte CSI/OSC/DCS/ST and BEL: anything a terminal would act on.
TERMINAL_CONTROLS = {"\x1b", "\x9b", "\x9d", "\x90", "\x9c", "\x07"}
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


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
            last_sweep = None
            async for batch in subscription:
                detail = self.detail
                for event in batch:
                    if isinstance(event, JobUpdated) and event.name == detail.shown_name:
                        detail.job_updated(event.job)
                        self.forwarded += 1
                    elif isinstance(event, DocumentsUpdated) and event.job_name == detail.shown_name:
                        detail.documents_updated(event)
                        self.forwarded += 1
                    elif isinstance(event, SweepFinished):
                        last_sweep = event.at
                detail.set_staleness(last_sweep, engine.online, 0.0)

        self.run_worker(forward(), group="forward", exclusive=True)


def section_text(app: DetailApp, name: str) -> str:
    return app.detail.query_one(f"#detail-{name}", Section).content.plain


def screen_segments(app: App) -> list[Segment]:
    """Every segment of the composed screen, as it would be written to the terminal."""
    return [segment for strip in app.screen._compositor.render_strips() for segment in strip]


def screen_lines(app: App) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: App) -> str:
    return "\n".join(screen_lines(app))


def assert_inert(segments: list[Segment]) -> None:
    """No segment carries a character a terminal would act on, or that reorders what the operator reads."""
    for segment in segments:
        text = segment.text
        assert segment.control is None, segment
        assert is_clean(text), f"unsafe character in {text!r}"
        assert not TERMINAL_CONTROLS & set(text), text
        assert not BIDI & set(text), text
        assert "\n" not in text and "\r" not in text and "\t" not in text, text
