"""The sign-in check: a token for the service's scope, which credential of the chain gave it, and
for which identity and tenant.

The token's claims are read without verifying its signature (only the service can, and only the
service has to); nothing of the token itself is ever kept or shown.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

from azure.core.exceptions import ClientAuthenticationError

from ...azure.loopback import DEID_SCOPE, LocalCredential
from ...domain.secrets import mask_secrets
from . import fixes
from .report import Outcome, failed, ok, warning

if TYPE_CHECKING:
    from .context import Context

# What each azure-identity credential is, in the words of the person who set it up.
CREDENTIAL_NAMES = {
    "AzureCliCredential": "the Azure CLI (az login)",
    "AzureDeveloperCliCredential": "the Azure Developer CLI (azd auth login)",
    "AzurePowerShellCredential": "Azure PowerShell (Connect-AzAccount)",
    "EnvironmentCredential": "a service principal from AZURE_* variables",
    "ManagedIdentityCredential": "this machine's managed identity",
    "WorkloadIdentityCredential": "a workload identity (AZURE_FEDERATED_TOKEN_FILE)",
    "SharedTokenCacheCredential": "the shared token cache",
    "VisualStudioCodeCredential": "Visual Studio Code's sign-in",
    "AsyncDeviceCodeCredential": "a device code",
    "LocalCredential": "the local emulator's credential",
}


def token_claims(token: str) -> dict[str, Any] | None:
    """The payload of a JWT (unverified), or None when the token is not one (the emulator's)."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except (ValueError, UnicodeDecodeError):
        return None
    return claims if isinstance(claims, dict) else None


def who(claims: dict[str, Any]) -> str:
    """The identity a token names: a user's sign-in name, or an application's id."""
    for key in ("upn", "preferred_username", "unique_name", "email"):
        if claims.get(key):
            return str(claims[key])
    if claims.get("app_displayname"):
        return f"application {claims['app_displayname']}"
    if claims.get("appid") or claims.get("azp"):
        return f"application {claims.get('appid') or claims.get('azp')}"
    return "an identity with no name in its token"


def credential_used(credential: Any) -> str:
    """Which credential gave the token: for a chain (DefaultAzureCredential), the one that worked."""
    chosen = getattr(credential, "_successful_credential", None) or credential
    name = type(chosen).__name__
    return CREDENTIAL_NAMES.get(name, name)


def _first_line(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return mask_secrets(str(text).strip().splitlines()[0])[:300]


async def check_sign_in(ctx: Context) -> Outcome:
    kind = str(ctx.profile.credential)
    fix = fixes.sign_in(kind, ctx.profile.tenant_id)
    if ctx.credential is None:
        return failed(f"the {kind!r} credential could not be set up: {ctx.credential_problem}", fix)
    try:
        token = await ctx.credential.get_token(DEID_SCOPE)
    except ClientAuthenticationError as exc:
        return failed(f"no token from the {kind!r} credential: {_first_line(exc)}", fix)
    if isinstance(ctx.credential, LocalCredential):
        return ok("the local emulator's credential (any token is accepted; no identity to name)")
    claims = token_claims(token.token) or {}
    ctx.claims = claims
    used = credential_used(ctx.credential)
    if not claims:
        return ok(f"signed in with {used} (the token names no identity)")
    tenant = claims.get("tid")
    seen = f"signed in with {used} as {who(claims)} (object id {claims.get('oid', '?')}, tenant {tenant or '?'})"
    wanted = ctx.profile.tenant_id
    if wanted and tenant and wanted.lower() != str(tenant).lower():
        return warning(f"{seen}; the profile asks for tenant {wanted}", fixes.sign_in(kind, wanted))
    return ok(seen)
