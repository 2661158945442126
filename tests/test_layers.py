"""The layer rule: the non-UI packages never import textual or rich (STYLE.md)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

NON_UI = [
    "deidtui.domain",
    "deidtui.azure",
    "deidtui.cache",
    "deidtui.config",
    "deidtui.engine",
    "deidtui.emulator",
    "deidtui.local",
]


@pytest.mark.parametrize("package", NON_UI)
def test_package_and_all_its_modules_import_without_textual_or_rich(package):
    code = f"""
import importlib, pkgutil, sys
root = importlib.import_module({package!r})
for info in pkgutil.walk_packages(root.__path__, root.__name__ + "."):
    importlib.import_module(info.name)
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(",".join(bad))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-1500:]
    assert result.stdout.strip() == "", f"{package} pulled in: {result.stdout.strip()}"


TUI = Path(__file__).parent.parent / "deidtui" / "tui"


def _tui_sources() -> list[tuple[Path, str]]:
    return [(path, path.read_text()) for path in sorted(TUI.rglob("*.py"))]


def test_the_dashboard_reads_jobs_through_the_engine_never_the_cache():
    """The TUI sees the domain's read model through the engine: no module of it imports cache/."""
    pattern = re.compile(r"^\s*from\s+(\.\.+cache|deidtui\.cache)\b|^\s*import\s+deidtui\.cache\b", re.M)
    assert [str(path) for path, text in _tui_sources() if pattern.search(text)] == []


def test_every_worker_of_the_dashboard_takes_the_one_error_route():
    """`run_worker` and `@work` either end the app on an error or drop it silently: the dashboard's
    workers start through `tui/workers.py`, whose failures all reach `report_error`."""
    pattern = re.compile(r"\.run_worker\(|@work\b|from textual import [^\n]*\bwork\b")
    found = [str(path) for path, text in _tui_sources() if path.name != "workers.py" and pattern.search(text)]
    assert found == []


def test_engine_events_carry_no_any():
    """The engine's event contract is typed: no field of an event is `Any`."""
    import typing

    from deidtui.engine import events

    for event in typing.get_args(events.Event):
        hints = typing.get_type_hints(event)
        assert typing.Any not in hints.values(), event
