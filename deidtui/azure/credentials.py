"""The async token credential for a profile's credential kind.

Tokens live in memory only: no credential here is given cache persistence options, so
azure-identity never writes a token cache to disk on deidtui's behalf.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any

from azure.core.credentials import AccessToken, AccessTokenInfo
from azure.core.credentials_async import AsyncTokenCredential

from ..config import CredentialKind, Profile
from .loopback import LocalCredential

# Receives (verification_uri, user_code, expires_on); called on the event loop's thread, so a
# UI may update widgets directly. It must return quickly: it only displays the code.
DeviceCodePrompt = Callable[[str, str, datetime], None]


def print_device_code(verification_uri: str, user_code: str, expires_on: datetime) -> None:
    """The headless prompt: one line on stderr (stdout may be a pipe of job data)."""
    print(
        f"deidtui: to sign in, open {verification_uri} and enter the code {user_code} (valid until {expires_on:%H:%M})",
        file=sys.stderr,
    )


class AsyncDeviceCodeCredential:
    """Async adapter over the sync `azure.identity.DeviceCodeCredential` (azure.identity.aio has none).

    `get_token` runs the blocking device-code flow in a worker thread; the prompt callback is
    hopped back onto the event loop. One flow at a time: the deid and storage clients may ask
    for tokens concurrently, and the second caller then gets the first one's cached token
    instead of starting a second sign-in.
    """

    def __init__(
        self,
        prompt: DeviceCodePrompt | None = None,
        *,
        tenant_id: str | None = None,
        authority: str | None = None,
        client_id: str | None = None,
        _factory: Callable[..., Any] | None = None,
    ) -> None:
        factory = _factory
        if factory is None:
            from azure.identity import DeviceCodeCredential

            factory = DeviceCodeCredential
        self._prompt = prompt or print_device_code
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock: asyncio.Lock | None = None
        kwargs: dict[str, Any] = {"prompt_callback": self._on_prompt}
        if tenant_id:
            kwargs["tenant_id"] = tenant_id
        if authority:
            kwargs["authority"] = authority
        if client_id:
            kwargs["client_id"] = client_id
        self._sync = factory(**kwargs)

    def _on_prompt(self, verification_uri: str, user_code: str, expires_on: datetime) -> None:
        # Runs in the worker thread inside the sync flow: hand the code to the loop's thread.
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._prompt, verification_uri, user_code, expires_on)
        else:
            self._prompt(verification_uri, user_code, expires_on)

    async def _run(self, method: str, *args: Any, **kwargs: Any) -> Any:
        self._loop = asyncio.get_running_loop()
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            return await asyncio.to_thread(getattr(self._sync, method), *args, **kwargs)

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        """A token for `scopes`, signing in through the device-code flow when needed."""
        return await self._run("get_token", *scopes, **kwargs)

    async def get_token_info(self, *scopes: str, options: Any = None) -> AccessTokenInfo:
        """Like `get_token`, in the newer `SupportsTokenInfo` protocol azure-core prefers."""
        return await self._run("get_token_info", *scopes, options=options)

    async def close(self) -> None:
        self._sync.close()

    async def __aenter__(self) -> AsyncDeviceCodeCredential:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


def build_credential(profile: Profile, *, device_code_prompt: DeviceCodePrompt | None = None) -> AsyncTokenCredential:
    """The async credential for `profile.credential`, with its tenant, authority and client id."""
    kind = CredentialKind(profile.credential)
    if kind is CredentialKind.LOCAL:
        return LocalCredential()
    if kind is CredentialKind.DEVICE_CODE:
        return AsyncDeviceCodeCredential(
            device_code_prompt, tenant_id=profile.tenant_id, authority=profile.authority, client_id=profile.client_id
        )
    from azure.identity import aio as identity

    if kind is CredentialKind.CLI:
        # The CLI uses the cloud it was configured for (`az cloud set`); authority does not apply.
        return identity.AzureCliCredential(tenant_id=profile.tenant_id or "")
    if kind is CredentialKind.MANAGED_IDENTITY:
        return identity.ManagedIdentityCredential(client_id=profile.client_id)
    kwargs: dict[str, Any] = {}
    if profile.authority:
        kwargs["authority"] = profile.authority
    if kind is CredentialKind.ENVIRONMENT:
        return identity.EnvironmentCredential(**kwargs)
    # DefaultAzureCredential refuses tenant_id; these are its per-credential spellings.
    if profile.tenant_id:
        kwargs.update(
            shared_cache_tenant_id=profile.tenant_id,
            visual_studio_code_tenant_id=profile.tenant_id,
            workload_identity_tenant_id=profile.tenant_id,
        )
    if profile.client_id:
        kwargs["managed_identity_client_id"] = profile.client_id
    return identity.DefaultAzureCredential(**kwargs)
