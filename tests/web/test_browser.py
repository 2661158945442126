"""`deidtui serve` in a real browser: Debian's Chromium, headless, driven by playwright.

Each test runs the real command in a subprocess against the emulator and Azurite (the profile of
`cli_env`), opens the URL it printed, and reads the dashboard the page draws (`TerminalView`).
"""

from __future__ import annotations

import os
import signal

import pytest

from ..cli.test_fleet_cli import fleet_config
from ..support import wait_until
from .browser import TerminalView, chromium_or_skip
from .conftest import JOBS, NOTE
from .support import alive, serving

chromium_or_skip()  # here, not in a fixture: one skip for the module, before any service starts
ALPHA, BETA = JOBS


def queue_lines(text: str) -> list[str]:
    """The job queue's rows: the lines that name a test job in the NAME column's place."""
    return [line for line in text.splitlines() if ALPHA in line or BETA in line]


def footer(text: str) -> str:
    return text.rstrip().rsplit("\n", 1)[-1]


def open_dashboard(context, served, shows=lambda text: ALPHA in text and BETA in text) -> tuple[object, TerminalView]:
    """A new tab on the printed URL, once its dashboard is online and `shows(screen text)`."""
    page = context.new_page()
    view = TerminalView(page)
    response = page.goto(served.url)
    assert response is not None and response.status == 200
    view.until(lambda text: "online" in text and shows(text))
    return page, view


def test_the_page_opened_with_the_token_shows_the_queue_and_answers_the_keyboard(jobs_env, context, tmp_path):
    with serving(jobs_env, cwd=tmp_path) as served:
        page, view = open_dashboard(context, served)
        # The token left the address bar at once (it now rides in an HttpOnly cookie).
        assert page.url == f"{served.base}/"
        assert "access_token" not in page.evaluate("document.cookie + location.href")
        text = view.text()
        assert "[read-only]" in text and "succeeded" in text
        page.screenshot(path=str(tmp_path / "browser.png"))
        assert (tmp_path / "browser.png").stat().st_size > 10_000

        page.locator(".xterm-screen").click()  # the terminal takes the keyboard
        # Filter: `/`, a term, enter: only the matching job is left in the queue.
        page.keyboard.press("/")
        view.until(lambda text: "filter: text" in text)  # typed before the field is open, `a` is Activity
        page.keyboard.type(BETA)
        page.keyboard.press("Enter")
        view.until(lambda text: all(ALPHA not in line for line in queue_lines(text)) and BETA in text)

        # Open the job: its detail pane and documents, then one document's input beside its output.
        # Each key waits for the footer to offer it: a key sent before its pane has the focus is lost.
        view.until(lambda text: "⏎ Open" in footer(text))
        page.keyboard.press("Enter")
        view.until(lambda text: "history" in text and "note.txt" in text and "⏎ Compare" in footer(text))
        page.keyboard.press("Enter")
        view.until(lambda text: "input" in text.lower() and "output" in text.lower() and "Smith" in text)
        page.keyboard.press("Escape")
        view.until(lambda text: "history" in text)

        # Read-only: delete is refused, with the reason on the screen, and nothing is deleted.
        page.keyboard.press("d")
        view.until(lambda text: "read-only" in text and "deleting jobs is disabled" in text)
        assert "Delete 1 job record?" not in view.text()

        # Ctrl-C with the tab still open: the server ends its dashboard before it exits.
        dashboards = served.dashboards()
        assert len(dashboards) == 1
        assert served.stop() == 0
        assert not any(alive(pid, started) for pid, started in dashboards.items())
    assert served.token not in served.stderr


def test_actions_run_only_with_allow_actions(jobs_env, context, tmp_path):
    with serving(jobs_env, "--allow-actions", cwd=tmp_path) as served:
        page, view = open_dashboard(context, served)
        assert "[read-only]" not in view.text()
        page.locator(".xterm-screen").click()
        view.until(lambda text: "⏎ Open" in footer(text))
        page.keyboard.press("d")  # a finished job may be deleted: the dialog asks first
        view.until(lambda text: "Delete 1 job record?" in text)
        page.keyboard.press("Escape")
        view.until(lambda text: "Delete 1 job record?" not in text and len(queue_lines(text)) >= 2)
        assert served.stop() == 0


