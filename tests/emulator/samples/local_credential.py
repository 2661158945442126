"""A sync token credential for the emulator, which accepts any bearer token (a fixed, meaningless one)."""

from __future__ import annotations

import time
from typing import Any

from azure.core.credentials import AccessToken, AccessTokenInfo

TOKEN = "deidtui-local-emulator"


class LocalSyncCredential:
    """Stands in for DefaultAzureCredential in the sync samples."""

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(TOKEN, int(time.time()) + 3600)

    def get_token_info(self, *scopes: str, options: Any = None) -> AccessTokenInfo:
        return AccessTokenInfo(TOKEN, int(time.time()) + 3600)

    def close(self) -> None:
        return None
