"""Regenerate screenshots/*.svg from the demo: Azurite, the emulator, synthetic notes, real jobs.

Run after any change to the UI:  python scripts/screenshots.py   (`doctor` or `fleet` as argument: that one only)
The pictures show what `deidtui demo` shows (names and numbers come from the seeded synthetic data).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deidtui.cli.demo import demo_profile  # noqa: E402
from deidtui.emulator.config import FAST, EmulatorConfig  # noqa: E402
from deidtui.emulator.server import EmulatorThread  # noqa: E402
from deidtui.engine import Engine  # noqa: E402
from deidtui.local.stack import DemoStack  # noqa: E402
from deidtui.local.storage_gate import StorageGate  # noqa: E402
from deidtui.tui.app import DeidApp  # noqa: E402
from deidtui.tui.widgets.job_table import JobTable  # noqa: E402

OUT = ROOT / "screenshots"


async def until(pilot, predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the demo did not reach the expected state")
        await pilot.pause(0.1)


def job(app: DeidApp, name: str):
    return app.screen.query_one(JobTable).job(name)


async def select(app: DeidApp, pilot, name: str) -> None:
    table = app.screen.query_one(JobTable)
    table.focus()
    table.move_to(name)
    await pilot.pause(1.0)  # the detail pane loads the job and its documents


def shot(app: DeidApp, name: str) -> None:
    app.save_screenshot(f"{name}.svg", str(OUT))
    print(f"screenshots/{name}.svg")


async def doctor_shot(stack: DemoStack, folder: str) -> None:
    """`:doctor` on the tutorial's most puzzling set-up: the storage account's firewall shuts this
    machine out while the service, a trusted Azure service, still reaches it."""
    from azure.storage.blob.aio import BlobServiceClient

    from deidtui.engine.doctor import RUN_CONTAINER
    from deidtui.tui.screens.doctor import DoctorScreen

    assert stack.azurite.url is not None
    async with BlobServiceClient.from_connection_string(stack.azurite.connection_string) as blobs:
        await blobs.create_container(RUN_CONTAINER)  # as an earlier `deidtui run` leaves it
    with StorageGate(stack.azurite.url, operator="firewall") as gated:
        through = gated.connection_string(stack.azurite.connection_string)
        # A service of its own whose storage is behind the same firewall (it passes: trusted).
        config = EmulatorConfig(storage_connection_string=through, state_dir=Path(folder) / "doctor-emulator")
        service = await asyncio.to_thread(EmulatorThread(config).start)
        profile = dataclasses.replace(demo_profile(stack), endpoint=service.url, storage_connection_string=through)
        app = DeidApp(Engine(profile, cache_path=Path(folder) / "doctor.sqlite3"), start_engine=False)
        async with app.run_test(size=(150, 40)) as pilot:
            await pilot.press("colon", *"doctor", "enter")
            await until(pilot, lambda: isinstance(app.screen, DoctorScreen) and app.screen.report is not None)
            app.clear_notifications()
            await pilot.pause(0.5)
            shot(app, "doctor")
            await app.engine.stop()
        await asyncio.to_thread(service.stop)


async def fleet_shot(stack: DemoStack, folder: str) -> None:
    """The fleet view: the demo's service beside a second region's, which is then unreachable."""
    from deidtui.azure.loopback import local_deid_client
    from deidtui.domain.models import JobSpec, Operation
    from deidtui.engine import Fleet
    from deidtui.tui.widgets.status_bar import StatusBar

    config = EmulatorConfig(
        storage_connection_string=stack.azurite.connection_string, state_dir=Path(folder) / "weu", pacing=FAST
    )
    west = await asyncio.to_thread(EmulatorThread(config).start)
    notes = stack.container_url("clinical-notes")
    async with local_deid_client(west.url) as client:
        for name, operation, prefix in (
            ("weu-cardio-tag", Operation.TAG, "cardiology/2024/"),
            ("weu-onco", Operation.REDACT, "oncology/"),
        ):
            spec = JobSpec(notes, prefix, f"weu/{name}/", operation=operation, overwrite=True)
            await client.begin_deidentify_documents(name, spec.to_rest(), polling=False)
    demo = demo_profile(stack)
    profiles = [demo, dataclasses.replace(demo, name="demo-weu", endpoint=west.url, read_only=True)]
    cache = Path(folder) / "cache.sqlite3"
    fleet = Fleet([Engine(profile, cache_path=cache) for profile in profiles])
    app = DeidApp(fleet.primary, fleet=fleet)
    async with app.run_test(size=(180, 50)) as pilot:
        await until(pilot, lambda: job(app, "demo-weu/weu-cardio-tag") is not None)
        await until(pilot, lambda: job(app, "demo-weu/weu-cardio-tag").status.is_terminal)
        await asyncio.to_thread(west.stop)  # the second region goes away: said of it alone
        bar = app.screen.query_one(StatusBar)
        await until(pilot, lambda: bar.services["demo-weu"].state.value == "offline", timeout=90)
        await select(app, pilot, "demo-weu/weu-cardio-tag")
        app.clear_notifications()
        await pilot.pause(1.0)
        shot(app, "fleet")
        await fleet.stop()


async def main(only: str | None) -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        async with DemoStack(doc_delay_ms=300, state_dir=Path(folder)) as stack:
            await stack.seed()
            if only == "fleet":
                await fleet_shot(stack, folder)
                return
            await doctor_shot(stack, folder)
            if only == "doctor":
                return
            submitting = asyncio.create_task(stack.submit_jobs())
            engine = Engine(demo_profile(stack), cache_path=Path(folder) / "cache.sqlite3")
            app = DeidApp(engine)
            async with app.run_test(size=(180, 50)) as pilot:
                await until(
                    pilot,
                    lambda: (
                        job(app, "urgence-fr-surrogate") is not None
                        and job(app, "urgence-fr-surrogate").done > 0
                        and job(app, "legacy-import") is not None
                        and job(app, "legacy-import").status.is_terminal
                    ),
                )
                await submitting
                await pilot.press("2")  # the storage pane: its account is listed, expanded
                await pilot.pause(1.5)
                await pilot.press("down", "enter")  # open the first container: its folders
                await pilot.pause(1.0)
                await pilot.press("1")  # back to the queue
                await select(app, pilot, "urgence-fr-surrogate")
                await pilot.pause(4.0)
                shot(app, "dashboard")

                await select(app, pilot, "emergency-redact")
                await pilot.press("3", "f")
                await pilot.pause(1.0)
                shot(app, "partial-failure")
                await pilot.press("f")  # back to every document

                await select(app, pilot, "emergency-redact")
                await pilot.press("F")  # the retry's plan: what a retry can fix, what it cannot and why
                await pilot.pause(2.0)
                shot(app, "retry-plan")
                await pilot.press("n")

                await select(app, pilot, "cardio-2024-surrogate")
                await pilot.press("3", "enter")
                await pilot.pause(2.0)
                shot(app, "compare-surrogate")
                await pilot.press("escape")

                await select(app, pilot, "oncology-tag")
                await pilot.press("3", "enter")
                await pilot.pause(2.0)
                shot(app, "tag-view")
                await pilot.press("escape")

                from deidtui.tui.screens.new_job import NewJobScreen

                # As "n" on the cardiology/2024/ folder of the containers pane opens it:
                await app.push_screen(
                    NewJobScreen(
                        app.engine, container_url=stack.container_url("clinical-notes"), prefix="cardiology/2024/"
                    )
                )
                await pilot.pause(4.0)
                shot(app, "new-job")
                await pilot.press("escape")
                await pilot.pause(0.5)
                await app.engine.stop()
            engine = Engine(demo_profile(stack), cache_path=Path(folder) / "cache.sqlite3")
            narrow = DeidApp(engine)
            async with narrow.run_test(size=(80, 24)) as pilot:
                await pilot.pause(3.0)
                shot(narrow, "dashboard-80x24")
                await select(narrow, pilot, "typo-in-prefix")
                await pilot.press("e")  # a failed job's whole error, and everything else about it
                await pilot.pause(1.5)
                shot(narrow, "job-details-80x24")
                await narrow.engine.stop()
            await fleet_shot(stack, folder)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="?", choices=("doctor", "fleet"), help="regenerate that screenshot only")
    asyncio.run(main(parser.parse_args().only))
