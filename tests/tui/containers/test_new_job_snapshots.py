"""Pictures of the new-job form at 80x24 and 160x48, with every value fixed.

The job name is given (the suggestion holds the time), the container has a fixed name and fixed
documents, and run_before waits for the check to settle (no spinner) and stops the cursor blink.
Each run_before records the state it pictures and the test asserts it, so a picture is never the
only check. These tests are synchronous: the engine starts inside the app's own event loop.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.app import App
from textual.widgets import Input

from deidtui.domain.models import JobSpec, Operation
from deidtui.engine import Engine
from deidtui.tui.screens.new_job import NewJobScreen
from tests.support import local_profile

from .helpers import until

CONTAINER = "snapshot-notes"
NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital.\n"


class EngineApp(App[None]):
    """Starts an engine in its own loop, then shows the screen built from it."""

    def __init__(self, engine: Callable[[], Engine], screen: Callable[[Engine], NewJobScreen]) -> None:
        super().__init__()
        self._make_engine, self._make_screen = engine, screen
        self.engine: Engine | None = None
        self.form: NewJobScreen | None = None

    async def on_mount(self) -> None:
        self.engine = self._make_engine()
        await self.engine.start()
        self.form = self._make_screen(self.engine)
        await self.push_screen(self.form)

    async def on_unmount(self) -> None:
        if self.engine is not None:
            await self.engine.stop()


@pytest.fixture
def snapshot_container(azurite, blob_service):
    """A container with a fixed name (it shows in the picture) and three fixed documents."""
    client = blob_service.get_container_client(CONTAINER)
    if client.exists():
        client.delete_container()
    client = blob_service.create_container(CONTAINER)
    for i in range(3):
        client.upload_blob(f"notes/2024/{i}.txt", NOTE.encode(), overwrite=True)
    yield azurite.container_url(CONTAINER)
    client.delete_container()


@pytest.fixture
def form_app(azurite, emulator, tmp_path, snapshot_container):
    def build(screen: Callable[[Engine], NewJobScreen]) -> EngineApp:
        profile = local_profile(emulator.url, azurite.connection_string)
        return EngineApp(lambda: Engine(profile, cache_path=tmp_path / "cache.sqlite3", poll=False), screen)

    return build


def settle(app: EngineApp, state: dict) -> Callable:
    async def run_before(pilot) -> None:
        await until(pilot, lambda: app.form is not None and app.form.is_mounted)
        form = app.form
        await until(
            pilot,
            lambda: (
                form.check_result is not None
                and not form.checking
                and form._checked_key == form._key()
                and form.containers
            ),
        )
        for field in form.query(Input):
            field.cursor_blink = False
        await pilot.pause()
        state.update(
            can_submit=form.can_submit,
            matched=form.check_result.matched,
            problems={p.target for p in form.check_result.problems},
            spec=form.current_spec(),
            name=form.current_name(),
        )

    return run_before


def redact_spec(url: str) -> JobSpec:
    return JobSpec(url, "notes/2024/", "deid/notes/2024/", operation=Operation.REDACT, redaction_format="[{TYPE}]")


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_new_job_form_ready_to_submit(snap_compare, form_app, snapshot_container, size):
    app = form_app(lambda engine: NewJobScreen(engine, spec=redact_spec(snapshot_container), name="nightly-notes"))
    state: dict = {}
    assert snap_compare(app, terminal_size=size, run_before=settle(app, state))
    assert state["can_submit"] and state["matched"] == 3 and state["problems"] == set()
    assert state["name"] == "nightly-notes" and state["spec"] == redact_spec(snapshot_container)


def test_new_job_form_with_problems_at_80x24(snap_compare, form_app, snapshot_container):
    spec = redact_spec(snapshot_container).with_changes(redaction_format="{type}{type}", source_prefix="nothing/")
    app = form_app(lambda engine: NewJobScreen(engine, spec=spec, name="bad name!"))
    state: dict = {}
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle(app, state))
    assert not state["can_submit"] and state["matched"] == 0
    assert state["problems"] == {"name", "sourceLocation.prefix", "customizations.redactionFormat"}
