"""The storage the emulated service reaches, standing in for its managed identity's access."""

from __future__ import annotations

from urllib.parse import urlsplit

from azure.core.exceptions import ResourceNotFoundError
from azure.storage.blob.aio import BlobServiceClient, ContainerClient, LinearRetry

from ..domain.models import ServiceError
from ..domain.paths import ContainerAddress, is_loopback_host, parse_container_url


class StorageProblem(Exception):
    """A job cannot reach its storage; becomes the job's error."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.error = ServiceError(code, message)


def _same_endpoint(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    if pa.port != pb.port or pa.scheme != pb.scheme:
        return False
    if is_loopback_host(pa.hostname) and is_loopback_host(pb.hostname):
        return True
    return (pa.hostname or "").lower() == (pb.hostname or "").lower()


class StorageGateway:
    """Opens containers of the one storage account the emulator has been given.

    A container URL naming any other account fails the job the way a real service fails
    when its identity has no role on that account.
    """

    def __init__(self, connection_string: str | None) -> None:
        self._service: BlobServiceClient | None = None
        if connection_string:
            # Few, quick retries: a dead storage endpoint should fail a job in seconds, not minutes.
            self._service = BlobServiceClient.from_connection_string(
                connection_string,
                connection_timeout=5,
                read_timeout=30,
                # The SDK annotates these as int; they are seconds and take fractions.
                retry_policy=LinearRetry(backoff=0.3, random_jitter_range=0.1, retry_total=2),  # type: ignore[arg-type]
            )

    @property
    def account_name(self) -> str | None:
        return self._service.account_name if self._service else None

    @property
    def account_url(self) -> str | None:
        return self._service.url.rstrip("/") if self._service else None

    def container(self, url: str) -> tuple[ContainerAddress, ContainerClient]:
        try:
            address = parse_container_url(url)
        except ValueError as exc:
            raise StorageProblem("InvalidStorageLocation", str(exc)) from None
        if self._service is None:
            raise StorageProblem(
                "StorageNotConfigured",
                "The emulator has no storage account; start it with --storage-connection-string "
                "or AZURE_STORAGE_CONNECTION_STRING.",
            )
        assert self.account_url is not None
        if address.account != self.account_name or not _same_endpoint(address.account_url, self.account_url):
            raise StorageProblem(
                "StorageAccessDenied",
                f"The service's managed identity has no access to storage account {address.account!r} "
                f"at {address.account_url}; grant it 'Storage Blob Data Contributor' on that account.",
            )
        return address, self._service.get_container_client(address.container)

    async def check_container(self, client: ContainerClient, address: ContainerAddress) -> None:
        try:
            await client.get_container_properties()
        except ResourceNotFoundError:
            raise StorageProblem(
                "ContainerNotFound", f"Container {address.container!r} does not exist in account {address.account!r}."
            ) from None

    async def close(self) -> None:
        if self._service is not None:
            await self._service.close()
