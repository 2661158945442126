"""Every request on the wire was granted by the request budget and is in the activity log."""

from __future__ import annotations

import contextlib

from deidtui.domain.errors import DeidError

from ..fault_proxy import fault_proxy
from ..support import deid_client, foreign_spec


async def test_every_request_the_service_receives_was_granted_and_logged(make_engine, emulator):
    """With connections dropped at random (before or after the service handled the request), the
    service receives exactly the requests the budget granted: no silent re-send underneath."""
    async with deid_client(emulator.url) as client:
        for i in range(3):
            await client.begin_deidentify_documents(f"wire-{i}", foreign_spec(i), polling=False)
    with fault_proxy(emulator.url, drop_rate=0.3, seed=11) as proxy:
        engine = make_engine(proxy.url, poll=False)
        await engine.start()
        for _ in range(15):
            with contextlib.suppress(DeidError):
                await engine.sync_jobs()
            with contextlib.suppress(DeidError):
                await engine.sync_job("wire-1")
        await engine.stop()
        dropped = [s for s in proxy.seen if s.fault is not None]
        logged = [e for e in engine.activity.recent(2000) if e.kind == "request"]
        assert len(dropped) >= 5, "the proxy dropped too few connections to prove anything"
        assert len(proxy.seen) == engine.budget.grants == len(logged)
        assert sum(1 for e in logged if e.outcome != "ok") == len(dropped)
