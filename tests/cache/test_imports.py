"""The cache is below the UI: importing it must not pull in textual or rich."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_cache_loads_no_ui_library() -> None:
    probe = (
        "import sys, deidtui.cache, deidtui.cache.store, deidtui.cache.recovery; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"
