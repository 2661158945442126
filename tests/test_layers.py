"""The layer rule: the non-UI packages never import textual or rich (STYLE.md)."""

from __future__ import annotations

import subprocess
import sys

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
