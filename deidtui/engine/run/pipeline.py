"""`deidtui run`: a local folder de-identified as one unit, resumable at any point.

    summary = await RunPipeline(engine, request, progress).execute()

1. The folder is scanned before anything leaves the machine (files over 2 MB and files that are
   not UTF-8 are listed and skipped, or refused with `strict`), split into parts of at most
   10,000 documents (one job each), and the plan is recorded in the cache under the run's name.
2. Each part is uploaded (files already there unchanged are skipped: each input carries its
   SHA-256 in its metadata) and its job submitted through the engine, whose intents make a kill
   between request and answer settle into one job, never two. A part whose job exists is not
   uploaded again.
3. The jobs are followed document by document (`follow.py`), each output downloaded and
   verified as soon as it is written, then the remote copies are cleaned if asked.

Started again with the same arguments, a run finds its record and carries on from what storage,
the service and the disk show.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import time
from datetime import UTC, datetime

from ...domain.errors import DeidError, NotFound
from ...domain.models import JobSpec
from ...domain.runs import RunFile, RunRecord, RunState
from ..engine import Engine
from ..outcomes import ReadOnlyError
from .follow import Follower
from .model import RunProgress, RunRefused, RunRequest, RunSummary
from .plan import (
    Scan,
    assign_parts,
    input_blob,
    job_name,
    output_blob,
    run_name,
    scan_folder,
    source_prefix,
    target_prefix,
)
from .store import RunStore
from .transfer import Transfers, remove_partials


class RunPipeline:
    def __init__(self, engine: Engine, request: RunRequest, progress: RunProgress) -> None:
        self._engine = engine
        self._request = request
        self._progress = progress

    async def execute(self) -> RunSummary:
        """Carry the run as far as it goes: finished, or `timeout` reached (`timed_out`)."""
        started = time.monotonic()
        request, engine = self._request, self._engine
        if engine.read_only:
            raise ReadOnlyError(
                "This profile is read-only; a run submits jobs.",
                hint="Run without --read-only, or set read_only = false in the profile.",
            )
        storage = engine.storage
        if storage is None:
            raise DeidError(
                "A run uploads and downloads documents, and this profile has no storage.", title="No storage"
            )
        scan = await asyncio.to_thread(scan_folder, request.source_dir, request.extensions)
        for skipped in scan.skipped:
            self._progress.say(f"skipped {skipped.path}: {skipped.reason}")
        if scan.skipped and request.strict:
            raise RunRefused(
                f"{len(scan.skipped)} file(s) cannot be sent (listed above); nothing was sent.",
                hint="Fix or remove them, or run without --strict to skip them.",
            )
        if not scan.files:
            raise RunRefused(
                f"No file under {request.source_dir} matches {', '.join(request.extensions)} and can be sent.",
                hint="Check the folder and --extensions.",
            )
        store = await engine.run_store()
        name = request.name or run_name(request.source_dir, request.fingerprint())
        prefix = request.prefix if request.prefix is not None else f"{name}/"
        files = await self._plan(store, name, prefix, scan)
        parts = sorted({f.part for f in files})
        jobs = {part: job_name(name, part) for part in parts}
        for part, job in jobs.items():
            await store.link_job(name, part, job)
        transfers = Transfers(storage.container(request.container_url), request.container_url)
        if await transfers.ensure_container():
            self._progress.say(f"created the container {request.container_url}")
        await asyncio.to_thread(remove_partials, request.out_dir)
        summary = RunSummary(name, request.out_dir, skipped=scan.skipped)
        submitted = await self._submitted(jobs)
        await self._upload_and_submit(transfers, prefix, files, jobs, submitted, summary)
        follower = Follower(engine, store, transfers, request, name, prefix, files, self._progress, summary)
        await follower.follow(
            list(jobs.values()), deadline=None if request.timeout is None else started + request.timeout
        )
        if summary.finished and not summary.download_failures and not summary.timed_out:
            await self._clean(transfers, prefix, files, follower.downloaded_blobs, summary)
        summary.elapsed = time.monotonic() - started
        record = await store.run(name)
        if record is not None:
            state: RunState = "finished" if summary.finished and not summary.timed_out else "started"
            await store.save(
                dataclasses.replace(record, state=state, summary=summary.as_json(), updated_at=datetime.now(UTC))
            )
        return summary

    async def _plan(self, store: RunStore, name: str, prefix: str, scan: Scan) -> list[RunFile]:
        """The run's plan: recorded now for a new run, read back (and checked against the folder)
        for one started before."""
        request = self._request
        record = await store.run(name)
        if record is None:
            files = assign_parts(scan.files, request.documents_per_job)
            now = datetime.now(UTC)
            await store.save(
                RunRecord(
                    profile=store.profile,
                    name=name,
                    source_dir=str(request.source_dir),
                    out_dir=str(request.out_dir),
                    container_url=request.container_url,
                    prefix=prefix,
                    settings=request.settings(),
                    state="started",
                    created_at=now,
                    updated_at=now,
                ),
                files,
            )
            self._progress.say(
                f"run {name}: {len(files)} document(s) in {files[-1].part} job(s), {request.container_url}/{prefix}"
            )
            return files
        asked = (str(request.source_dir), str(request.out_dir), request.container_url, prefix, request.settings())
        recorded = (record.source_dir, record.out_dir, record.container_url, record.prefix, record.settings)
        if asked != recorded:
            raise RunRefused(
                f"A run named {name} exists with other arguments (folder {record.source_dir}, out {record.out_dir}).",
                hint="Give another --name, or the arguments of that run to continue it.",
            )
        files = await store.plan(name)
        if {(f.path, f.sha256) for f in files} != {(f.path, f.sha256) for f in scan.files}:
            raise RunRefused(
                f"The folder changed since run {name} started (files added, removed or edited).",
                hint="Give the run another --name to send the folder as it is now.",
            )
        self._progress.say(f"run {name}: continuing ({len(files)} document(s), {len({f.part for f in files})} job(s))")
        return files

    async def _submitted(self, jobs: dict[int, str]) -> set[int]:
        """The parts whose job the service has: settle a submission a kill interrupted first, so
        a job created but never confirmed is found, not submitted again."""
        engine = self._engine
        if {i.name for i in await engine.pending_intents()} & set(jobs.values()):
            await engine.settle_intents()
        found = set()
        for part, name in jobs.items():
            view = await engine.job(name)
            if view is not None and not view.deleted:
                found.add(part)
                continue
            try:
                await engine.sync_job(name, documents=False)
            except NotFound:
                continue
            found.add(part)
        return found

    async def _upload_and_submit(
        self,
        transfers: Transfers,
        prefix: str,
        files: list[RunFile],
        jobs: dict[int, str],
        submitted: set[int],
        summary: RunSummary,
    ) -> None:
        """Upload each part not yet submitted, then submit it: part 1's job runs while part 2 uploads."""
        request, progress = self._request, self._progress
        todo = [f for f in files if f.part not in submitted]
        total, done, moved = len(todo), 0, 0
        if total:
            progress.update("upload", 0, total)
        slots = asyncio.Semaphore(request.concurrency)

        async def upload(file: RunFile) -> None:
            nonlocal done, moved
            async with slots:
                data = (request.source_dir / file.path).read_bytes()
                if hashlib.sha256(data).hexdigest() != file.sha256:
                    raise RunRefused(
                        f"{file.path} changed while the run was under way.",
                        hint="Give the run another --name to send the folder as it is now.",
                    )
                await transfers.upload(input_blob(prefix, file), data, file.sha256)
                summary.uploaded += 1
                summary.uploaded_bytes += len(data)
                done += 1
                moved += len(data)
                progress.update("upload", done, total, moved)

        for part in sorted(jobs):
            if part in submitted:
                continue
            part_files = [f for f in todo if f.part == part]
            there = await transfers.uploaded(source_prefix(prefix, part))
            missing = [f for f in part_files if there.get(input_blob(prefix, f)) != f.sha256]
            summary.already_uploaded += len(part_files) - len(missing)
            done += len(part_files) - len(missing)
            progress.update("upload", done, total, moved)
            await asyncio.gather(*(upload(f) for f in missing))
            await self._engine.submit(self._spec(prefix, part), jobs[part])
            progress.say(f"submitted {jobs[part]} ({len(part_files)} document(s))")

    def _spec(self, prefix: str, part: int) -> JobSpec:
        request = self._request
        return JobSpec(
            source_location=request.container_url,
            source_prefix=source_prefix(prefix, part),
            target_prefix=target_prefix(prefix),
            operation=request.operation,
            extensions=request.extensions,
            redaction_format=request.redaction_format,
            surrogate_locale=request.locale,
        )

    async def _clean(
        self, transfers: Transfers, prefix: str, files: list[RunFile], outputs: set[str], summary: RunSummary
    ) -> None:
        """PHI hygiene, once every output is safely on disk: the uploaded inputs, and (asked
        separately) the remote outputs."""
        if self._request.clean_inputs:
            summary.cleaned_inputs = await transfers.delete(input_blob(prefix, f) for f in files)
            self._progress.say(f"removed {summary.cleaned_inputs} uploaded input(s)")
        if self._request.clean_outputs:
            names = outputs | {output_blob(prefix, f.path) for f in files}
            summary.cleaned_outputs = await transfers.delete(sorted(names))
            self._progress.say(f"removed {summary.cleaned_outputs} remote output(s)")
