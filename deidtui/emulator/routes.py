"""The jobs surface of the de-identification REST API, answered as the recorded service answers."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiohttp import web

from ..domain.validation import check_job_name
from .api_errors import ApiError, bad_request, not_found
from .config import EmulatorConfig
from .deid_route import DeidRoute, json_body
from .job_spec import JobDefinition
from .middleware import api_version_of
from .pacing import Pacer
from .paging import decode_token, encode_token, next_link, page_size, service_root
from .rest_shapes import document_to_rest, job_to_rest
from .runner import JobRunner
from .state import EmulatorState, JobRecord
from .timestamps import seconds_since


class Routes:
    def __init__(
        self,
        config: EmulatorConfig,
        state: EmulatorState,
        runner: JobRunner,
        executor: ThreadPoolExecutor,
        pacer: Pacer,
    ) -> None:
        self._config = config
        self._state = state
        self._runner = runner
        self._pacer = pacer
        self._deid = DeidRoute(executor)
        self._create_lock = asyncio.Lock()

    def register(self, app: web.Application) -> None:
        app.router.add_route("PUT", "/jobs/{name}", self.put_job)
        app.router.add_route("GET", "/jobs/{name}", self.get_job)
        app.router.add_route("DELETE", "/jobs/{name}", self.delete_job)
        app.router.add_route("POST", "/jobs/{name}", self.post_job_action)
        app.router.add_route("GET", "/jobs", self.list_jobs)
        app.router.add_route("GET", "/jobs/{name}/documents", self.list_documents)
        app.router.add_route("POST", "/deid", self._deid.handle)

    def _body(self, request: web.Request, record: JobRecord) -> dict[str, Any]:
        return job_to_rest(record, api_version_of(request), summary_while_running=self._config.summary_while_running)

    def _job_response(self, request: web.Request, record: JobRecord) -> web.Response:
        """A job answer with the recorded polling hint: Retry-After 2-5 s, finished jobs included,
        none within a couple of seconds of the job's last change."""
        headers = {}
        hint = self._pacer.retry_after(seconds_since(record.last_updated_at))
        if hint is not None:
            headers["Retry-After"] = str(hint)
        return web.json_response(self._body(request, record), headers=headers)

    async def _existing(self, name: str) -> JobRecord:
        record = await self._state.get_job(name)
        if record is None:
            raise not_found()
        return record

    async def put_job(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        problem = check_job_name(name)
        if problem:
            raise bad_request(problem.message, "name")
        version = api_version_of(request)
        definition = JobDefinition.from_request(await json_body(request), version)
        async with self._create_lock:
            record = await self._state.get_job(name)
            if record is not None:
                if record.definition != definition:
                    raise ApiError(
                        409,
                        "JobAlreadyExists",
                        f"A job named {name!r} already exists with a different specification; "
                        "choose another name or delete that job first.",
                        target="name",
                    )
                # The same PUT again (a client that lost our answer): answered like the first.
            else:
                record = await self._state.create_job(name, definition)
                self._runner.start(record)
        # Recorded: 200 for a new job, `operation-id` and `operation-location` (in the client's
        # api-version), and no Retry-After.
        return web.json_response(
            self._body(request, record),
            headers={
                "operation-id": name,
                "operation-location": f"{service_root(request)}/jobs/{name}?api-version={version.value}",
            },
        )

    async def get_job(self, request: web.Request) -> web.Response:
        return self._job_response(request, await self._existing(request.match_info["name"]))

    async def delete_job(self, request: web.Request) -> web.Response:
        record = await self._existing(request.match_info["name"])
        if not record.status.is_terminal:
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
        if not record.status.is_terminal:
            self._runner.cancel(record.seq)
            await self._state.cancel_job(record.seq)
            record = await self._existing(name)
        return self._job_response(request, record)

    async def list_jobs(self, request: web.Request) -> web.Response:
        size = page_size(request.query.get("maxpagesize"), self._config.default_page_size, self._config.max_page_size)
        token = request.query.get("continuationToken")
        before = decode_token(token, "jobs") if token else None
        if before is not None and not isinstance(before, int):
            raise bad_request("The continuation token is not valid for this list.", "continuationToken")
        records = await self._state.list_jobs(before, size + 1)
        body: dict[str, Any] = {"value": [self._body(request, r) for r in records[:size]]}
        if len(records) > size:
            token = encode_token(records[size - 1].seq, "jobs")
            body["nextLink"] = next_link(request, "/jobs", token, api_version_of(request).value)
        return web.json_response(body)

    async def list_documents(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        record = await self._existing(name)
        size = page_size(request.query.get("maxpagesize"), self._config.default_page_size, self._config.max_page_size)
        scope = f"documents:{record.seq}"
        token = request.query.get("continuationToken")
        after = None
        if token:
            position = decode_token(token, scope)
            if not (isinstance(position, list) and len(position) == 2 and isinstance(position[1], int)):
                raise bad_request("The continuation token is not valid for this list.", "continuationToken")
            after = (str(position[0]), position[1])
        docs = await self._state.list_documents(record.seq, after, size + 1)
        body: dict[str, Any] = {"value": [document_to_rest(d) for d in docs[:size]]}
        if len(docs) > size:
            last = docs[size - 1]
            token = encode_token([last.listing_key, last.ordinal], scope)
            body["nextLink"] = next_link(request, f"/jobs/{name}/documents", token, api_version_of(request).value)
        return web.json_response(body)
