"""The operator's own storage access: list and read the probe container, and write where `run`
needs it, telling a firewall (403 `AuthorizationFailure`) from a missing role (403
`AuthorizationPermissionMismatch`) from a missing container."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from ...azure.errors import translate
from ...config import ENV_STORAGE_ACCOUNT_URL
from ...domain.errors import AuthError, DeidError, MissingDataRole, NotFound, StorageNotReachable
from . import fixes
from .context import PROBE_FOLDER, RUN_CONTAINER, ContainerChoice
from .report import Outcome, Status, failed, ok, warning

if TYPE_CHECKING:
    from azure.storage.blob.aio import ContainerClient

    from .context import Context

WRITE_PROBE = b"deidtui doctor: a write probe, deleted at once\n"


def container_client(ctx: Context, choice: ContainerChoice) -> ContainerClient:
    service = next(s for s in ctx.blob_services().values() if (s.account_name or "?") == choice.account)
    return service.get_container_client(choice.name)


def refused(ctx: Context, error: DeidError, choice: ContainerChoice, *, write: bool) -> Outcome:
    """Why storage refused, in the terms of its answer, and the fix for exactly that."""
    code = f"{error.status} {error.code}" if error.status else error.title
    if isinstance(error, StorageNotReachable):
        return failed(
            f"{code}: storage account {choice.account} refuses this machine's network (its firewall); jobs may "
            "still run, the service passes as a trusted Azure service",
            fixes.storage_firewall(choice.account),
        )
    if isinstance(error, MissingDataRole):
        role = "Storage Blob Data Contributor" if write else "Storage Blob Data Reader"
        return failed(
            f"{code}: your identity may not {'write' if write else 'read'} blobs in {choice.account} (no {role})",
            fixes.storage_role(choice.account, role, ctx.object_id),
        )
    if isinstance(error, NotFound):
        return failed(
            f"container {choice.name} does not exist in storage account {choice.account}",
            fixes.create_container(choice.account, choice.name),
        )
    if isinstance(error, AuthError):
        return failed(f"{code}: {error.detail}", error.hint)
    return failed(f"{error.title}: {error.detail}", error.hint or "check the storage account URL and your network")


def _unconfigured(ctx: Context) -> Outcome:
    url = "https://<account>.blob.core.windows.net"
    if ctx.profile.sources.get("endpoint", "").startswith("$"):  # a profile from the environment
        fix = f"export {ENV_STORAGE_ACCOUNT_URL}={shlex.quote(url)}"
    else:
        fix = f'add account_urls = ["{url}"] under [profiles.{ctx.profile.name}.storage]'
    return warning(
        "the profile names no storage account: `deidtui run`, the storage pane and the storage checks need one", fix
    )


async def check_storage(ctx: Context) -> Outcome:
    """List the probe container and read a byte of its first blob."""
    try:
        services = ctx.blob_services()
    except DeidError as error:
        return failed(error.detail or error.title, error.hint)
    if not services:
        return _unconfigured(ctx)
    choice = await ctx.container()
    assert choice is not None
    if choice.exists is False:
        return ok(f"listed the containers of {choice.account}: {choice.note}; `deidtui run` creates {RUN_CONTAINER}")
    client = container_client(ctx, choice)
    listed, read = 0, False
    try:
        first = None
        async for page in client.list_blobs(results_per_page=5).by_page():
            async for blob in page:
                listed += 1
                first = first or blob.name
            break
        if first is not None:
            downloader = await client.download_blob(first, offset=0, length=1)
            await downloader.readall()
            read = True
    except Exception as exc:  # noqa: BLE001 - translated and explained: the SDK boundary
        problem = translate(exc, operation="list blobs", resource=choice.url, service="storage", write=False)
        return refused(ctx, problem, choice, write=False)
    seen = f"listed container {choice.name} in {choice.account} ({listed} blob(s) on the first page)"
    if read:
        seen += " and read one"
    if choice.note:
        seen += f"; {choice.note}"
    return ok(seen)


async def check_storage_write(ctx: Context) -> Outcome:
    """Write a small probe blob where `run` would, then delete it."""
    choice = await ctx.container()
    if choice is None:  # said once, by the list-and-read check
        return Outcome(Status.SKIPPED, "the profile names no storage account")
    if choice.exists is False:
        return ok(f"no container to write into yet; `deidtui run` creates {RUN_CONTAINER}")
    name = f"{PROBE_FOLDER}/write-probe-{ctx.run_id}.txt"
    blob = container_client(ctx, choice).get_blob_client(name)
    try:
        await blob.upload_blob(WRITE_PROBE, overwrite=True)
        ctx.cleanups.append(blob.delete_blob)
        await blob.delete_blob()
        ctx.cleanups.remove(blob.delete_blob)
    except Exception as exc:  # noqa: BLE001 - translated and explained: the SDK boundary
        error = translate(exc, operation="write blob", resource=choice.url, service="storage", write=True)
        return refused(ctx, error, choice, write=True)
    return ok(f"wrote and deleted {name} in {choice.name}")
