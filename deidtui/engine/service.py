"""Every call to the de-identification service: budgeted, timed, translated, and watched.

Nothing else in deidtui talks to the service. Each call first takes a token from the shared
request budget at its priority; a 429 or 503 with Retry-After pauses the whole budget (so no
other request lands on a full window) and is reported as throttling; every outcome updates the
connectivity state the UI shows. The SDK client is built with `retry_total=0`, so the SDK never
sends a request the budget did not grant.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, urlsplit

from azure.core.rest import HttpRequest
from azure.health.deidentification.aio import DeidentificationClient

from ..azure.errors import translate
from ..domain.errors import AuthError, DeidError, NetworkError, ServiceDown, Throttled
from ..domain.models import Document, Job, JobSpec, Operation, utcnow
from .activity import ActivityLog
from .budget import Priority, RequestBudget
from .events import EventBus, Throttling

T = TypeVar("T")
DEFAULT_RETRY_AFTER = 5.0

# (online, the error when not, when the service last answered): how each request ended.
StatusReport = Callable[[bool, DeidError | None, datetime | None], None]


class ServiceGateway:
    def __init__(
        self,
        client: DeidentificationClient,
        budget: RequestBudget,
        activity: ActivityLog,
        bus: EventBus,
        report: StatusReport,
        credential_kind: str | None = None,
        *,
        api_version: str,
    ) -> None:
        """`report` hears how each request ended (the engine's state follows it); `bus` hears
        about throttling. `api_version`: the one the client was built with (listings send it)."""
        self._client = client
        self._api_version = api_version
        self._budget = budget
        self._bus = bus
        self._report = report
        self._activity = activity
        self._credential_kind = credential_kind
        self.online: bool | None = None
        self.last_success: datetime | None = None
        self.sent = 0  # requests sent (each granted by the budget first)

    # -- the one path every request takes ------------------------------------------------

    async def _call(
        self,
        priority: Priority,
        operation: str,
        target: str | None,
        request: Callable[[], Awaitable[T]],
    ) -> T:
        await self._budget.acquire(priority)
        self.sent += 1
        started = time.perf_counter()
        try:
            result = await request()
        except BaseException as exc:
            if not isinstance(exc, Exception):
                self._interrupted(priority, operation, target, started)
                raise
            error = translate(
                exc, operation=operation, resource=target, credential_kind=self._credential_kind, service="deid"
            )
            self._failed(error, priority, operation, target, started)
            raise error from None
        self._succeeded(priority, operation, target, started)
        return result

    def _interrupted(self, priority: Priority, operation: str, target: str | None, started: float) -> None:
        """A request cancelled on its way (deidtui stopping): it may have reached the service, so
        the activity log lists it too."""
        self._activity.add("request", operation, target, "cancelled", duration_ms=_ms(started), priority=priority.name)

    def _succeeded(self, priority: Priority, operation: str, target: str | None, started: float) -> None:
        self._activity.add("request", operation, target, "ok", duration_ms=_ms(started), priority=priority.name)
        self.last_success = utcnow()
        self.online = True
        self._report(True, None, self.last_success)

    def _failed(self, error: DeidError, priority: Priority, operation: str, target: str | None, started: float) -> None:
        outcome = str(error.status or error.title)
        self._activity.add("request", operation, target, outcome, duration_ms=_ms(started), priority=priority.name)
        # A 429 always pauses every request (for its Retry-After, or a default); a 5xx only when
        # it asks for a wait: a stray 500 says nothing about load, and pausing everything on each
        # one stalls a flaky-but-working service (the callers' own backoff handles it).
        if isinstance(error, Throttled) or (isinstance(error, ServiceDown) and error.retry_after is not None):
            wait = error.retry_after if error.retry_after is not None else DEFAULT_RETRY_AFTER
            applied = self._budget.pause(wait)
            self._bus.publish(Throttling(applied, time.monotonic() + applied))
        unreachable = isinstance(error, (NetworkError, ServiceDown)) or (
            isinstance(error, AuthError) and not error.denied
        )
        if unreachable:
            # The service is unreachable or we cannot sign in: the cache is now stale.
            self.online = False
            self._report(False, error, self.last_success)
        elif not isinstance(error, Throttled):
            # Any HTTP answer (404, 409, 400...) proves the service is reachable.
            self.online = True
            self.last_success = utcnow()
            self._report(True, None, self.last_success)

    async def _pages(
        self, priority: Priority, operation: str, target: str | None, path: str, page_size: int
    ) -> AsyncGenerator[list[dict[str, Any]], None]:
        """The pages of a listing as the service sent them: each item the JSON object of a job or
        a document, with the service's own field names.

        Each page is asked through the SDK client's own pipeline (`send_request`: the same sign-in,
        transport and policies as every other call), not its pager: the pager builds a model of
        every item, about 90 ms for a page of 1,000 jobs (as long as fetching it), and a sweep reads
        each item as a mapping anyway. Pages follow the answer's nextLink as the SDK's pager does,
        with the client's api-version, but always on the endpoint the client was built for: a
        token is never sent to a host a page names."""
        url = path
        params: dict[str, Any] = {"api-version": self._api_version, "maxpagesize": page_size}
        while True:
            await self._budget.acquire(priority)
            self.sent += 1
            started = time.perf_counter()
            try:
                items, next_link = await self._listing_page(HttpRequest("GET", url, params=params))
            except asyncio.CancelledError:
                self._interrupted(priority, operation, target, started)
                raise
            except Exception as exc:  # noqa: BLE001 - translated and raised: the SDK boundary
                if isinstance(exc, MalformedListing):
                    error = DeidError(
                        f"The service's answer to {operation} could not be read: {exc}.",
                        title="Unexpected answer",
                        hint="Retry; if it persists, the endpoint may not be a de-identification service.",
                        operation=operation,
                        resource=target,
                    )
                else:
                    error = translate(
                        exc, operation=operation, resource=target, credential_kind=self._credential_kind, service="deid"
                    )
                self._failed(error, priority, operation, target, started)
                raise error from None
            self._succeeded(priority, operation, target, started)
            yield items
            if not next_link:
                return
            url, params = _next_page(next_link, self._api_version)

    async def _listing_page(self, request: HttpRequest) -> tuple[list[dict[str, Any]], str | None]:
        """One page of a listing: its items and its nextLink, checked for shape (never trusted).
        Asked as a stream, so that azure-core's decoding policy does not parse the JSON once more."""
        response = await self._client.send_request(request, stream=True)
        try:
            await response.read()
        finally:
            await response.close()
        response.raise_for_status()  # with the answer read: an error's code and message are in it
        try:
            body = response.json()
        except ValueError:
            raise MalformedListing("the answer is not JSON") from None
        if not isinstance(body, dict) or not isinstance(body.get("value"), list):
            raise MalformedListing("the answer is not a page of results (no list under 'value')")
        items = body["value"]
        if not all(isinstance(item, dict) for item in items):
            raise MalformedListing("an item of the page is not a JSON object")
        next_link = body.get("nextLink")
        if next_link is not None and not isinstance(next_link, str):
            raise MalformedListing("the page's nextLink is not text")
        return items, next_link or None

    # -- operations ------------------------------------------------------------------------

    async def get_job(self, name: str, priority: Priority) -> Job:
        model = await self._call(priority, "get job", name, lambda: self._client.get_job(name))
        return Job.from_rest(model.as_dict())

    def list_jobs(self, priority: Priority, page_size: int) -> AsyncGenerator[list[dict[str, Any]], None]:
        """Pages of jobs as the service sent them, not decoded: a sweep decodes only those that
        changed (`Job.from_rest` reads these mappings; see `engine.listed`)."""
        return self._pages(priority, "list jobs", None, "/jobs", page_size)

    async def list_documents(
        self, name: str, priority: Priority, page_size: int
    ) -> AsyncGenerator[list[Document], None]:
        path = f"/jobs/{quote(name, safe='')}/documents"
        async for items in self._pages(priority, "list job documents", name, path, page_size):
            yield [Document.from_rest(item) for item in items]

    async def create_job(self, name: str, spec: JobSpec) -> Job:
        """One PUT (no LRO polling: the engine's own loops watch the job)."""

        async def put() -> Any:
            poller = await self._client.begin_deidentify_documents(name, spec.to_rest(), polling=False)
            return await poller.result()

        model = await self._call(Priority.ACTION, "create job", name, put)
        return Job.from_rest(model.as_dict())

    async def cancel_job(self, name: str) -> Job:
        model = await self._call(Priority.ACTION, "cancel job", name, lambda: self._client.cancel_job(name))
        return Job.from_rest(model.as_dict())

    async def delete_job(self, name: str) -> None:
        await self._call(Priority.ACTION, "delete job", name, lambda: self._client.delete_job(name))

    async def deidentify_text(
        self,
        text: str,
        operation: Operation,
        *,
        redaction_format: str | None,
        surrogate_locale: str | None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"inputText": text, "operation": operation.value}
        customizations = {
            k: v
            for k, v in (("redactionFormat", redaction_format), ("surrogateLocale", surrogate_locale))
            if v is not None
        }
        if customizations:
            body["customizations"] = customizations
        model = await self._call(Priority.ACTION, "de-identify text", None, lambda: self._client.deidentify_text(body))
        return model.as_dict()


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


class MalformedListing(ValueError):
    """A listing's answer that is not a page of results (the emulator or a proxy misbehaving)."""


def _next_page(next_link: str, api_version: str) -> tuple[str, dict[str, Any]]:
    """The path and query of the next page from a nextLink, asked with the client's api-version
    (as the SDK's pager does) on the client's own endpoint (unlike it: the host named is ignored)."""
    parts = urlsplit(next_link)
    params: dict[str, Any] = dict(parse_qsl(parts.query, keep_blank_values=True))
    params["api-version"] = api_version
    return parts.path or "/", params
