"""A pane whose parts come after the first frame, when the app quits before they do.

Found in CI: the dashboard quit during start-up while the storage pane was building its parts.
Textual's `recompose` does nothing for a widget that is being removed, so the pane went on to use
parts that were never mounted, and the app exited with a NoMatches traceback."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from deidtui.tui.widgets.deferred import DeferredParts


class Pane(DeferredParts):
    def __init__(self) -> None:
        super().__init__(defer_parts=True)
        self.built = 0

    def compose(self) -> ComposeResult:
        if not self.parts_deferred:
            yield Static("part", id="part")

    def on_mount(self) -> None:
        self.schedule_parts()

    def parts_built(self) -> None:
        self.query_one("#part", Static)  # what a real pane does first (containers.py: the tree)
        self.built += 1

    @property
    def focus_target(self) -> Static:
        return self.query_one("#part", Static)


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Pane()


async def test_parts_never_mounted_because_the_pane_is_going_away_are_not_used(monkeypatch) -> None:
    app = Host()
    async with app.run_test() as pilot:
        pane = app.query_one(Pane)
        await pilot.pause()
        assert pane.built == 1  # the usual path: parts mounted, then used

        late = Pane()
        monkeypatch.setattr(late, "schedule_parts", lambda: None)  # built by hand below
        await app.mount(late)

        async def removed_meanwhile() -> None:  # what Textual's recompose does while pruning
            return None

        monkeypatch.setattr(late, "recompose", removed_meanwhile)
        await late._build_parts()  # must not raise NoMatches
        assert late.built == 0 and not late.parts_ready.is_set()
