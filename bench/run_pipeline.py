"""`deidtui run` of 2,000 small notes vs the same work done with plain SDK calls in sequence.

Both run in the same process against the same Azurite and emulator (FAST pacing, as the other
benches), one after the other, each on a folder of its own:
- baseline: upload every note (one call after another), create one job, poll it every
  `--interval` seconds until it finishes, then download every output (one after another);
- measured: `RunPipeline` as `deidtui run` drives it (an Engine on a fresh cache, parallel
  uploads that check what is already there, the job followed through the engine within its request
  budget, each output downloaded and verified as soon as it is written, the run recorded).
Goal: the run takes at most 1.2x the baseline (and less where its phases overlap).

Run: python bench/run_pipeline.py [--documents 2000] [--interval 0.5]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from azure.storage.blob.aio import BlobServiceClient

from deidtui.azure.loopback import local_deid_client
from deidtui.config import DEFAULT_API_VERSION, PollSettings, Profile
from deidtui.domain.models import JobSpec, Operation
from deidtui.emulator.config import FAST, EmulatorConfig
from deidtui.emulator.server import EmulatorThread
from deidtui.engine import Engine
from deidtui.engine.run.model import RunRequest
from deidtui.engine.run.pipeline import RunPipeline
from deidtui.local.azurite import Azurite


def write_notes(folder: Path, count: int) -> int:
    """`count` small notes in a few nested folders; returns their total size."""
    total = 0
    for index in range(count):
        path = folder / ("ward-a", "ward-b/2024", "ward-c")[index % 3] / f"note-{index:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = (
            f"Patient Jane Doe{index} was admitted to Saint Mary Hospital on 2024-05-{index % 28 + 1:02d}.\n"
            f"Follow-up with Dr. Alan Brown; call 555-02{index % 100:02d}. MRN {200000 + index}.\n"
        )
        path.write_text(text, encoding="utf-8")
        total += len(text.encode())
    return total


async def plain_sdk(connection_string: str, endpoint: str, source: Path, out: Path, interval: float) -> float:
    """Upload all, one job, poll, download all: each call awaited before the next."""
    files = sorted(p for p in source.rglob("*.txt"))  # noqa: ASYNC240 - the plain way: one call after another
    started = time.perf_counter()
    async with BlobServiceClient.from_connection_string(connection_string) as service:
        container = service.get_container_client("plain")
        await container.create_container()
        for path in files:
            await container.upload_blob(f"in/{path.relative_to(source).as_posix()}", path.read_bytes())
        container_url = f"{service.url.rstrip('/')}/plain"
        spec = JobSpec(
            source_location=container_url.split("?")[0], source_prefix="in/", target_prefix="out/",
            operation=Operation.REDACT,
        )  # fmt: skip
        async with local_deid_client(endpoint) as client:
            await client.begin_deidentify_documents("plain-job", spec.to_rest(), polling=False)
            while True:
                if (await client.get_job("plain-job")).status in ("Succeeded", "Failed", "Canceled"):
                    break
                await asyncio.sleep(interval)
        async for blob in container.list_blobs(name_starts_with="out/"):
            data = await (await container.download_blob(blob.name)).readall()
            target = out / blob.name[len("out/") :]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return time.perf_counter() - started


class Quiet:
    def update(self, phase: str, done: int, total: int, nbytes: int = 0) -> None:
        pass

    def say(self, text: str) -> None:
        pass


async def deidtui_run(
    connection_string: str, container_url: str, endpoint: str, source: Path, out: Path, cache: Path, interval: float
) -> tuple[float, dict]:
    profile = Profile(
        name="bench",
        endpoint=endpoint,
        storage_connection_string=connection_string,
        credential="local",
        api_version=DEFAULT_API_VERSION,
        poll=PollSettings(),
    )
    started = time.perf_counter()
    engine = Engine(profile, cache_path=cache, poll=False)
    try:
        await engine.start()
        request = RunRequest(
            source_dir=source, out_dir=out, operation=Operation.REDACT, container_url=container_url, interval=interval
        )
        summary = await RunPipeline(engine, request, Quiet()).execute()
    finally:
        await engine.stop()
    return time.perf_counter() - started, summary.as_json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between two reads of the job (both)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, Azurite() as azurite:
        root = Path(scratch)
        (root / "notes").mkdir()
        size = write_notes(root / "notes", args.documents)
        config = EmulatorConfig(storage_connection_string=azurite.connection_string, throttle=False, pacing=FAST)
        with EmulatorThread(config) as emulator:
            baseline = asyncio.run(
                plain_sdk(azurite.connection_string, emulator.url, root / "notes", root / "plain-out", args.interval)
            )
            measured, summary = asyncio.run(
                deidtui_run(
                    azurite.connection_string,
                    azurite.container_url("deidtui-runs"),
                    emulator.url,
                    root / "notes",
                    root / "run-out",
                    root / "cache.sqlite3",
                    args.interval,
                )
            )
    assert summary["documents"]["succeeded"] == args.documents, summary["documents"]
    assert summary["downloads"]["files"] == args.documents, summary["downloads"]
    print(f"documents: {args.documents} ({size / 1e6:.2f} MB), polling every {args.interval:g} s")
    print(f"baseline  plain SDK calls in sequence: {baseline:7.2f} s  ({args.documents / baseline:6.0f} docs/s)")
    print(f"measured  deidtui run:                 {measured:7.2f} s  ({args.documents / measured:6.0f} docs/s)")
    ratio = measured / baseline
    verdict = ("met" if ratio <= 1.2 else "NOT met") if args.documents >= 2000 else "not judged below 2,000 documents"
    print(f"ratio     run / plain: {ratio:.2f}x  (goal at 2,000 documents: at most 1.2x) -> {verdict}")


if __name__ == "__main__":
    main()
