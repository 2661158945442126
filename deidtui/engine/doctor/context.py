"""What the checks of one doctor run share: the profile, the clients (built once, closed at the
end), what earlier checks saw, and the container the storage probes use."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...azure.clients import build_blob_services, build_deid_client, service_account_url
from ...azure.credentials import DeviceCodePrompt, build_credential
from ...config import Profile
from ...config.secrets import connection_string_settings
from ...domain.errors import DeidError

if TYPE_CHECKING:
    from azure.core.credentials_async import AsyncTokenCredential
    from azure.health.deidentification.aio import DeidentificationClient
    from azure.storage.blob.aio import BlobServiceClient

    from .network import Answer
    from .report import CheckResult

RUN_CONTAINER = "deidtui-runs"  # the container `deidtui run` uses unless told otherwise
PROBE_FOLDER = "deidtui-doctor"


@dataclass(frozen=True, slots=True)
class ContainerChoice:
    """The container the storage probes use, and whether it is known to exist."""

    account: str
    account_url: str
    name: str
    exists: bool | None
    note: str = ""

    @property
    def url(self) -> str:
        return f"{self.account_url}/{self.name}"


class Context:
    def __init__(
        self,
        profile: Profile,
        *,
        read_only: bool,
        deep: bool,
        container: str | None,
        timeout: float,
        config: str | None = None,
        device_code_prompt: DeviceCodePrompt | None = None,
    ) -> None:
        self.profile = profile
        self.read_only = read_only
        self.deep = deep
        self.explicit_container = container
        self.timeout = timeout
        self.config = config
        self.run_id = uuid.uuid4().hex[:8]
        self.results: dict[str, asyncio.Task[CheckResult]] = {}
        self.endpoint_answer: Answer | None = None
        self.read_answer: Answer | None = None
        self.claims: dict[str, Any] = {}
        self.probe_job: str | None = None
        self.probe_prefix = f"{PROBE_FOLDER}/probe-{self.run_id}/"
        self.cleanups: list[Any] = []  # coroutine functions run at the end, whatever happened
        self.credential: AsyncTokenCredential | None = None
        self.credential_problem = ""
        try:
            self.credential = build_credential(profile, device_code_prompt=device_code_prompt)
        except (ValueError, DeidError) as exc:
            self.credential_problem = str(exc)
        self._deid: DeidentificationClient | None = None
        self._services: dict[str, BlobServiceClient] | None = None
        self._choice: asyncio.Task[ContainerChoice | None] | None = None

    # -- clients ------------------------------------------------------------------------------

    @property
    def deid(self) -> DeidentificationClient:
        if self._deid is None:
            assert self.credential is not None, "the checks that use the service need sign-in first"
            self._deid = build_deid_client(self.profile, self.credential)
        return self._deid

    def blob_services(self) -> dict[str, BlobServiceClient]:
        """The profile's storage clients; raises DeidError (e.g. a token over plain http)."""
        if self._services is None:
            credential: Any = self.credential
            self._services = build_blob_services(self.profile, credential)
        return self._services

    def storage_targets(self) -> dict[str, str]:
        """Account name -> account URL of each configured storage account (no SAS), for the proxy check."""
        try:
            return {s.account_name or "?": service_account_url(s) for s in self.blob_services().values()}
        except DeidError:
            return {}

    @property
    def storage_uses_sign_in(self) -> bool:
        """Whether storage is reached with the signed-in identity (not a key or a SAS)."""
        profile = self.profile
        if profile.storage_connection_string:
            settings = connection_string_settings(profile.storage_connection_string)
            if "accountkey" in settings or "sharedaccesssignature" in settings:
                return False
        if profile.storage_sas:
            return False
        return bool(profile.storage_account_urls) and not all("sig=" in u.lower() for u in profile.storage_account_urls)

    @property
    def object_id(self) -> str | None:
        oid = self.claims.get("oid")
        return str(oid) if oid else None

    # -- shared answers -------------------------------------------------------------------------

    async def signed_in_answer(self) -> Answer | None:
        """The answer of the authenticated read probe, once that check has run (None if it did not)."""
        task = self.results.get("deid-read")
        if task is not None:
            with contextlib.suppress(Exception):
                await task
        return self.read_answer

    async def container(self) -> ContainerChoice | None:
        """The container the storage probes use (one look, shared by every check that asks)."""
        if self._choice is None:
            self._choice = asyncio.ensure_future(self._choose())
        return await self._choice

    async def _choose(self) -> ContainerChoice | None:
        try:
            services = self.blob_services()
        except DeidError:
            return None
        if not services:
            return None
        service = next(iter(services.values()))
        account, account_url = service.account_name or "?", service_account_url(service)
        if self.explicit_container:
            return ContainerChoice(account, account_url, self.explicit_container, None)
        try:
            if await service.get_container_client(RUN_CONTAINER).exists():
                return ContainerChoice(account, account_url, RUN_CONTAINER, True)
            async for item in service.list_containers(results_per_page=1):
                note = f"{RUN_CONTAINER} does not exist yet (`deidtui run` creates it); probed {item.name}"
                return ContainerChoice(account, account_url, item.name, True, note)
            return ContainerChoice(account, account_url, RUN_CONTAINER, False, "the account has no container yet")
        except Exception:  # noqa: BLE001 - refusals are the storage check's to explain; probe the default
            return ContainerChoice(account, account_url, RUN_CONTAINER, None)

    # -- the end ----------------------------------------------------------------------------------

    async def close(self) -> None:
        """Run the cleanups (probe jobs, probe blobs), then close every client."""
        for cleanup in reversed(self.cleanups):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(cleanup(), self.timeout)
        if self._choice is not None and not self._choice.done():
            self._choice.cancel()
        closers = [s.close for s in (self._services or {}).values()]
        if self._deid is not None:
            closers.append(self._deid.close)
        if self.credential is not None:
            closers.append(self.credential.close)
        for close in closers:
            with contextlib.suppress(Exception):
                await close()
