"""`:doctor`: the report `deidtui doctor` prints, for the dashboard's profile, on a screen of its own.

The checks run in a guarded worker with clients of their own (the engine's may be the thing that
is broken); the screen shows the table and the fixes once every check has answered. `r` runs them
again (after a fix), `D` adds the deep probe (a one-document Tag job, cleaned up afterwards).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...domain.sanitize import sanitize_line
from ..workers import run_guarded

if TYPE_CHECKING:
    from ...azure.credentials import DeviceCodePrompt
    from ...config import Profile
    from ...engine.doctor import Report


class DoctorScreen(Screen[None]):
    DEFAULT_CSS = """
    DoctorScreen #doctor-state { height: auto; padding: 0 1; }
    DoctorScreen #doctor-body { height: 1fr; padding: 0 1; }
    DoctorScreen #doctor-checks { width: 1fr; height: auto; }
    DoctorScreen #doctor-fixes { width: 1fr; height: auto; }
    """
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="doctor.close"),
        Binding("r", "rerun", "Run again", id="doctor.rerun", tooltip="Run every check again (after a fix)"),
        Binding(
            "D",
            "deep",
            "Deep",
            id="doctor.deep",
            tooltip="Also run a one-document Tag job through a probe folder (removed afterwards)",
        ),
    ]

    def __init__(
        self, profile: Profile, *, read_only: bool, device_code_prompt: DeviceCodePrompt | None = None
    ) -> None:
        super().__init__()
        self._profile = profile
        self._read_only = read_only
        self._device_code_prompt = device_code_prompt
        self.report: Report | None = None
        """The last report shown (None while the first run is under way)."""
        self.running = False

    def compose(self) -> ComposeResult:
        yield Static("", id="doctor-state", markup=False)
        with ScrollableContainer(id="doctor-body"):
            yield Static("", id="doctor-checks", markup=False)
            yield Static("", id="doctor-fixes", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._start(deep=False)

    def action_rerun(self) -> None:
        self._start(deep=False)

    def action_deep(self) -> None:
        self._start(deep=True)

    def _start(self, *, deep: bool) -> None:
        if self.running:
            return
        self.running = True
        what = "every check, with the deep probe," if deep else "every check"
        self._state(Text(f"Running {what} for profile {sanitize_line(self._profile.name)}…", style="bold"))
        run_guarded(self, self._diagnose(deep), group="doctor", exclusive=True, doing="running doctor")

    async def _diagnose(self, deep: bool) -> None:
        from ...engine.doctor import diagnose  # the Azure SDK: loaded when doctor runs, not before

        try:
            report = await diagnose(
                self._profile, read_only=self._read_only, deep=deep, device_code_prompt=self._device_code_prompt
            )
        finally:
            self.running = False
        self.show(report)

    def show(self, report: Report) -> None:
        """Show `report` (the table, the numbered fixes, the summary with the exit code)."""
        from ..doctor_view import fixes, summary, table

        self.report = report
        fix_lines = list(fixes(report))
        for line in fix_lines:  # on a screen, read rather than copied: wrapped, not cut at the edge
            line.no_wrap, line.overflow = False, "fold"
        heading = Text.assemble(summary(report), ("   r runs again · D adds the deep probe", "dim"))
        self._state(heading)
        self.query_one("#doctor-checks", Static).update(table(report))
        body = (
            Text("\n", overflow="fold").join([Text(""), Text("Fixes", style="bold underline"), *fix_lines])
            if fix_lines
            else ""
        )
        self.query_one("#doctor-fixes", Static).update(body)

    def _state(self, text: Text) -> None:
        self.query_one("#doctor-state", Static).update(text)
