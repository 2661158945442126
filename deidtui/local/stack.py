"""The demo stack: Azurite and the emulator on loopback, seeded with synthetic notes and jobs."""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from pathlib import Path

from azure.storage.blob.aio import BlobServiceClient

from ..azure.loopback import DEID_SCOPE, LocalCredential, LoopbackHttpBearerPolicy
from ..domain.models import JobSpec, Operation
from ..emulator.config import REALISTIC, EmulatorConfig, Pacing, Span
from ..emulator.server import EmulatorThread
from .azurite import Azurite
from .notes import NoteFactory

# (container, folder, language, count)
DEMO_FOLDERS = [
    ("clinical-notes", "cardiology/2024/", "en", 40),
    ("clinical-notes", "oncology/", "en", 25),
    ("clinical-notes", "emergency/", "en", 30),
    ("clinical-notes", "legacy/import/", "en", 80),
    ("notes-fr", "urgence/", "fr", 600),
    ("notes-fr", "cardiologie/", "fr", 20),
]


# The service's own shape of a job's life (listed, queued, then running), a little quicker so that
# the demo's jobs queue and start within seconds; the 600-document French job runs for minutes.
DEMO_PACING = REALISTIC.with_queue(Span(2.0, 10.0)).with_document(Span(1.0, 3.0))
DEMO_CONCURRENCY = 4
CANCEL_AFTER_DOCUMENTS = 5  # the canceled job is canceled once this many of its documents are done


@dataclass(frozen=True, slots=True)
class DemoJob:
    name: str
    container: str
    spec: dict
    then: str = "wait"  # "wait" for it to finish, "cancel" it after a moment, or "leave" it running