def test_the_fleet_view_in_the_browser(jobs_env, deidtui, container, azurite, emulator_factory, context, tmp_path):
    """`serve --fleet`: each tab runs the fleet view, both services' jobs in one queue."""
    west = emulator_factory(state_dir=tmp_path / "west-state")
    container.put("west/note.txt", NOTE)
    submitted = deidtui(
        "jobs", "submit", "--source", container.url, "--prefix", "west/", "--target-prefix", "out/west/",
        "--name", "browser-west", "--wait", "--interval", "0.2", env={"DEIDTUI_ENDPOINT": west.url},
    )  # fmt: skip
    assert submitted.code == 0, submitted.err
    services = {"east": jobs_env["DEIDTUI_ENDPOINT"], "west": west.url}
    env = {**jobs_env, "DEIDTUI_CONFIG": fleet_config(tmp_path, azurite, services, ["east", "west"])}
    with serving(env, "--fleet", cwd=tmp_path) as served:
        _page, view = open_dashboard(context, served, shows=lambda text: "browser-west" in text and ALPHA in text)
        text = view.text()
        assert "SERVICE" in text
        assert any("west" in line and "browser-west" in line for line in text.splitlines())
        assert any("east" in line and ALPHA in line for line in text.splitlines())
        assert served.stop() == 0


def test_dashboards_end_with_a_server_that_is_killed(jobs_env, context, tmp_path):
    """SIGKILL leaves the server no chance to end its sessions: the kernel ends them for it."""
    with serving(jobs_env, cwd=tmp_path) as served:
        open_dashboard(context, served)
        dashboards = served.dashboards()
        assert len(dashboards) == 1
        served.process.kill()
        served.process.wait()
        try:
            wait_until(lambda: not any(alive(pid, started) for pid, started in dashboards.items()), timeout=30)
        finally:  # no longer the server's: `serving` would not find them
            for pid, started in dashboards.items():
                if alive(pid, started):
                    os.kill(pid, signal.SIGKILL)


def test_a_browser_without_the_token_gets_a_403_page_and_no_websocket(jobs_env, context, tmp_path):
    with serving(jobs_env, cwd=tmp_path) as served:
        page = context.new_page()
        for url in (
            f"{served.base}/",
            f"{served.base}/?access_token=not-the-token",
            f"{served.base}/static/js/textual.js",
        ):
            response = page.goto(url)
            assert response is not None and response.status == 403, url
            assert "403 Forbidden" in page.inner_text("body") and "access_token=..." in page.inner_text("body")
        # The page's own script cannot open the dashboard's websocket either (no cookie, no token).
        outcome = page.evaluate(
            """() => new Promise(resolve => {
                const socket = new WebSocket(location.origin.replace(/^http/, "ws") + "/ws?width=80&height=24");
                socket.onopen = () => resolve("open");
                socket.onclose = event => resolve("closed " + event.code);
            })"""
        )
        assert outcome == "closed 1006"  # the handshake was refused: no websocket ever opened
        assert served.processes() == []
        assert served.stop() == 0
    assert "0 browser sessions served" in served.stderr


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_twenty_tabs_opened_and_closed_leave_no_process(jobs_env, context, tmp_path):
    """Five rounds of four tabs; once a round's tabs close, its dashboards' processes end. Even
    rounds close once every dashboard has drawn the queue; odd ones as soon as the four processes
    exist, while they are still starting (a dashboard that has not started reads no quit message)."""
    with serving(jobs_env, cwd=tmp_path) as served:
        for round_ in range(5):
            pages = [context.new_page() for _ in range(4)]
            views = [TerminalView(page) for page in pages]
            for page in pages:
                page.goto(served.url)
            if round_ % 2 == 0:
                for view in views:
                    view.until(lambda text: ALPHA in text and BETA in text)
            else:  # the previous round's are gone (below): these four are this round's
                wait_until(lambda: len(served.processes()) == 4, timeout=60)
            dashboards = set(served.processes())
            assert len(dashboards) == 4, f"round {round_}: {len(dashboards)} processes for 4 tabs"
            for page in pages:
                page.close()
            wait_until(lambda ended=dashboards: not ended & set(served.processes()), timeout=60)
        assert served.processes() == []
        assert served.stop() == 0
    assert "20 browser sessions served" in served.stderr
    assert "killed" not in served.stderr  # each ended on SIGTERM, none needed SIGKILL
