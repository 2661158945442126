"""`deidtui run` killed with SIGKILL at five moments, then started again with the same arguments:
it finishes with every output on disk, one job per part (never a duplicate), no input uploaded
twice and no verified output downloaded twice."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from aiohttp import web

from deidtui.engine.run.transfer import PARTIAL_SUFFIX

from ..fault_proxy import FaultProxy
from ..support import deid_client, wait_until
from .conftest import blob_etags, emulator_jobs, files_state, make_tree

NOTES = 240


class HoldingProxy(FaultProxy):
    """Forwards a job's PUT to the service and then holds the answer back until released: the job
    exists on the service while the client still waits to hear so (a kill then is "after submit,
    before the job is recorded")."""

    def __init__(self, upstream: str, job: str) -> None:
        super().__init__(upstream)
        self._job = job
        self.forwarded = threading.Event()
        self._release: asyncio.Event | None = None

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        answer = await super()._forward(request)
        if request.method == "PUT" and request.path.endswith(f"/jobs/{self._job}"):
            self._release = asyncio.Event()
            self.forwarded.set()
            await self._release.wait()
        return answer

    def release(self) -> None:
        if self._release is not None:
            self._loop.call_soon_threadsafe(self._release.set)


class Run:
    """One `deidtui run` command, started as often as a test likes."""

    def __init__(self, cli_env: dict[str, str], args: list[str], workdir: Path) -> None:
        self.env = cli_env
        self.args = args
        self.workdir = workdir
        self.starts = 0

    def start(self, *extra: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        self.starts += 1
        log = self.workdir / f"start-{self.starts}"
        return subprocess.Popen(
            [sys.executable, "-m", "deidtui", *self.args, *extra],
            stdout=open(f"{log}.out", "wb"),
            stderr=open(f"{log}.err", "wb"),
            env={**self.env, **(env or {})},
            cwd=self.workdir,
        )

    def kill_when(self, process: subprocess.Popen[bytes], moment: Callable[[], object], timeout: float = 60) -> None:
        try:
            wait_until(lambda: moment() or process.poll() is not None, timeout=timeout)
        finally:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)

    def finish(self) -> tuple[int, str]:
        process = self.start("-o", "json")
        code = process.wait(timeout=120)
        err = Path(f"{self.workdir}/start-{self.starts}.err").read_text()
        return code, err


@pytest.fixture
def run(cli_env, source, tmp_path, bucket) -> Run:
    make_tree(source, NOTES, big=False)
    out = str(tmp_path / "out")
    arguments = ["run", str(source), "--op", "surrogate", "--out", out, "--name", "killed", "--container", bucket]
    return Run(cli_env, [*arguments, "--documents-per-job", "100", "--interval", "0.1"], tmp_path)


def inputs(azurite, bucket: str) -> dict[str, str]:
    return blob_etags(azurite.connection_string, bucket, "killed/in/")


def files_on_disk(tmp_path: Path) -> dict[str, tuple[int, int]]:
    out = tmp_path / "out"
    return files_state(out) if out.exists() else {}


def outputs_on_disk(tmp_path: Path) -> dict[str, tuple[int, int]]:
    """The verified outputs: a download a kill interrupted is left under its partial name, which
    the next start replaces (it is not an output, and it may be gone by the next look)."""
    return {path: state for path, state in files_on_disk(tmp_path).items() if not path.endswith(PARTIAL_SUFFIX)}


def finished_right(run: Run, emulator_url: str, tmp_path: Path) -> dict[str, tuple[int, int]]:
    code, err = run.finish()
    assert code == 0, err
    assert emulator_jobs(emulator_url) == ["killed-1", "killed-2", "killed-3"]  # 240 notes, 100 per job
    on_disk = files_on_disk(tmp_path)
    assert len(on_disk) == NOTES and not [p for p in on_disk if "partial" in p]
    return on_disk


def test_killed_during_upload(run, emulator, azurite, bucket, tmp_path):
    process = run.start("--concurrency", "1")
    run.kill_when(process, lambda: 0 < len(inputs(azurite, bucket)) < 60)
    before = inputs(azurite, bucket)
    assert 0 < len(before) < NOTES, "the kill came after the uploads"
    finished_right(run, emulator.url, tmp_path)
    after = inputs(azurite, bucket)
    assert {name: after[name] for name in before} == before  # none uploaded again
    assert len(after) == NOTES


def test_killed_after_submit_before_the_job_is_recorded(run, cli_env, emulator, azurite, bucket, tmp_path):
    proxy = HoldingProxy(emulator.url, "killed-1").start()
    try:
        process = run.start(env={"DEIDTUI_ENDPOINT": proxy.url})
        run.kill_when(process, proxy.forwarded.is_set)
    finally:
        proxy.release()
        proxy.stop()
    assert emulator_jobs(emulator.url) == ["killed-1"]  # the service has it; the command never heard
    before = inputs(azurite, bucket)
    finished_right(run, emulator.url, tmp_path)
    after = inputs(azurite, bucket)
    assert {name: after[name] for name in before} == before
    err = Path(f"{tmp_path}/start-2.err").read_text()
    assert "interrupted submission killed-1" in err and "confirmed" in err


def test_killed_while_watching(run, emulator_factory, cli_env, azurite, bucket, tmp_path):
    slow = emulator_factory(doc_delay_ms=40, concurrency=4)
    run.env = {**cli_env, "DEIDTUI_ENDPOINT": slow.url}

    def some_documents_done() -> bool:
        async def read() -> bool:
            async with deid_client(slow.url) as client:
                jobs = [job async for job in client.list_jobs()]
            return any(
                job.summary is not None and 0 < job.summary.successful_count < job.summary.total_count for job in jobs
            )

        return asyncio.run(read())

    process = run.start()
    run.kill_when(process, some_documents_done)
    before_inputs = inputs(azurite, bucket)
    before = outputs_on_disk(tmp_path)
    assert len(before) < NOTES
    finished_right(run, slow.url, tmp_path)
    after = outputs_on_disk(tmp_path)
    assert {path: after[path] for path in before} == before  # verified outputs are not fetched again
    assert {n: e for n, e in inputs(azurite, bucket).items() if n in before_inputs} == before_inputs


def test_killed_during_download(run, emulator, azurite, bucket, tmp_path):
    process = run.start("--concurrency", "1")
    run.kill_when(process, lambda: 0 < len(outputs_on_disk(tmp_path)) < NOTES - 20)
    before = outputs_on_disk(tmp_path)
    assert 0 < len(before) < NOTES, "the kill did not land during the downloads"
    before_inputs = inputs(azurite, bucket)
    finished_right(run, emulator.url, tmp_path)
    after = outputs_on_disk(tmp_path)
    assert {path: after[path] for path in before} == before
    assert inputs(azurite, bucket) == before_inputs


def test_killed_after_download(run, emulator, azurite, bucket, tmp_path):
    process = run.start("--clean")
    run.kill_when(process, lambda: len(outputs_on_disk(tmp_path)) == NOTES)
    before = outputs_on_disk(tmp_path)
    left = inputs(azurite, bucket)
    code, err = run.finish()  # the same arguments, --clean again
    assert code == 0, err
    process = run.start("--clean", "-o", "json")
    assert process.wait(timeout=120) == 0
    assert emulator_jobs(emulator.url) == ["killed-1", "killed-2", "killed-3"]
    assert outputs_on_disk(tmp_path) == before  # nothing downloaded again
    assert inputs(azurite, bucket) == {}  # the clean-up finished; nothing was uploaded again
    assert len(before) == NOTES and len(left) <= NOTES
