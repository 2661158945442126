"""Bearer tokens over plain http, for loopback endpoints only (the emulator, Azurite).

azure-core refuses to send a bearer token to an `http://` URL. deidtui relaxes that for
loopback addresses alone, by installing this policy as the client's authentication policy;
every other URL keeps the SDK's HTTPS enforcement.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from azure.core.credentials import AccessToken, AccessTokenInfo
from azure.core.pipeline import PipelineRequest
from azure.core.pipeline.policies import AsyncBearerTokenCredentialPolicy

from ..domain.paths import is_loopback_host

DEID_SCOPE = "https://deid.azure.com/.default"


def is_loopback_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "http" and is_loopback_host(parts.hostname)


class LoopbackHttpBearerPolicy(AsyncBearerTokenCredentialPolicy):
    """`AsyncBearerTokenCredentialPolicy` that allows `http://` to loopback hosts and nowhere else."""

    async def on_request(self, request: PipelineRequest) -> None:
        if is_loopback_http(request.http_request.url):
            request.context.options["enforce_https"] = False
        await super().on_request(request)


class LocalCredential:
    """An async token credential for the local emulator, which accepts any bearer token.

    The token is a fixed, meaningless string: nothing secret exists to leak.
    """

    TOKEN = "deidtui-local-emulator"

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self.TOKEN, int(time.time()) + 3600)

    async def get_token_info(self, *scopes: str, options: Any = None) -> AccessTokenInfo:
        return AccessTokenInfo(self.TOKEN, int(time.time()) + 3600)

    async def close(self) -> None:
        return None

    async def __aenter__(self) -> LocalCredential:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


def local_deid_client(endpoint: str, **kwargs: Any):
    """The official async client for a loopback emulator, with `LocalCredential` and the loopback policy."""
    from azure.health.deidentification.aio import DeidentificationClient

    credential = LocalCredential()
    return DeidentificationClient(
        endpoint, credential, authentication_policy=LoopbackHttpBearerPolicy(credential, DEID_SCOPE), **kwargs
    )
