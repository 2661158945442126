"""Several clients on one service whose request limit is what binds: the dashboard (Pilot), two
polling engines and CLI commands, each through its own endpoint of one proxy that times every
request. None sends inside a Retry-After it was given, the service never admits more than its
limit in a window, and every view ends equal to the service."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest

from deidtui.domain.models import JobSpec
from tests.fault_proxy import fault_proxy
from tests.support import deid_client, foreign_spec, wait_for

from .test_dashboard import table

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."
LIMIT, WINDOW = 30, 5.0  # the service's limit here, well under one client's budget (80 per 5 s)
POLL = {"page_size": 10, "sweep_interval": 0.5, "active_interval": 0.3}


async def service_truth(emulator_url: str) -> dict[str, str]:
    """Every job on the service and its status (the SDK honours Retry-After on its own)."""
    async with deid_client(emulator_url, retry_total=30) as client:
        return {job.job_name: job.status async for job in client.list_jobs()}


async def cli_list(endpoint: str, env: dict[str, str]) -> int:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "deidtui",
        "jobs",
        "list",
        "-o",
        "json",
        env={**env, "DEIDTUI_ENDPOINT": endpoint},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    return await process.wait()


@pytest.mark.slow
async def test_clients_sharing_a_binding_limit_respect_it_and_converge(
    make_app, make_engine, emulator_factory, container, azurite, tmp_path
):
    emulator = emulator_factory(throttle=True, throttle_limit=LIMIT, throttle_window=WINDOW, doc_delay_ms=400)
    for i in range(3):
        container.put(f"in/{i}.txt", NOTE)
    async with deid_client(emulator.url, retry_total=30) as client:
        for i in range(30):
            await client.begin_deidentify_documents(f"bulk-{i:02}", foreign_spec(i), polling=False)
        spec = JobSpec(source_location=container.url, source_prefix="in/", target_prefix="long/")
        await client.begin_deidentify_documents("long-runner", spec.to_rest(), polling=False)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEIDTUI_") or k == "DEIDTUI_AZURITE_BIN"}
    env |= {
        "DEIDTUI_STORAGE_CONNECTION_STRING": azurite.connection_string,
        "DEIDTUI_CREDENTIAL": "local",
        "DEIDTUI_CACHE": str(tmp_path / "cli.sqlite3"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
    }
    with fault_proxy(emulator.url) as proxy:
        app = make_app(proxy.endpoint("dashboard"), **POLL)
        engines = [make_engine(proxy.endpoint(f"engine-{n}"), **POLL) for n in "ab"]
        async with app.run_test(size=(160, 48)) as pilot:
            for engine in engines:
                await engine.start()
            # While everyone polls: an engine submits and cancels, the service gets new jobs, and
            # CLI commands come and go (each its own client: it cannot know another's Retry-After).
            submitted = await engines[0].submit(
                JobSpec(source_location=container.url, source_prefix="in/", target_prefix="late/"), "late-submit"
            )
            assert submitted.ok
            [canceled] = await engines[1].cancel(["long-runner"])
            assert canceled.ok or canceled.skipped
            async with deid_client(emulator.url, retry_total=30) as client:
                for i in range(5):
                    await client.begin_deidentify_documents(f"late-{i}", foreign_spec(i), polling=False)
            codes = await asyncio.gather(*(cli_list(proxy.endpoint(f"cli-{i}"), env) for i in range(3)))
            assert codes == [0, 0, 0]

            async def all_finished() -> bool:
                truth = await service_truth(emulator.url)
                return all(status in ("Succeeded", "Failed", "Canceled") for status in truth.values())

            await wait_for(all_finished, timeout=60, interval=1.0)
            truth = await service_truth(emulator.url)
            assert len(truth) == 37  # 30 bulk, long-runner, late-submit, 5 late

            async def converged() -> bool:
                await pilot.pause()
                shown = {view.name: view.status.value for view in table(app).jobs() if not view.deleted}
                cached = [{v.name: v.status.value for v in await engine.jobs()} for engine in engines]
                return shown == truth and all(c == truth for c in cached)

            await wait_for(converged, timeout=90, interval=0.2)
            for engine in engines:
                await engine.stop()
    throttled = [s for s in proxy.seen if s.status == 429]
    assert throttled, "the service's limit never bound: the test proves nothing"
    # A request a client granted just before the 429 reached it may arrive a little later: half a
    # second of grace (on a loaded machine); a client ignoring Retry-After sends every ~80 ms.
    assert proxy.inside_retry_after(grace=0.5) == []
    # Arrivals at the proxy precede the service's own clock by the forwarding time (milliseconds):
    # a window a little shorter than the service's absorbs that.
    assert proxy.busiest_window(WINDOW - 0.05) <= LIMIT, proxy.busiest_window(WINDOW - 0.05)
    clients = {s.client for s in throttled}
    assert "dashboard" in {s.client for s in proxy.seen} and len(clients) >= 2, clients
