"""The data-plane checks: the operator's DeID role (read, then create), and the service's own access
to storage, proved by what the service does with a probe job.

A probe job over a prefix that matches nothing ends `EmptyJob` when the service could list the
container with its managed identity, and with an access error when it could not; it reads and
writes nothing, and is deleted afterwards. `--deep` runs a one-document Tag job through a probe
folder, proving the service can read and write, and removes the job and every probe blob.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import TYPE_CHECKING, Any

from azure.core.exceptions import AzureError
from azure.core.rest import HttpRequest

from ...azure.errors import translate
from . import fixes
from .context import PROBE_FOLDER
from .network import Answer
from .report import Outcome, Status, failed, ok, warning
from .storage_checks import container_client

if TYPE_CHECKING:
    from .context import ContainerChoice, Context

EMPTY_CODES = {"EmptyJob", "JobValidationError"}  # the recorded answers to a prefix matching nothing
ACCESS_CODES = {"StorageAccessDenied", "AuthorizationPermissionMismatch", "AuthorizationFailure", "Forbidden"}
ACCESS_WORDS = ("authoriz", "permission", "access denied", "forbidden", "managed identity")
PROBE_TEXT = "deidtui doctor probe: Patient Jane Doe was seen on 01/02/2020 at Contoso Hospital.\n"
FINISHED = {"Succeeded", "Failed", "Canceled"}


async def _send(ctx: Context, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[Answer, Any]:
    """One request through the service client (signed in, as every deidtui request is)."""
    params: dict[str, Any] = {"api-version": ctx.profile.api_version}
    if path == "/jobs":
        params["maxpagesize"] = 1
    request = HttpRequest(method, path, params=params, json=body)
    sent = time.time()
    try:
        response = await ctx.deid.send_request(request)
        raw = await response.read()
    except AzureError as exc:
        raise translate(exc, operation=f"{method} {path}", service="deid") from None
    payload: Any = None
    if raw:
        try:
            payload = json.loads(raw)
        except ValueError:
            payload = None
    error = payload.get("error") if isinstance(payload, dict) else None
    code = (error or {}).get("code") if isinstance(error, dict) else None
    answer = Answer(response.status_code, dict(response.headers), sent, time.time(), code or None)
    return answer, payload


def _said(answer: Answer, payload: Any) -> str:
    error = payload.get("error") if isinstance(payload, dict) else None
    message = error.get("message") if isinstance(error, dict) else ""
    return f"HTTP {answer.status} {answer.error_code or ''}: {message or 'no message'}".replace("  ", " ")


def _refused(ctx: Context, answer: Answer, payload: Any, role: str) -> Outcome:
    if answer.status == 403:
        return failed(_said(answer, payload), fixes.deid_role(ctx.profile.endpoint, role, ctx.object_id))
    if answer.status == 401:
        return failed(
            _said(answer, payload) + " (the service refused the token: another tenant, or expired)",
            fixes.sign_in(str(ctx.profile.credential), ctx.profile.tenant_id),
        )
    return failed(_said(answer, payload), "retry; if it persists, check the service's health in the portal")


async def check_deid_read(ctx: Context) -> Outcome:
    answer, payload = await _send(ctx, "GET", "/jobs")
    ctx.read_answer = answer
    if answer.status == 200:
        return ok(f"listed jobs (HTTP 200 in {answer.elapsed_ms:g} ms)")
    return _refused(ctx, answer, payload, "DeID Batch Reader")


def _job_body(choice: ContainerChoice, prefix: str, target: str, operation: str) -> dict[str, Any]:
    return {
        "operation": operation,
        "sourceLocation": {"location": choice.url, "prefix": prefix, "extensions": ["*"]},
        "targetLocation": {"location": choice.url, "prefix": target, "overwrite": True},
    }


async def _create(ctx: Context, name: str, body: dict[str, Any]) -> tuple[Answer, Any]:
    answer, payload = await _send(ctx, "PUT", f"/jobs/{name}", body)
    if answer.status in (200, 201):

        async def delete() -> None:
            await _send(ctx, "DELETE", f"/jobs/{name}")

        ctx.cleanups.append(delete)
    return answer, payload


async def check_deid_write(ctx: Context) -> Outcome:
    choice = await ctx.container()
    if choice is None:
        return Outcome(Status.SKIPPED, "the profile names no storage account, and the probe job needs a container")
    if choice.exists is False:
        return Outcome(
            Status.SKIPPED, f"no container to probe yet ({choice.note}); `deidtui run` creates {choice.name}"
        )
    name = f"deidtui-doctor-{ctx.run_id}"
    body = _job_body(choice, ctx.probe_prefix, f"{ctx.probe_prefix}out/", "Tag")
    answer, payload = await _create(ctx, name, body)
    if answer.status in (200, 201):
        ctx.probe_job = name
        return ok(f"created the probe job {name} (HTTP {answer.status}); it is deleted at the end")
    if answer.status == 400:
        return failed("the service refused the probe job: " + _said(answer, payload), "see what the service said")
    return _refused(ctx, answer, payload, "DeID Batch Owner")


async def _finished(ctx: Context, name: str, timeout: float) -> tuple[dict[str, Any] | None, float]:
    """The job once it has finished (None if it did not within `timeout`), and the seconds it took."""
    started = time.monotonic()
    delay = 0.2
    while True:
        answer, payload = await _send(ctx, "GET", f"/jobs/{name}")
        if answer.status == 200 and isinstance(payload, dict) and payload.get("status") in FINISHED:
            return payload, time.monotonic() - started
        if time.monotonic() - started + delay > timeout:
            return (payload if isinstance(payload, dict) else None), time.monotonic() - started
        await asyncio.sleep(delay)
        delay = min(delay * 1.5, 2.0)


def _is_access(code: str, message: str) -> bool:
    return code in ACCESS_CODES or any(word in message.lower() for word in ACCESS_WORDS)


def _error_of(job: dict[str, Any]) -> tuple[str, str]:
    error = job.get("error") or {}
    return str(error.get("code") or ""), str(error.get("message") or "")


async def check_service_storage(ctx: Context) -> Outcome:
    choice = await ctx.container()
    assert choice is not None and ctx.probe_job is not None
    job, seconds = await _finished(ctx, ctx.probe_job, ctx.timeout)
    where = f"{choice.url} under {ctx.probe_prefix}"
    if job is None or job.get("status") not in FINISHED:
        status = job.get("status") if job else "unknown"
        return warning(
            f"the probe job was still {status} after {seconds:.0f} s: the service may be busy",
            "run `deidtui doctor` again in a few minutes (or give it more time with --timeout)",
        )
    code, message = _error_of(job)
    if code in EMPTY_CODES:
        return ok(f"the probe job over {where} ended {code} in {seconds:.1f} s: the service listed the container")
    if code == "ContainerNotFound":
        if ctx.explicit_container is None and choice.exists is None:
            # Storage answers "not found" only to a caller it let in: the account is reachable, but
            # with the default container missing (and yours refused a look), listing is unproven.
            return warning(
                f"the service reached storage account {choice.account}, but the probe's container {choice.name} "
                f"does not exist ({code}), so its listing is not proven",
                fixes.create_container(choice.account, choice.name)
                + "\nor name a container the service should list: deidtui doctor --container NAME",
            )
        return failed(f"the probe job failed {code}: {message}", fixes.create_container(choice.account, choice.name))
    if code and _is_access(code, message):
        return failed(
            f"the probe job failed {code}: {message}", fixes.identity_storage_role(ctx.profile.endpoint, choice.account)
        )
    if job.get("status") == "Succeeded":
        return ok(f"the probe job over {where} succeeded: the service reads the container")
    return warning(f"the probe job ended {job.get('status')} {code}: {message}", "see what the service said")


async def check_deep(ctx: Context) -> Outcome:
    """A one-document Tag job: the service reads the probe document and writes its result."""
    choice = await ctx.container()
    assert choice is not None
    container = container_client(ctx, choice)
    folder = f"{PROBE_FOLDER}/deep-{ctx.run_id}/"
    source = container.get_blob_client(f"{folder}in/probe.txt")
    output = container.get_blob_client(f"{folder}out/probe.txt")
    await source.upload_blob(PROBE_TEXT.encode(), overwrite=True)
    ctx.cleanups.append(source.delete_blob)
    ctx.cleanups.append(output.delete_blob)
    name = f"deidtui-doctor-deep-{ctx.run_id}"
    answer, payload = await _create(ctx, name, _job_body(choice, f"{folder}in/", f"{folder}out/", "Tag"))
    if answer.status not in (200, 201):
        return failed("the service refused the deep probe job: " + _said(answer, payload), "see what it said")
    job, seconds = await _finished(ctx, name, max(ctx.timeout, 180.0))
    if job is None or job.get("status") not in FINISHED:
        return warning(f"the deep probe job had not finished after {seconds:.0f} s", "run it again later")
    if job.get("status") == "Succeeded":
        downloader = await output.download_blob()
        result = json.loads(await downloader.readall())
        entities = len(result.get("entities", []))
        return ok(
            f"a Tag job read the probe document and wrote its result ({entities} entities) in {seconds:.0f} s; "
            "the probe job and blobs are removed"
        )
    _documents, payload = await _send(ctx, "GET", f"/jobs/{name}/documents")
    documents = payload.get("value", []) if isinstance(payload, dict) else []
    code, message = _error_of(documents[0]) if documents else _error_of(job)
    if _is_access(code, message):
        return failed(
            f"the deep probe's document failed {code}: {message}",
            fixes.identity_storage_role(ctx.profile.endpoint, choice.account),
        )
    return failed(f"the deep probe job ended {job.get('status')} {code}: {message}", "see what the service said")
