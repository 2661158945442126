"""The demo stack: Azurite and the emulator on loopback, seeded with synthetic notes and jobs."""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from pathlib import Path

from azure.storage.blob.aio import BlobServiceClient

from ..azure.loopback import DEID_SCOPE, LocalCredential, LoopbackHttpBearerPolicy
from ..domain.models import JobSpec, Operation
from ..emulator.config import EmulatorConfig
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


@dataclass(frozen=True, slots=True)
class DemoJob:
    name: str
    container: str
    spec: dict
    then: str = "wait"  # "wait" for it to finish, "cancel" it after a moment, or "leave" it running


class DemoStack:
    """Starts Azurite and the emulator, seeds notes and submits jobs in several states."""

    def __init__(self, *, doc_delay_ms: int = 400, state_dir: Path | None = None) -> None:
        self._tempdir = None
        if state_dir is None:
            self._tempdir = tempfile.TemporaryDirectory(prefix="deidtui-demo-")
            state_dir = Path(self._tempdir.name)
        self.state_dir = state_dir
        self.doc_delay_ms = doc_delay_ms
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
            concurrency=4,
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
            return JobSpec(
                source_location=url, source_prefix=prefix, target_prefix=target, operation=operation, **extra
            ).to_rest()  # type: ignore[arg-type]

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
        from azure.health.deidentification.aio import DeidentificationClient

        assert self.emulator is not None
        credential = LocalCredential()
        policy = LoopbackHttpBearerPolicy(credential, DEID_SCOPE)
        async with DeidentificationClient(self.endpoint, credential, authentication_policy=policy) as client:
            self.emulator.set_doc_delay(0)
            quick = [job for job in self.jobs() if job.then == "wait"]
            for job in quick:
                await client.begin_deidentify_documents(job.name, job.spec)
            for job in quick:
                while (await client.get_job(job.name)).status in ("NotStarted", "Running"):
                    await asyncio.sleep(0.1)
            self.emulator.set_doc_delay(self.doc_delay_ms)
            for job in self.jobs():
                if job.then == "cancel":
                    await client.begin_deidentify_documents(job.name, job.spec)
                    await asyncio.sleep(max(1.5, self.doc_delay_ms / 1000 * 4))
                    await client.cancel_job(job.name)
                elif job.then == "leave":
                    await client.begin_deidentify_documents(job.name, job.spec)

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
