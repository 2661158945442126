"""The app-wide actions and `:` commands: the command line, the keys, activity, doctor, theme, quit.

`:profile` and `:fleet` go to the app's `switch_profile` and `switch_fleet`. Each screen's module is
imported when the screen is first opened. A mixin of `DeidApp`; a plain class at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.sanitize import sanitize_line
from ..engine import Engine, Fleet
from .screens.main import MainScreen

if TYPE_CHECKING:
    from textual.app import App

    _App = App[None]
else:
    _App = object


class AppCommands(_App):
    fleet: Fleet | None
    engine: Engine

    if TYPE_CHECKING:  # `DeidApp` has them

        def show_device_code(self, verification_uri: str, user_code: str, expires_on) -> None: ...
        async def switch_profile(self, name: str) -> None: ...
        async def switch_fleet(self, argument: str) -> None: ...

    # -- app-wide actions -------------------------------------------------------------------------

    def action_command_line(self) -> None:
        if isinstance(self.screen, MainScreen):
            self.screen.open_command_line()

    def action_help(self) -> None:
        from .screens.help import HelpScreen, key_sections

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(key_sections(self.screen)))

    def action_activity(self) -> None:
        from .screens.activity import ActivityScreen

        if not isinstance(self.screen, ActivityScreen):
            # In the fleet view: the activity of the highlighted job's service.
            engine = self.screen.current_engine if isinstance(self.screen, MainScreen) else self.engine
            self.push_screen(ActivityScreen(engine))

    def action_doctor(self, service: str = "") -> None:
        """`:doctor`: every check of the profile, with the fix for each problem (as `deidtui doctor`).

        In the fleet view: the service of the highlighted job, or the one named (`:doctor NAME`)."""
        from .screens.doctor import DoctorScreen

        if isinstance(self.screen, DoctorScreen):
            return
        engine = self.screen.current_engine if isinstance(self.screen, MainScreen) else self.engine
        if service:
            engines = {e.name: e for e in (self.fleet if self.fleet is not None else [self.engine])}
            if service not in engines:
                self.notify(
                    f"No service named {sanitize_line(service)!r} here. Services: {', '.join(engines)}",
                    title="Unknown service",
                    severity="warning",
                )
                return
            engine = engines[service]
        self.push_screen(
            DoctorScreen(engine.profile, read_only=engine.read_only, device_code_prompt=self.show_device_code)
        )

    async def run_command(self, name: str, argument: str) -> None:
        """Commands of the `:` line and the palette that concern the whole app."""
        if name in ("q", "quit"):
            self.exit()
        elif name == "help":
            self.action_help()
        elif name == "activity":
            self.action_activity()
        elif name == "doctor":
            self.action_doctor(argument.strip())
        elif name == "theme":
            if argument in self.available_themes:
                self.theme = argument
            else:
                self.notify(
                    f"themes: {', '.join(sorted(self.available_themes))}", title="Unknown theme", severity="warning"
                )
        elif name == "profile":
            await self.switch_profile(argument)
        elif name == "fleet":
            await self.switch_fleet(argument)
