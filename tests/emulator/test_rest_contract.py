"""The REST contract at the HTTP level: api-version, auth, error shape, validation, paging tokens."""

from __future__ import annotations

import aiohttp
import pytest

from ..support import job_body
from .rest import API, call


def assert_error(status, headers, body, expected_status, code, target=None):
    assert status == expected_status
    assert body["error"]["code"] == code and body["error"]["message"]
    assert headers["x-ms-error-code"] == code
    if target is not None:
        assert body["error"].get("target") == target


async def test_missing_api_version_is_400_with_error_body(emulator):
    status, headers, body = await call("GET", f"{emulator.url}/jobs")
    assert_error(status, headers, body, 400, "MissingApiVersionParameter", "api-version")


async def test_unknown_api_version_is_400(emulator):
    status, headers, body = await call("GET", f"{emulator.url}/jobs?api-version=1999-01-01")
    assert_error(status, headers, body, 400, "UnsupportedApiVersion")
    assert "2024-11-15" in body["error"]["message"]


async def test_request_without_bearer_token_is_401(emulator):
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{emulator.url}/jobs?{API}") as response:
            body = await response.json()
            assert response.status == 401 and body["error"]["code"] == "Unauthorized"
        async with session.get(f"{emulator.url}/jobs?{API}", headers={"Authorization": "Basic abc"}) as response:
            assert response.status == 401


async def test_client_request_id_is_echoed(emulator):
    status, headers, _ = await call("GET", f"{emulator.url}/jobs?{API}", headers={"x-ms-client-request-id": "abc-123"})
    assert status == 200 and headers["x-ms-client-request-id"] == "abc-123" and headers["x-ms-request-id"]


async def test_unknown_job_is_404(emulator):
    for method, path in [
        ("GET", "/jobs/ghost"),
        ("DELETE", "/jobs/ghost"),
        ("POST", "/jobs/ghost:cancel"),
        ("GET", "/jobs/ghost/documents"),
    ]:
        status, headers, body = await call(method, f"{emulator.url}{path}?{API}")
        assert_error(status, headers, body, 404, "JobNotFound")


async def test_put_answers_200_with_operation_location_and_defaults_echoed(emulator, container):
    container.put("in/a.txt", "hello")
    status, headers, body = await call(
        "PUT", f"{emulator.url}/jobs/loc-job?{API}", json=job_body(container.url, "in/", "out/")
    )
    assert status == 200 and "Retry-After" not in headers
    assert headers["Operation-Location"] == f"{emulator.url}/jobs/loc-job?{API}"
    assert headers["operation-id"] == "loc-job"
    assert body["name"] == "loc-job" and body["status"] == "NotStarted" and "summary" not in body
    assert body["sourceLocation"]["extensions"] == ["*"] and body["targetLocation"]["overwrite"] is False
    assert body["customizations"] == {"surrogateLocale": "en-US"}


@pytest.mark.parametrize(
    ("name", "mutate", "target", "needle"),
    [
        ("ab", None, "name", "3 to 36"),
        ("x" * 37, None, "name", "3 to 36"),
        ("-bad-start", None, "name", "start and end"),
        ("bad.char", None, "name", "letters, digits"),
        ("good-name", lambda b: b["sourceLocation"].update(location="not a url"), "sourceLocation.location", "URL"),
        (
            "good-name",
            lambda b: b["sourceLocation"].update(location="https://acct.blob.core.windows.net/c?sig=x"),
            "sourceLocation.location",
            "query",
        ),
        ("good-name", lambda b: b["sourceLocation"].update(prefix="p" * 1025), "sourceLocation.prefix", "1024"),
        ("good-name", lambda b: b["targetLocation"].update(prefix="p" * 1025), "targetLocation.prefix", "1024"),
        ("good-name", lambda b: b["targetLocation"].update(prefix=""), "targetLocation.prefix", "required"),
        ("good-name", lambda b: b.update(operation="Scramble"), "operation", "Tag, Redact, Surrogate"),
        (
            "good-name",
            lambda b: b.update(operation="Redact", customizations={"redactionFormat": "x" * 17}),
            "customizations.redactionFormat",
            "16",
        ),
        (
            "good-name",
            lambda b: b.update(operation="Redact", customizations={"redactionFormat": "{type}{type}"}),
            "customizations.redactionFormat",
            "at most once",
        ),
        (
            "good-name",
            lambda b: b.update(customizations={"surrogateLocale": "xx-XX"}),
            "customizations.surrogateLocale",
            "not supported",
        ),
        ("good-name", lambda b: b.pop("sourceLocation"), "sourceLocation", "required"),
        ("good-name", lambda b: b["sourceLocation"].update(extensions="txt"), "sourceLocation.extensions", "list"),
        (
            "good-name",
            lambda b: b["targetLocation"].update(overwrite="yes"),
            "targetLocation.overwrite",
            "true or false",
        ),
    ],
)
async def test_invalid_job_is_400_naming_the_field(emulator, name, mutate, target, needle):
    body = job_body("http://127.0.0.1:10000/devstoreaccount1/notes", "in/", "out/")
    if mutate:
        mutate(body)
    status, headers, answer = await call("PUT", f"{emulator.url}/jobs/{name}?{API}", json=body)
    assert_error(status, headers, answer, 400, "InvalidRequest", target)
    assert needle in answer["error"]["message"]


async def test_body_that_is_not_json_is_400(emulator):
    status, headers, body = await call(
        "PUT", f"{emulator.url}/jobs/x-job?{API}", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert_error(status, headers, body, 400, "InvalidRequest")


async def test_garbled_continuation_token_is_400(emulator):
    status, headers, body = await call("GET", f"{emulator.url}/jobs?{API}&continuationToken=%%%garbage")
    assert_error(status, headers, body, 400, "InvalidRequest", "continuationToken")


async def test_unknown_action_and_path_are_404_in_azure_shape(emulator):
    status, headers, body = await call("POST", f"{emulator.url}/jobs/some-job:restart?{API}")
    assert_error(status, headers, body, 404, "NotFound")
    status, headers, body = await call("GET", f"{emulator.url}/nowhere?{API}")
    assert_error(status, headers, body, 404, "NotFound")


async def test_deid_rejects_oversized_and_malformed_input(emulator):
    status, headers, body = await call("POST", f"{emulator.url}/deid?{API}", json={"inputText": "a" * 60_000})
    assert_error(status, headers, body, 413, "InputTooLarge", "inputText")
    status, headers, body = await call("POST", f"{emulator.url}/deid?{API}", json={"text": "wrong key"})
    assert_error(status, headers, body, 400, "InvalidRequest", "inputText")
    status, headers, body = await call(
        "POST",
        f"{emulator.url}/deid?{API}",
        json={"inputText": "x", "operation": "Redact", "customizations": {"redactionFormat": "{len}"}},
    )
    assert_error(status, headers, body, 400, "InvalidRequest", "customizations.redactionFormat")
