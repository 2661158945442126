"""A reverse proxy that counts the requests passing through it, for tests that prove nothing was sent.

The CLI runs in a subprocess, so the test cannot hook its HTTP client; it points the CLI at this
proxy instead (the emulator's endpoint, Azurite's blob endpoint). It is the fault proxy with no
fault scripted: `requests` lists every request as "METHOD /path".
"""

from __future__ import annotations

from ..fault_proxy import FaultProxy as CountingProxy
from ..fault_proxy import fault_proxy as counting_proxy

__all__ = ["CountingProxy", "counting_proxy"]
