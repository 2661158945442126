"""The emulator against the recorded contract (tests/emulator/contract/): the same exchanges as the
official SDK's live recordings, driven with raw REST at the emulator's default, realistic pace
(short delays) in both api-versions, every answer checked field by field and header by header."""

from __future__ import annotations

from dataclasses import replace

import pytest

from deidtui.emulator.config import REALISTIC, Span

from ..support import job_body, wait_for
from .contract.shapes import load, match_exchange
from .rest import GA, PREVIEW, call
from .sdk_fixtures import EXAMPLE_PREFIX, OUTPUT_PATH, seed_example_notes

# Slow enough to see each stage from a test (listing ~1 s, ~1 s in the queue, ~1 s a document).
STAGED = replace(REALISTIC, listing=Span(1.0, 1.2), queue=Span(1.0, 1.5), document=Span(0.8, 1.0))
LIFECYCLE = load("job_lifecycle")


@pytest.fixture
def staged(emulator_factory, container):
    seed_example_notes(container)
    return emulator_factory(pacing=STAGED), container


def subs_for(emulator, container, job: str, api: str, operation: str = "Surrogate") -> dict:
    return {
        "job": job,
        "api": api,
        "root": emulator.url,
        "container": container.url,
        "operation": operation,
        "customizations": LIFECYCLE["customizations"][operation][api],
    }


def body_for(container, *, prefix: str = EXAMPLE_PREFIX, operation: str = "Surrogate", **extra) -> dict:
    body = job_body(container.url, prefix, OUTPUT_PATH, operation=operation, overwrite=True, **extra)
    body["sourceLocation"].pop("extensions", None)
    return body


async def get_when(url: str, ready, timeout: float = 20.0):
    """GET `url` until `ready(status, headers, body)`; that answer."""

    async def attempt():
        answer = await call("GET", url)
        return answer if ready(*answer) else None

    return await wait_for(attempt, timeout=timeout, interval=0.1)


@pytest.mark.parametrize("api", [GA, PREVIEW])
async def test_create_wait_finish_answers_as_recorded(staged, api):
    emulator, container = staged
    job = f"contract-{api[:4]}"
    subs = subs_for(emulator, container, job, api)
    exchanges, common = LIFECYCLE["exchanges"], LIFECYCLE["response_headers"]
    url = f"{emulator.url}/jobs/{job}?api-version={api}"

    match_exchange(exchanges["create"], *await call("PUT", url, json=body_for(container)), subs, common)
    match_exchange(exchanges["queued_before_listing"], *await call("GET", url), subs, common)
    listed = await get_when(url, lambda s, h, b: "summary" in b)
    match_exchange(exchanges["queued_listed"], *listed, subs, common)
    running = await get_when(url, lambda s, h, b: b["status"] != "NotStarted")
    match_exchange(exchanges["running"], *running, subs, common)
    # Finished, and quiet for the couple of seconds after which the service sends Retry-After again.
    done = await get_when(url, lambda s, h, b: b["status"] == "Succeeded" and "Retry-After" in h)
    match_exchange(exchanges["succeeded"], *done, subs, common)
    assert done[2]["createdAt"] < done[2]["startedAt"] < done[2]["lastUpdatedAt"]
    documents = await call("GET", f"{emulator.url}/jobs/{job}/documents?api-version={api}")
    match_exchange(exchanges["documents"], *documents, subs, common)


async def test_redact_job_echoes_its_format_and_a_null_surrogate_locale(staged):
    emulator, container = staged
    for api in (GA, PREVIEW):
        job = f"redact-{api[:4]}"
        body = body_for(container, operation="Redact", redaction_format="[{type}]")
        answer = await call("PUT", f"{emulator.url}/jobs/{job}?api-version={api}", json=body)
        match_exchange(LIFECYCLE["exchanges"]["create"], *answer, subs_for(emulator, container, job, api, "Redact"))


async def test_documents_and_jobs_page_with_links_a_raw_client_can_follow(staged):
    emulator, container = staged
    paging = load("paging")["exchanges"]
    for name in ("pages-a", "pages-b"):
        await call("PUT", f"{emulator.url}/jobs/{name}?api-version={GA}", json=body_for(container))
    await get_when(f"{emulator.url}/jobs/pages-b?api-version={GA}", lambda s, h, b: b["status"] == "Succeeded")
    subs = subs_for(emulator, container, "pages-b", GA)

    first = await call("GET", f"{emulator.url}/jobs/pages-b/documents?api-version={GA}&maxpagesize=2")
    match_exchange(paging["documents_first_page"], *first, subs)
    last = await call("GET", first[2]["nextLink"])  # exactly as sent: it carries the api-version
    match_exchange(paging["documents_last_page"], *last, subs)
    ids = [d["id"] for d in first[2]["value"] + last[2]["value"]]
    assert len(set(ids)) == 3

    jobs = await call("GET", f"{emulator.url}/jobs?api-version={PREVIEW}&maxpagesize=1")
    match_exchange(paging["jobs_paged"], *jobs, {**subs, "api": PREVIEW})
    rest = await call("GET", jobs[2]["nextLink"])
    assert [j["name"] for j in jobs[2]["value"] + rest[2]["value"]] == ["pages-b", "pages-a"]  # newest first
    assert "nextLink" not in rest[2] and "inputLocale" in rest[2]["value"][0]["customizations"]


async def test_cancel_delete_and_the_404_answer_as_recorded(staged):
    emulator, container = staged
    exchanges = load("cancel_delete")["exchanges"]
    url = f"{emulator.url}/jobs/to-cancel?api-version={PREVIEW}"
    await call("PUT", url, json=body_for(container))
    await get_when(url, lambda s, h, b: b["status"] == "Running")
    subs = subs_for(emulator, container, "to-cancel", PREVIEW)
    canceled = await call("POST", f"{emulator.url}/jobs/to-cancel:cancel?api-version={PREVIEW}")
    match_exchange(exchanges["cancel"], *canceled, subs)
    summary = canceled[2]["summary"]
    assert summary["successful"] + summary["canceled"] <= summary["total"]
    match_exchange(exchanges["delete"], *await call("DELETE", url), subs)
    match_exchange(exchanges["get_deleted"], *await call("GET", url), subs)


async def test_empty_job_and_api_version_errors_answer_as_recorded(staged):
    emulator, container = staged
    exchanges = load("errors")["exchanges"]
    url = f"{emulator.url}/jobs/empty?api-version={GA}"
    await call("PUT", url, json=body_for(container, prefix="no_files_in_this_folder"))
    failed = await get_when(url, lambda s, h, b: b["status"] == "Failed" and "Retry-After" in h)
    match_exchange(exchanges["empty_job"], *failed, subs_for(emulator, container, "empty", GA))
    for name, version in (("unknown_api_version", "2030-01-01"), ("deprecated_api_version", "2024-07-12-preview")):
        answer = await call("GET", f"{emulator.url}/jobs?api-version={version}")
        match_exchange(exchanges[name], *answer, {})


async def test_deid_answers_as_recorded_including_surrogate_only(emulator):
    exchanges = load("deid")["exchanges"]
    for exchange in exchanges.values():
        api = exchange.get("api", GA)
        answer = await call("POST", f"{emulator.url}/deid?api-version={api}", json=exchange["request"])
        match_exchange(exchange, *answer, {})
        assert answer[2]["outputText"].startswith("Hello, my name is ") and "John Smith" not in answer[2]["outputText"]