class DemoStack:
    """Starts Azurite and the emulator, seeds notes and submits jobs in several states."""

    def __init__(
        self, *, pacing: Pacing = DEMO_PACING, doc_delay_ms: int | None = None, state_dir: Path | None = None
    ) -> None:
        self._tempdir = None
        if state_dir is None:
            self._tempdir = tempfile.TemporaryDirectory(prefix="deidtui-demo-")
            state_dir = Path(self._tempdir.name)
        self.state_dir = state_dir
        self.pacing = pacing
        self.doc_delay_ms = doc_delay_ms or 0  # a fixed time per document, overriding the pacing's
        self.azurite = Azurite(persistence="memory")
        self.emulator: EmulatorThread | None = None

    @property
    def endpoint(self) -> str:
        assert self.emulator is not None
        return self.emulator.url

    def container_url(self, container: str) -> str:
        return self.azurite.container_url(container)

    async def start(self) -> None:
        # Started from this (main) thread on purpose: Azurite is tied to the thread that started it
        # and stops if it ends (see `Azurite`); nothing else runs yet, so blocking a second is fine.
        self.azurite.start()
        config = EmulatorConfig(
            storage_connection_string=self.azurite.connection_string,
            state_dir=self.state_dir / "emulator",
            pacing=self.pacing,
            doc_delay_ms=self.doc_delay_ms,
            concurrency=DEMO_CONCURRENCY,
        )
        self.emulator = await asyncio.to_thread(EmulatorThread(config).start)

    async def seed(self) -> None:
        """Upload the synthetic notes, plus a few documents the service will refuse."""
        factory = NoteFactory()
        async with BlobServiceClient.from_connection_string(self.azurite.connection_string) as service:
            for container in {c for c, *_ in DEMO_FOLDERS}:
                await service.create_container(container)
            uploads = []
            for container, folder, language, count in DEMO_FOLDERS:
                client = service.get_container_client(container)
                uploads += [(client, note.name, note.text.encode()) for note in factory.notes(count, language, folder)]
            notes = service.get_container_client("clinical-notes")
            uploads += [
                (notes, "emergency/scan-0001.txt", "Triage note: Hôpital".encode("latin-1")),  # not UTF-8
                (notes, "emergency/export-full.txt", b"x" * (2 * 1024 * 1024 + 100)),  # over 2 MB
                (notes, "deid/emergency/note-0003.txt", b"an earlier output that must not be overwritten"),
            ]
            slots = asyncio.Semaphore(32)

            async def upload(client, name: str, data: bytes) -> None:
                async with slots:
                    await client.upload_blob(name, data, overwrite=True)

            await asyncio.gather(*(upload(*item) for item in uploads))

    def jobs(self) -> list[DemoJob]:
        notes, fr = self.container_url("clinical-notes"), self.container_url("notes-fr")

        def spec(url: str, prefix: str, target: str, operation: Operation, **extra: object) -> dict:
            base = JobSpec(source_location=url, source_prefix=prefix, target_prefix=target, operation=operation)
            return base.with_changes(**extra).to_rest()

        return [
            DemoJob(
                "cardio-2024-surrogate",
                notes,
                spec(notes, "cardiology/2024/", "deid/cardiology/2024/", Operation.SURROGATE, surrogate_locale="en-US"),
            ),
            DemoJob("oncology-tag", notes, spec(notes, "oncology/", "tagged/oncology/", Operation.TAG)),
            DemoJob(
                "emergency-redact",
                notes,
                spec(notes, "emergency/", "deid/emergency/", Operation.REDACT, redaction_format="[{TYPE}]"),
            ),
            DemoJob(
                "cardiologie-fr",
                fr,
                spec(fr, "cardiologie/", "deid/cardiologie/", Operation.SURROGATE, surrogate_locale="fr-CA"),
            ),
            DemoJob("typo-in-prefix", notes, spec(notes, "cardiolgy/", "deid/typo/", Operation.SURROGATE)),
            DemoJob(
                "legacy-import",
                notes,
                spec(notes, "legacy/import/", "deid/legacy/", Operation.SURROGATE),
                then="cancel",
            ),
            DemoJob(
                "urgence-fr-surrogate",
                fr,
                spec(fr, "urgence/", "deid/urgence/", Operation.SURROGATE, surrogate_locale="fr-CA"),
                then="leave",
            ),
        ]

    async def submit_jobs(self) -> None:
        """Submit every demo job at once, as a team would: they queue, start and run side by side.

        The job meant to be canceled is canceled once a few of its documents are done; this
        returns when it is, and when every job meant to finish has finished (the long French job
        keeps running).
        """
        from azure.health.deidentification.aio import DeidentificationClient

        assert self.emulator is not None
        credential = LocalCredential()
        policy = LoopbackHttpBearerPolicy(credential, DEID_SCOPE)
        async with DeidentificationClient(self.endpoint, credential, authentication_policy=policy) as client:
            jobs = self.jobs()
            for job in jobs:
                await client.begin_deidentify_documents(job.name, job.spec)
            for job in jobs:
                if job.then == "cancel":
                    await _poll(client, job.name, _has_done(CANCEL_AFTER_DOCUMENTS))
                    await client.cancel_job(job.name)
            for job in jobs:
                if job.then == "wait":
                    await _poll(client, job.name, lambda j: j.status not in ("NotStarted", "Running"))

    async def stop(self) -> None:
        if self.emulator is not None:
            await asyncio.to_thread(self.emulator.stop)
            self.emulator = None
        await asyncio.to_thread(self.azurite.stop)
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None

    async def __aenter__(self) -> DemoStack:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


def _has_done(count: int):
    """True once a job has finished `count` documents (or has finished altogether)."""

    def ready(job) -> bool:
        if job.status not in ("NotStarted", "Running"):
            return True
        return job.summary is not None and job.summary.successful_count + job.summary.failed_count >= count

    return ready


async def _poll(client, name: str, ready, interval: float = 0.5):
    """Read a job until `ready(job)`; the demo's own jobs, so no deadline."""
    while True:
        job = await client.get_job(name)
        if ready(job):
            return job
        await asyncio.sleep(interval)
