"""The Textual application: starts from the cache, then brings the engine up and pumps its events.

The app owns one Engine (one profile) at a time, or in the fleet view (`deidtui --fleet`, `:fleet`)
a `Fleet` of them, one per service, each brought up on its own. Engine events are read by a worker from the
engine's subscription (already coalesced per job) at a modest pace and posted to the screen as
typed messages (`messages.py`), so a burst of poll results becomes one repaint. An engine that
cannot start leaves the dashboard up on the cache, saying why; its actions then explain
themselves instead of running. Bringing the engines up, pumping their events and stopping them is
`EngineLifecycle` (`app_engines.py`); the app-wide actions and `:` commands are `AppCommands`
(`app_commands.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.actions import ActionParseResult, parse
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker

from ..config import ConfigError, Profile
from ..domain.sanitize import sanitize_line
from ..engine import Engine, Fleet
from .app_commands import AppCommands
from .app_engines import EngineLifecycle
from .palette import ScreenCommands
from .terminal import hangup_safe
from .toasts import as_content

INTERRUPTED = 130  # the exit code of an interrupted command (deidtui.cli.exit_codes.INTERRUPTED)
EVENT_PACE = 0.25  # seconds between event batches: at most 4 repaints a second from polling
TOAST_HISTORY = 200


@dataclass(frozen=True, slots=True)
class Toast:
    """A notification as it was handed to Textual (kept for the activity view and for tests)."""

    title: str
    content: Content
    severity: str
    timeout: float | None

    @property
    def text(self) -> str:
        return self.content.plain


EngineFactory = Callable[[Profile], Engine]
FleetLoader = Callable[[list[str] | None], list[Profile]]  # names (None: the config's fleet) -> profiles


class DeidApp(AppCommands, EngineLifecycle, App[None]):
    TITLE = "deidtui"
    COMMANDS = App.COMMANDS | {ScreenCommands}
    CSS_PATH = Path(__file__).parent / "styles" / "app.tcss"  # absolute: subclasses may live anywhere
    BINDINGS = [
        Binding("colon", "command_line", "Command", id="app.command_line", tooltip=":jobs :containers :profile :q"),
        Binding("question_mark", "help", "Keys", id="app.help", tooltip="Every key of the focused pane"),
        Binding("a", "activity", "Activity", id="app.activity", tooltip="Requests, actions and errors"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(
        self,
        engine: Engine,
        *,
        profile_names: Iterable[str] = (),
        profile_loader: Callable[[str], Profile] | None = None,
        engine_factory: EngineFactory | None = None,
        fleet: Fleet | None = None,
        fleet_loader: FleetLoader | None = None,
        keymap: dict[str, str] | None = None,
        theme: str | None = None,
        bell: bool = False,
        start_engine: bool = True,
    ) -> None:
        """`fleet`: start in the fleet view (`engine` is then its primary); `fleet_loader` makes
        `:fleet` possible."""
        super().__init__()
        self.fleet = fleet
        self.engine = fleet.primary if fleet is not None else engine
        self._fleet_loader = fleet_loader
        self.profile_names = list(profile_names)
        self._profile_loader = profile_loader
        self._engine_factory = engine_factory
        self._keymap = keymap or {}
        self._theme_name = theme
        self._bell = bell
        self._start_engine = start_engine
        self.engine_ready = asyncio.Event()
        self._pump_worker: Worker[None] | None = None  # engine events to the screen (see `_pump`)
        self.toasts: deque[Toast] = deque(maxlen=TOAST_HISTORY)
        self.event_pace = EVENT_PACE

    def get_driver_class(self) -> type[Driver]:
        # A terminal closed under the app (SSH gone) must not kill Textual's output thread.
        return hangup_safe(super().get_driver_class())

    async def run_async(self, **kwargs: Any) -> None:
        # Everything alive now (modules, classes, functions, the config) lives as long as the app:
        # moved out of the cyclic collector's sight, it is no longer scanned by every collection.
        # Start-up allocates a lot, so collections are frequent then: this alone takes about a
        # quarter off the time to the first frame, and keeps later full collections short.
        gc.freeze()
        return await super().run_async(**kwargs)

    def notify(
        self,
        message: str | Text | Content,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast shows its text literally: data in it (job names, service errors) is never
        read as markup, and a rich `Text` keeps its styles (Textual's toasts render `Content`, and
        fail on a `Text`). Widgets' and screens' `notify` come here too."""
        message = as_content(message)
        self.toasts.append(Toast(title, message, severity, timeout))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=True)  # type: ignore[arg-type]

    def note_error(self, doing: str, title: str) -> None:
        """An error the operator was told about, for the activity view."""
        self.engine.activity.add("error", doing, None, title)

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run an action; one that cannot run here says why (key, `:` command or palette alike)."""
        if await super().run_action(action, default_namespace, namespaces):
            return True
        _, name, _ = parse(action) if isinstance(action, str) else action
        node = default_namespace if default_namespace is not None else self.screen
        explain = getattr(node, "why_unavailable", None)
        reason = explain(name) if callable(explain) else None
        if reason is None:
            return False
        # As written: a reason often starts with a job's name, which must not be re-cased.
        self.notify(f"{reason}.", title="Not available", severity="warning", timeout=6)
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Activity", "Requests, actions and errors of this session", self.action_activity)

    async def on_mount(self) -> None:
        # A closed SSH session (SIGHUP) or a polite kill (SIGTERM) exits like `q`: the engine stops,
        # connections close and the demo's servers shut down; nothing is left behind.
        # SIGINT (kill -INT, or Ctrl-C where the terminal sends it) the same way, with the exit code
        # every command uses for an interruption (130).
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.exit)
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signal.SIGINT, partial(self.exit, return_code=INTERRUPTED))
        if self._keymap:
            self.set_keymap(self._keymap)
        if self._theme_name:
            try:
                self.theme = self._theme_name
            except Exception:  # noqa: BLE001 - an unknown theme in the config must not stop the app
                self.notify(
                    f"Unknown theme {sanitize_line(self._theme_name)!r}; using the default.", severity="warning"
                )
        # Opened next, not here: Textual holds every frame back until the app's own mount is over,
        # and meanwhile runs the screen's after-refresh callbacks as if it had been drawn, so what
        # waits for the first frame (the panes' parts, the engine) would come before it.
        self.call_later(self._open, self.engine, self.fleet)

    def show_device_code(self, verification_uri: str, user_code: str, expires_on) -> None:
        """The `device-code` credential's prompt, shown inside the app (called on the event loop)."""
        body = Text("Open ")
        body.append(sanitize_line(verification_uri), style="bold underline")
        body.append(" in a browser and enter the code ")
        body.append(sanitize_line(user_code), style="bold reverse")
        if expires_on is not None:
            body.append(f"\nThe code expires at {expires_on.astimezone().strftime('%H:%M')}.", style="dim")
        seconds = max(30.0, (expires_on.timestamp() - time.time())) if expires_on is not None else 900.0
        self.notify(body, title="Sign in to Azure", timeout=seconds)

    async def on_unmount(self) -> None:
        await self._stop_pump()
        await self._stop_engines()

    def _fatal_error(self) -> None:
        """Textual's default crash report prints local variables, which may hold PHI: never that."""
        import os
        import sys

        from rich.console import Group
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        error = sys.exc_info()[1]
        message = Text(
            f"deidtui stopped on an unexpected error: {type(error).__name__}: {sanitize_line(str(error))[:300]}\n",
            style="bold red",
        )
        message.append(
            "Your jobs are unaffected. Set DEIDTUI_DEBUG=1 to see where it happened (no data is shown).", style="dim"
        )
        parts: list[Text | Traceback] = [message]
        if os.environ.get("DEIDTUI_DEBUG"):
            parts.append(Traceback(show_locals=False, width=None, suppress=[]))
        self._exit_renderables.append(Segments(self.console.render(Group(*parts), self.console.options)))
        self._close_messages_no_wait()

    # -- switching profile or fleet ---------------------------------------------------------------

    async def switch_profile(self, name: str) -> None:
        if not name:
            self.notify(f"profiles: {', '.join(self.profile_names) or 'none configured'}", title=":profile NAME")
            return
        if self._profile_loader is None or self._engine_factory is None:
            self.notify("Switching profiles needs a config file with profiles.", severity="warning")
            return
        try:
            profile = self._profile_loader(name)
        except ConfigError as error:
            self.notify(Text(sanitize_line(str(error))), title="Cannot switch profile", severity="error", timeout=12)
            return
        await self._replace(self._engine_factory(profile), None)
        self.notify(f"Profile {sanitize_line(profile.name)}", timeout=3)

    async def switch_fleet(self, argument: str) -> None:
        """`:fleet` shows the config's fleet; `:fleet a,b` those profiles."""
        if self._fleet_loader is None or self._engine_factory is None:
            self.notify("The fleet view needs a config file with profiles.", severity="warning")
            return
        names = argument.replace(",", " ").split() or None
        try:
            profiles = self._fleet_loader(names)
        except ConfigError as error:
            self.notify(Text(sanitize_line(str(error))), title="Cannot show the fleet", severity="error", timeout=12)
            return
        await self._replace(self.engine, Fleet([self._engine_factory(profile) for profile in profiles]))
        self.notify(f"Fleet: {sanitize_line(', '.join(p.name for p in profiles))}", timeout=3)
