"""Regenerate screenshots/browser.png: the demo's dashboard in Chromium, through `deidtui serve`.

Run after a change to the dashboard or to serve:  python scripts/browser_screenshot.py
It needs what the browser tests need: Debian's `chromium` and the `browser` extra. It starts
`deidtui demo --no-ui` (Azurite, the emulator, synthetic notes, real jobs), then `deidtui serve`
on its profile, opens the printed URL in headless Chromium and saves the page once the queue shows
finished, failed and running jobs.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.web.browser import CHROMIUM, FLAGS, TerminalView, chromium_or_skip  # noqa: E402
from tests.web.support import serving  # noqa: E402

OUT = ROOT / "screenshots" / "browser.png"
VIEWPORT = {"width": 1400, "height": 820}


def read_until(process: subprocess.Popen, prefix: str) -> str:
    """The first line of the demo's output that starts with `prefix` (stripped)."""
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip().startswith(prefix):
            return line.strip()
    raise SystemExit(f"the demo ended before printing {prefix!r}")


def demo_environment(env_file: Path) -> dict[str, str]:
    """This process's environment without DEIDTUI_ settings, plus the demo's `export` lines."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("DEIDTUI_")}
    for line in env_file.read_text().splitlines():
        if line.startswith("export "):
            name, _, value = line.removeprefix("export ").partition("=")
            env[name] = shlex.split(value)[0] if value else ""
    return env


def main() -> None:
    try:
        chromium_or_skip()
    except pytest.skip.Exception as missing:  # a missing browser or playwright: say which, as the tests do
        raise SystemExit(missing.msg) from None
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        demo = subprocess.Popen(
            [sys.executable, "-m", "deidtui", "demo", "--no-ui", "--doc-delay-ms", "300"],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            cwd=folder,
        )
        try:
            env_file = Path(shlex.split(read_until(demo, "source "))[1])
            env = demo_environment(env_file)
            read_until(demo, "demo ready")
            with serving(env, cwd=Path(folder)) as served, sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
                page = browser.new_page(viewport=VIEWPORT)
                view = TerminalView(page)
                page.goto(served.url)
                view.until(lambda text: "legacy-import" in text and "failed" in text and "running" in text, timeout=300)
                page.wait_for_timeout(3000)  # the detail pane of the selected job fills in
                page.screenshot(path=str(OUT))
                browser.close()
                served.stop()
        finally:
            demo.send_signal(signal.SIGINT)
            demo.wait(timeout=60)
    print(OUT.relative_to(ROOT))


if __name__ == "__main__":
    main()
