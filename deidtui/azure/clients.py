"""The one place SDK clients are built from a profile, and closed.

Choices that hold for every client:
- The de-identification client never retries (`retry_total=0`): the engine owns retries and
  the request budget, and a hidden SDK retry would spend that budget behind its back. Nor does
  its HTTP library re-send after a dropped connection (`SingleSendTransport`).
- Storage browsing gets two quick retries: it is interactive and outside the service's budget.
- Short timeouts, so a dead endpoint shows up as an error in seconds rather than minutes.
- No network tracing: `logging_enable=False`, and the HTTP logging policy's logger is raised to
  WARNING, so request headers (Authorization, SAS queries) are never logged; `--debug` lowers it
  on purpose, through handlers that mask every credential (`deidtui.cli.logs`).
- Bearer tokens over plain http only to loopback hosts (`LoopbackHttpBearerPolicy`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from azure.core.credentials_async import AsyncTokenCredential
from azure.health.deidentification.aio import DeidentificationClient

from .. import __version__
from ..config import Profile
from ..config.secrets import connection_string_settings
from ..domain.errors import AuthError, StorageAccountNotConfigured, ValidationFailed
from ..domain.paths import parse_container_url
from ..domain.secrets import mask_secrets
from .credentials import DeviceCodePrompt, build_credential
from .loopback import DEID_SCOPE, LoopbackHttpBearerPolicy
from .transport import SingleSendTransport

if TYPE_CHECKING:  # the storage SDK (about 18 MB with what it imports) loads only for a profile with storage
    from azure.storage.blob.aio import BlobServiceClient, ContainerClient

USER_AGENT = f"deidtui/{__version__}"
CONNECTION_TIMEOUT = 5.0  # seconds to establish a connection
READ_TIMEOUT = 20.0  # seconds to wait for a response
STORAGE_RETRY_TOTAL = 2
STORAGE_RETRY_BACKOFF = 1.0  # seconds, +/- half of it at random
HTTP_LOGGER = "azure.core.pipeline.policies.http_logging_policy"


def quiet_azure_logging() -> None:
    """Keep azure-core from logging request and response headers, unless a level was chosen for
    them on purpose (`deidtui --debug`, whose handlers mask what they write)."""
    logger = logging.getLogger(HTTP_LOGGER)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.WARNING)


def _common_options(overrides: Mapping[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {
        "user_agent": USER_AGENT,
        "logging_enable": False,
        "connection_timeout": CONNECTION_TIMEOUT,
        "read_timeout": READ_TIMEOUT,
    }
    options.update(overrides)
    return options


def build_deid_client(profile: Profile, credential: AsyncTokenCredential, **overrides: Any) -> DeidentificationClient:
    """The de-identification client: no SDK retries, no silent re-send after a dropped
    connection, loopback-only http bearer tokens."""
    quiet_azure_logging()
    options = _common_options(overrides)
    options.setdefault("retry_total", 0)
    # The transport takes the connection settings (timeouts, TLS), as azure-core's default does.
    options.setdefault("transport", SingleSendTransport(**options))
    return DeidentificationClient(
        profile.endpoint,
        credential,
        api_version=profile.api_version,
        authentication_policy=LoopbackHttpBearerPolicy(credential, DEID_SCOPE),
        **options,
    )


def service_account_url(service: BlobServiceClient) -> str:
    """The account URL of a service client without its query: `service.url` carries the SAS the
    client was built with, and a container URL made from it would hold the signature (and name no
    container: `...?sv=...&sig=.../notes`)."""
    parts = urlsplit(service.url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def _token_over_http(url: str, profile: Profile) -> StorageAccountNotConfigured:
    # azure-storage-blob refuses a token credential over plain http with a bare ValueError; the
    # only storage reached over http is a local emulator, which wants its key.
    return StorageAccountNotConfigured(
        f"The storage account {mask_secrets(url)} is plain http, and a sign-in token is only sent over https "
        f"(profile {profile.name!r}, credential {str(profile.credential)!r}).",
        title="Storage needs a key or a SAS over http",
        hint="For a local emulator (Azurite) give its connection string instead: set "
        "DEIDTUI_STORAGE_CONNECTION_STRING (`deidtui demo --no-ui` prints it) or storage.connection_string "
        "in the profile; or give the account URL with a SAS, or an https URL.",
        resource=mask_secrets(url),
        operation="configure storage",
    )


def _carries_sas(url: str) -> bool:
    return "sig=" in (urlsplit(url).query or "").lower()


def _token_over_plain_http(url: str, profile: Profile) -> bool:
    """Whether the account at `url` would be reached with a sign-in token over plain http (refused,
    unless the connection string covers the account)."""
    return urlsplit(url).scheme == "http" and not _carries_sas(url) and not profile.storage_sas


def account_key(url: str) -> str:
    """Comparable identity of a storage account URL: scheme, host[:port] and, path-style, the account."""
    parts = urlsplit(url.strip())
    base = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
    # Reuse the container-URL parser (it knows path-style vs host-style) with a dummy container.
    return parse_container_url(f"{base}/xxx").account_url.lower()


def _storage_options(overrides: Mapping[str, Any]) -> dict[str, Any]:
    from azure.storage.blob.aio import LinearRetry

    options = _common_options(overrides)
    retry_total = options.pop("retry_total", STORAGE_RETRY_TOTAL)
    # The storage SDK's default backoff starts at 15 s: far too slow for someone browsing.
    options.setdefault(
        "retry_policy",
        LinearRetry(
            # The SDK annotates these as int; it computes with floats, and sub-second jitter matters here.
            backoff=STORAGE_RETRY_BACKOFF,  # type: ignore[arg-type]
            random_jitter_range=STORAGE_RETRY_BACKOFF / 2,  # type: ignore[arg-type]
            retry_total=retry_total,
        ),
    )
    return options


def build_blob_services(
    profile: Profile, credential: AsyncTokenCredential, **overrides: Any
) -> dict[str, BlobServiceClient]:
    """One BlobServiceClient per storage account of the profile, keyed by `account_key()`.

    From the connection string if any; then each account URL with the SAS it carries, else the
    profile's `storage_sas`, else the token credential. Empty for a profile without storage.
    """
    if not profile.has_storage:
        return {}
    from azure.storage.blob.aio import BlobServiceClient

    quiet_azure_logging()
    options = _storage_options(overrides)
    services: dict[str, BlobServiceClient] = {}
    if profile.storage_connection_string:
        settings = connection_string_settings(profile.storage_connection_string)
        has_secret = "accountkey" in settings or "sharedaccesssignature" in settings
        extra: dict[str, Any] = {} if has_secret else {"credential": credential}
        service = BlobServiceClient.from_connection_string(profile.storage_connection_string, **extra, **options)
        services[f"{service.scheme}://{service.primary_hostname}".lower()] = service
    for url in profile.storage_account_urls:
        key = account_key(url)
        if key in services:
            continue  # the connection string already covers this account
        if _token_over_plain_http(url, profile):
            raise _token_over_http(url, profile)
        if _carries_sas(url):
            services[key] = BlobServiceClient(url, **options)
        elif profile.storage_sas:
            services[key] = BlobServiceClient(url, credential=profile.storage_sas.lstrip("?"), **options)
        else:
            services[key] = BlobServiceClient(url, credential=credential, **options)
    return services


def _credential(profile: Profile, device_code_prompt: DeviceCodePrompt | None) -> AsyncTokenCredential:
    try:
        return build_credential(profile, device_code_prompt=device_code_prompt)
    except ValueError as exc:
        # azure-identity checks its settings (AZURE_CLIENT_ID and friends, even set but empty)
        # when the credential is made, with a bare ValueError: a sign-in problem with a fix.
        kind = str(profile.credential)
        raise AuthError(
            f"The {kind!r} credential could not be set up: {mask_secrets(str(exc))}.",
            credential_kind=kind,
            hint="Check the AZURE_* environment variables it reads (`deidtui config show` lists them; "
            "unset the empty ones), or choose another credential in the profile.",
            operation="sign in",
        ) from None


class Clients:
    """The credential, the de-identification client and the blob service clients of one profile.

    Use as `async with Clients(profile) as clients:`; leaving closes every client and the
    credential (and with them their aiohttp sessions).
    """

    def __init__(
        self,
        profile: Profile,
        *,
        credential: AsyncTokenCredential | None = None,
        device_code_prompt: DeviceCodePrompt | None = None,
        **client_options: Any,
    ) -> None:
        self.profile = profile
        self._owns_credential = credential is None
        self.credential = credential or _credential(profile, device_code_prompt)
        self.deid = build_deid_client(profile, self.credential, **client_options)
        self._client_options = client_options
        self._blob_services: dict[str, BlobServiceClient] | None = None
        self.closed = False
        if any(_token_over_plain_http(url, profile) for url in profile.storage_account_urls):
            # A setting that cannot work stops the start, as it always did: built (and refused) now.
            self._blob_services = build_blob_services(profile, self.credential, **client_options)

    @property
    def blob_services(self) -> dict[str, BlobServiceClient]:
        """The storage accounts' service clients, made on first use: a command that never touches
        storage (`jobs list`, `jobs show`...) never imports the storage SDK (0.2 s of every start).
        A setting that cannot work (a token over plain http) is refused when the clients are made."""
        if self._blob_services is None:
            self._blob_services = build_blob_services(self.profile, self.credential, **self._client_options)
        return self._blob_services

    def blob_service(self, container_url: str) -> BlobServiceClient:
        """The configured service client for the account of `container_url`.

        Raises `ValidationFailed` for a malformed URL and `StorageAccountNotConfigured` for an
        account the profile does not know.
        """
        try:
            address = parse_container_url(container_url)
        except ValueError as exc:
            raise ValidationFailed(
                "That is not a storage container URL.",
                target="location",
                resource=mask_secrets(container_url),
                service_message=mask_secrets(str(exc)),
                operation="open container",
            ) from None
        wanted = address.account_url.lower()
        if wanted in self.blob_services:
            return self.blob_services[wanted]
        # Account names are unique within a cloud, so the same name reached through another
        # host spelling (localhost vs 127.0.0.1 with Azurite) is the same account.
        same_name = [
            s for s in self.blob_services.values() if (s.account_name or "").lower() == address.account.lower()
        ]
        if len(same_name) == 1:
            return same_name[0]
        configured = ", ".join(s.account_name or "?" for s in self.blob_services.values()) or "none"
        raise StorageAccountNotConfigured(
            f"Profile {self.profile.name!r} has no client for this storage account "
            f"(configured accounts: {configured}).",
            hint="Add the account's URL to storage.account_urls in the profile "
            "(or set DEIDTUI_STORAGE_ACCOUNT_URL), or give a connection string for it.",
            resource=mask_secrets(container_url),
            operation="open container",
        )

    def container(self, container_url: str) -> ContainerClient:
        """A ContainerClient for a container URL such as a job's `sourceLocation.location`."""
        return self.blob_service(container_url).get_container_client(parse_container_url(container_url).container)

    async def close(self) -> None:
        """Close every client, then the credential; safe to call twice."""
        if self.closed:
            return
        self.closed = True
        errors: list[BaseException] = []
        closers = [*(s.close for s in (self._blob_services or {}).values()), self.deid.close]
        if self._owns_credential:
            closers.append(self.credential.close)
        for close in closers:
            try:
                await close()
            except Exception as exc:  # noqa: BLE001 - close the rest before reporting
                errors.append(exc)
        if errors:
            raise errors[0]

    async def __aenter__(self) -> Clients:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
