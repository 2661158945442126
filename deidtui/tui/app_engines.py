"""The app's engines from start to stop: opened on the cache, brought up, pumped to the screen, stopped.

The main screen is built on the newest cached jobs, so its first frame shows them; the engine (or
each of a fleet's) opens its cache and the service only after that frame, and what fails is said
once while the dashboard stays up on the cache. A switch of profile or fleet stops what runs and
opens the screen again. A mixin of `DeidApp`, which holds the state; a plain class at run time.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from typing import TYPE_CHECKING

from textual.worker import Worker, WorkerCancelled

from ..config import ConfigError
from ..domain.errors import DeidError
from ..domain.jobs import JobView
from ..engine import Engine, Fleet, FleetSubscription, Subscription
from .errors import report_error
from .messages import BULK, messages_for, pause_after
from .screens.main import MainScreen
from .workers import run_guarded

if TYPE_CHECKING:
    from textual.app import App

    _App = App[None]
else:
    _App = object

VIEWER_WARM_UP = 2.0  # seconds after the first frame: the blob viewer's code and styles load while idle


class EngineLifecycle(_App):
    fleet: Fleet | None
    engine: Engine
    profile_names: list[str]
    engine_ready: asyncio.Event
    event_pace: float
    _bell: bool
    _start_engine: bool
    _pump_worker: Worker[None] | None

    async def _open(self, engine: Engine, fleet: Fleet | None = None) -> None:
        # The newest jobs are read before the screen is built (building it meanwhile would only slow
        # SQLite's thread down): its first frame then shows them, and nothing is drawn twice.
        first: list[JobView] | None = []
        for member in fleet or (engine,):
            jobs = await self._read_first_screen(member)
            first = None if first is None or jobs is None else first + jobs
        screen = MainScreen(engine, fleet=fleet, profiles=self.profile_names, bell=self._bell, first_jobs=first)
        await self.push_screen(screen)
        self.set_timer(VIEWER_WARM_UP, self._warm_up_viewer)
        # Subscribed before the caches open: each feed's first batch is all of its jobs.
        subscription = fleet.subscribe() if fleet is not None else engine.subscribe()
        self._pump_worker = run_guarded(
            self, self._pump(subscription, screen), group="engine", doing="showing the engine's events"
        )
        if fleet is None:
            run_guarded(self, self._bring_up(engine, screen), group="engine", doing="starting")
        else:
            run_guarded(self, self._bring_up_fleet(fleet, screen), group="engine", doing="starting")

    def _warm_up_viewer(self) -> None:
        from .blobview.screens import warm_up_styles  # imported now, not when a blob is opened

        warm_up_styles(self)

    async def _read_first_screen(self, engine: Engine) -> list[JobView] | None:
        try:
            return await MainScreen.read_first_screen(engine)
        except DeidError as error:  # a cache problem is explained, never a traceback
            report_error(self, error, doing="reading the cache")
        return None

    async def _first_frame(self, screen: MainScreen) -> None:
        await screen.first_frame.wait()
        # `deidtui` starts with the cyclic collector paused (`deidtui.cli.main`): it may run again.
        gc.enable()

    async def _bring_up(self, engine: Engine, screen: MainScreen) -> None:
        """Open the cache (its feed fills the queue), then the service. What fails is said once; the
        dashboard stays up on whatever could be read, and the engine's state tells what works."""
        # After the first frame: the cache's first batch (every job, decoded in a thread) would
        # otherwise compete with drawing it.
        await self._first_frame(screen)
        try:
            await engine.open()
            screen.set_last_sweep(await engine.last_sweep())
        except DeidError as error:
            report_error(self, error, doing="opening the cache")
        if not self._start_engine:
            return
        try:
            await asyncio.to_thread(engine.preload)  # the Azure SDK loads off the event loop
            await engine.start()
        except DeidError as error:
            report_error(self, error, doing="starting")
            return
        except ConfigError as error:
            report_error(self, DeidError(str(error), title="Configuration problem"), doing="starting")
            return
        self.engine_ready.set()

    async def _bring_up_fleet(self, fleet: Fleet, screen: MainScreen) -> None:
        """Every service's engine at once, each on its own: one that cannot start (or is slow to)
        is said once, with its service's name, and holds no other back."""
        await self._first_frame(screen)
        for name, error in (await fleet.open()).items():
            self._report_start(error, f"opening the cache of {name}")
        for member in fleet:
            screen.set_last_sweep(await member.last_sweep(), member.name)
        if not self._start_engine:
            return
        await asyncio.to_thread(fleet.preload)
        for name, error in (await fleet.start()).items():
            self._report_start(error, f"starting {name}")
        self.engine_ready.set()

    def _report_start(self, error: BaseException | None, doing: str) -> None:
        if isinstance(error, DeidError):
            report_error(self, error, doing=doing)
        elif isinstance(error, ConfigError):
            report_error(self, DeidError(str(error), title="Configuration problem"), doing=doing)
        elif error is not None:
            raise error  # a bug: the guarded worker reports it

    async def _pump(self, subscription: Subscription | FleetSubscription, screen: MainScreen) -> None:
        """Engine events to the screen, as typed messages, at most four batches a second."""
        try:
            while True:
                batch = await subscription.next_batch()
                if screen.is_attached:
                    for message in messages_for(batch):
                        screen.post_message(message)
                pause = pause_after(batch, self.event_pace)
                if pause:  # but a page of a bulk read is taken at once: the feed waits for it
                    await subscription.filled(BULK, pause)
        finally:
            subscription.close()

    async def _stop_pump(self) -> None:
        """Cancel the event pump and wait for it to end: Textual cancels the app's workers on exit
        without waiting, and the pump, never resumed, was left suspended for the garbage collector
        to close later, outside the app's context."""
        worker, self._pump_worker = self._pump_worker, None
        if worker is not None:
            worker.cancel()
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()

    async def _stop_engines(self) -> None:
        if self.fleet is not None:
            await self.fleet.stop()
        else:
            await self.engine.stop()

    async def _replace(self, engine: Engine, fleet: Fleet | None) -> None:
        """Stop what runs (one engine or a fleet) and open the main screen on `engine` or `fleet`."""
        self.workers.cancel_group(self, "engine")
        await self._stop_engines()
        self.fleet = fleet
        self.engine = fleet.primary if fleet is not None else engine
        self.engine_ready.clear()
        await self.pop_screen()
        await self._open(self.engine, fleet)
