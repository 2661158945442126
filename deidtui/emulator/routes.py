"""The REST surface of the de-identification service, api-version 2024-11-15."""

from __future__ import annotations

import asyncio
import json
import secrets
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiohttp import web

from ..domain.models import JobSpec, Operation
from ..domain.validation import check_job_name, check_locale, check_redaction_format, validate_spec
from .api_errors import ApiError, bad_request, not_found
from .config import API_VERSION, EmulatorConfig
from .paging import decode_token, encode_token, next_link, page_size
from .runner import JobRunner
from .state import EmulatorState, JobRecord
from .transform import deidentify_text

MAX_SYNC_TEXT_BYTES = 48 * 1024  # the synchronous endpoint's per-request size, documented in docs/emulator.md


def _base_url(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


def _job_url(request: web.Request, name: str) -> str:
    return f"{_base_url(request)}/jobs/{name}?api-version={API_VERSION}"


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json(loads=json.loads)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise bad_request("The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    return body


def _parse_spec(body: dict[str, Any]) -> JobSpec:
    for field in ("sourceLocation", "targetLocation"):
        value = body.get(field)
        if not isinstance(value, dict):
            raise bad_request(f"{field} is required and must be an object.", field)
        for key in ("location", "prefix"):
            if not isinstance(value.get(key), str):
                raise bad_request(f"{field}.{key} is required and must be a string.", f"{field}.{key}")
    extensions = body["sourceLocation"].get("extensions")
    if extensions is not None and (not isinstance(extensions, list) or not all(isinstance(e, str) for e in extensions)):
        raise bad_request("sourceLocation.extensions must be a list of strings.", "sourceLocation.extensions")
    overwrite = body["targetLocation"].get("overwrite")
    if overwrite is not None and not isinstance(overwrite, bool):
        raise bad_request("targetLocation.overwrite must be true or false.", "targetLocation.overwrite")
    customizations = body.get("customizations")
    if customizations is not None and not isinstance(customizations, dict):
        raise bad_request("customizations must be an object.", "customizations")
    operation = body.get("operation")
    if operation is not None:
        try:
            Operation.parse(operation)
        except ValueError:
            raise bad_request(f"operation {operation!r} is not one of Tag, Redact, Surrogate.", "operation") from None
    spec = JobSpec.from_rest(body)
    problems = validate_spec(spec, as_service=True)  # the service's rules, not the client's stricter ones
    if problems:
        raise bad_request(problems[0].message, problems[0].target)
    return spec


class Routes:
    def __init__(
        self, config: EmulatorConfig, state: EmulatorState, runner: JobRunner, executor: ThreadPoolExecutor
    ) -> None:
        self._executor = executor
        self._config = config
        self._state = state
        self._runner = runner
        self._create_lock = asyncio.Lock()

    def register(self, app: web.Application) -> None:
        app.router.add_route("PUT", "/jobs/{name}", self.put_job)
        app.router.add_route("GET", "/jobs/{name}", self.get_job)
        app.router.add_route("DELETE", "/jobs/{name}", self.delete_job)
        app.router.add_route("POST", "/jobs/{name}", self.post_job_action)
        app.router.add_route("GET", "/jobs", self.list_jobs)
        app.router.add_route("GET", "/jobs/{name}/documents", self.list_documents)
        app.router.add_route("POST", "/deid", self.deid)

    def _job_response(self, request: web.Request, record: JobRecord, status: int = 200) -> web.Response:
        headers = {}
        if not record.job.status.is_terminal:
            headers["Retry-After"] = str(self._config.poll_hint_seconds)
        return web.json_response(record.job.to_rest(), status=status, headers=headers)

    async def _existing(self, name: str) -> JobRecord:
        record = await self._state.get_job(name)
        if record is None:
            raise not_found(name)
        return record

    async def put_job(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        problem = check_job_name(name)
        if problem:
            raise bad_request(problem.message, "name")
        spec = _parse_spec(await _json_body(request))
        async with self._create_lock:
            record = await self._state.get_job(name)
            if record is not None:
                if record.job.spec != spec:
                    raise ApiError(
                        409,
                        "JobAlreadyExists",
                        f"A job named {name!r} already exists with a different specification; "
                        "choose another name or delete that job first.",
                        target="name",
                    )
                status = 200  # the same PUT again (a client that lost our answer): idempotent
            else:
                record = await self._state.create_job(name, spec)
                self._runner.start(record)
                status = 201
        response = self._job_response(request, record, status)
        response.headers["Operation-Location"] = _job_url(request, name)
        return response

    async def get_job(self, request: web.Request) -> web.Response:
        return self._job_response(request, await self._existing(request.match_info["name"]))

    async def delete_job(self, request: web.Request) -> web.Response:
        record = await self._existing(request.match_info["name"])
        if not record.job.status.is_terminal:
            # Deleting an unfinished job stops it first; outputs already written stay.
            self._runner.cancel(record.seq)
            await self._state.cancel_job(record.seq)
        await self._state.delete_job(record.seq)
        return web.Response(status=204)

    async def post_job_action(self, request: web.Request) -> web.Response:
        target = request.match_info["name"]
        name, sep, action = target.rpartition(":")
        if not sep or action != "cancel":
            raise ApiError(404, "NotFound", f"No operation {target!r}; the only job action is ':cancel'.")
        record = await self._existing(name)
        if not record.job.status.is_terminal:
            self._runner.cancel(record.seq)
            await self._state.cancel_job(record.seq)
            record = await self._existing(name)
        return self._job_response(request, record)

    async def list_jobs(self, request: web.Request) -> web.Response:
        size = page_size(request.query.get("maxpagesize"), self._config.default_page_size, self._config.max_page_size)
        token = request.query.get("continuationToken")
        before = decode_token(token, "jobs") if token else None
        records = await self._state.list_jobs(before, size + 1)
        body: dict[str, Any] = {"value": [r.job.to_rest() for r in records[:size]]}
        if len(records) > size:
            body["nextLink"] = next_link(_base_url(request), "/jobs", encode_token(records[size - 1].seq, "jobs"), size)
        return web.json_response(body)

    async def list_documents(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        record = await self._existing(name)
        size = page_size(request.query.get("maxpagesize"), self._config.default_page_size, self._config.max_page_size)
        scope = f"documents:{record.seq}"
        token = request.query.get("continuationToken")
        after = decode_token(token, scope) if token else -1
        docs = await self._state.list_documents(record.seq, after, size + 1)
        body: dict[str, Any] = {"value": [d.document.to_rest() for d in docs[:size]]}
        if len(docs) > size:
            body["nextLink"] = next_link(
                _base_url(request), f"/jobs/{name}/documents", encode_token(docs[size - 1].ordinal, scope), size
            )
        return web.json_response(body)

    async def deid(self, request: web.Request) -> web.Response:
        body = await _json_body(request)
        text = body.get("inputText")
        if not isinstance(text, str):
            raise bad_request("inputText is required and must be a string.", "inputText")
        if len(text.encode("utf-8")) > MAX_SYNC_TEXT_BYTES:
            raise ApiError(
                413,
                "InputTooLarge",
                f"inputText is larger than {MAX_SYNC_TEXT_BYTES:,} bytes; use a batch job for large documents.",
                target="inputText",
            )
        try:
            operation = Operation.parse(body.get("operation") or Operation.SURROGATE.value)
        except ValueError:
            raise bad_request(
                f"operation {body.get('operation')!r} is not one of Tag, Redact, Surrogate.", "operation"
            ) from None
        customizations = body.get("customizations") or {}
        if not isinstance(customizations, dict):
            raise bad_request("customizations must be an object.", "customizations")
        fmt, locale = customizations.get("redactionFormat"), customizations.get("surrogateLocale")
        for problem in (check_redaction_format(fmt, operation), check_locale(locale, operation)):
            if problem:
                raise bad_request(problem.message, problem.target)
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(
            self._executor,
            lambda: deidentify_text(
                text, operation, seed=secrets.token_hex(8), redaction_format=fmt, surrogate_locale=locale
            ),
        )
        return web.json_response({k: v for k, v in result.items() if v is not None})
