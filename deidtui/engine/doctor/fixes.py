"""The exact fixes doctor shows: `az` commands with the names filled in, or the portal page.

The endpoint is a de-identification service's `properties.serviceUrl`, which is how its resource id
and its managed identity are found without knowing its name (Azure Resource Graph filters on it).
Every command is written for a POSIX shell, one command per line.
"""

from __future__ import annotations

import shlex
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...config import Profile

ME = "$(az ad signed-in-user show --query id -o tsv)"
MY_IP = "$(curl -s https://api.ipify.org)"
_DEID_TYPE = "microsoft.healthdataaiservices/deidservices"


def _double_quoted(text: str) -> str:
    """`text` inside double quotes for a POSIX shell (the query holds single quotes of its own)."""
    return '"' + "".join("\\" + c if c in '"$`\\' else c for c in text) + '"'


def _graph(endpoint: str, project: str, field: str) -> str:
    """Azure Resource Graph finds the service by its URL: no resource or group name needed."""
    query = f"resources | where type =~ '{_DEID_TYPE}' and properties.serviceUrl =~ '{endpoint}' | project {project}"
    return f"az graph query -q {_double_quoted(query)} --query 'data[0].{field}' -o tsv"


def deid_service_id(endpoint: str) -> str:
    """Shell line that sets $deid to the resource id of the service at `endpoint`."""
    return f"deid=$({_graph(endpoint, 'id', 'id')})"


def deid_identity(endpoint: str) -> str:
    """Shell line that sets $identity to the service's system-assigned managed identity."""
    return f"identity=$({_graph(endpoint, 'principalId = tostring(identity.principalId)', 'principalId')})"


def storage_account_id(account: str) -> str:
    return f"$(az storage account show --name {shlex.quote(account)} --query id -o tsv)"


def assignee(object_id: str | None) -> str:
    """`--assignee` for the signed-in identity: its object id when the token named it."""
    return shlex.quote(object_id) if object_id else ME


def deid_role(endpoint: str, role: str, object_id: str | None) -> str:
    return "\n".join(
        [
            deid_service_id(endpoint),
            f'az role assignment create --assignee {assignee(object_id)} --role "{role}" --scope "$deid"',
            "(portal: the de-identification service > Access control (IAM) > Add role assignment; "
            "role assignments take a few minutes to apply)",
        ]
    )


def storage_role(account: str, role: str, object_id: str | None) -> str:
    return "\n".join(
        [
            f'az role assignment create --assignee {assignee(object_id)} --role "{role}" '
            f"--scope {storage_account_id(account)}",
            f"(portal: storage account {account} > Access control (IAM) > Add role assignment; "
            "role assignments take a few minutes to apply)",
        ]
    )


def identity_storage_role(endpoint: str, account: str) -> str:
    """Give the service's managed identity what the tutorial gives it (and check it in the portal)."""
    return "\n".join(
        [
            deid_identity(endpoint),
            'az role assignment create --assignee-object-id "$identity" --assignee-principal-type ServicePrincipal '
            f'--role "Storage Blob Data Contributor" --scope {storage_account_id(account)}',
            f"(portal: storage account {account} > Access control (IAM) > Role assignments: the "
            "de-identification service must hold Storage Blob Data Contributor)",
        ]
    )


def storage_firewall(account: str) -> str:
    """Let this machine through the account's firewall, keeping everyone else (and the trusted
    Azure services, the de-identification service among them) as they are."""
    name = shlex.quote(account)
    return "\n".join(
        [
            f"az storage account update --name {name} --public-network-access Enabled --default-action Deny "
            "--bypass AzureServices",
            f"az storage account network-rule add --account-name {name} --ip-address {MY_IP}",
            f"(portal: storage account {account} > Networking > Firewalls and virtual networks; or work from a "
            "network with a private endpoint to the account)",
        ]
    )


def create_container(account: str, container: str) -> str:
    return (
        f"az storage container create --account-name {shlex.quote(account)} --name {shlex.quote(container)} "
        "--auth-mode login   (or let `deidtui run` create it)"
    )


def sign_in(kind: str, tenant: str | None) -> str:
    tenant_option = f" --tenant {shlex.quote(tenant)}" if tenant else ""
    if kind in ("cli", "default"):
        return f"az login --use-device-code{tenant_option}"
    if kind == "environment":
        return "export AZURE_TENANT_ID=... AZURE_CLIENT_ID=... AZURE_CLIENT_SECRET=...   (a service principal)"
    if kind == "managed-identity":
        return 'run deidtui on the Azure resource that holds the identity, or set credential = "cli" in the profile'
    if kind == "device-code":
        return "run `deidtui` and enter the code it shows at https://microsoft.com/devicelogin"
    return "check the profile's endpoint points at the local emulator (credential = local)"


def clock() -> str:
    if sys.platform == "darwin":
        return "sudo sntp -sS time.apple.com"
    if sys.platform.startswith("win"):
        return "w32tm /resync"
    return "sudo timedatectl set-ntp true   (or: sudo chronyc makestep)"


def set_in_profile(profile: Profile, key: str, value: str, config: str | None) -> str:
    """Where to change `key`: the environment variable that set it, else the profile's line in the
    config file (the line named when the file set it)."""
    source = profile.sources.get(key, "")
    if source.startswith("$"):
        variable = source[1:].split(" ", 1)[0]
        return f"export {variable}={shlex.quote(value)}"
    where = f" ({source})" if source else f" in {config}" if config else ""
    return f'set {key} = "{value}" in [profiles.{profile.name}]{where}'
