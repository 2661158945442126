"""Inputs no request could succeed with are refused by deidtui itself: one line, exit 2, nothing sent.

The CLI is pointed at counting proxies in front of the emulator and Azurite, so "nothing sent"
is counted, not assumed; the controls at the end prove the proxies do see what a valid call sends.
"""

from __future__ import annotations

import pytest

from .counting_proxy import CountingProxy, counting_proxy

SPEC = ["--source", "notes", "--prefix", "in/", "--target-prefix", "out/"]
# Names the service can never hold: empty, too short, too long, path traversal, a path,
# characters outside [A-Za-z0-9_-], and ends that are not a letter or digit.
IMPOSSIBLE_NAMES = ["", "ab", "x" * 37, "../x", "a/b/c", "job name", "abc!", "abc-"]
NAME_COMMANDS = [
    ["jobs", "show"],
    ["jobs", "documents"],
    ["jobs", "cancel"],
    ["jobs", "delete", "--yes"],
    ["jobs", "watch"],
    ["jobs", "resubmit"],
]


@pytest.fixture
def proxies(emulator, azurite):
    with counting_proxy(emulator.url) as service, counting_proxy(azurite.url) as storage:
        yield service, storage


@pytest.fixture
def through_proxies(deidtui, proxies, azurite):
    """`deidtui` talking to the emulator and Azurite through the counting proxies."""
    service, storage = proxies
    connection = azurite.connection_string.replace(azurite.url, storage.url)
    env = {"DEIDTUI_ENDPOINT": service.url, "DEIDTUI_STORAGE_CONNECTION_STRING": connection}

    def run(*args: str):
        return deidtui(*args, env=env)

    return run


def assert_refused(result, proxies: tuple[CountingProxy, CountingProxy], needle: str) -> None:
    service, storage = proxies
    assert result.code == 2, result.err
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0], result.err
    assert "Traceback" not in result.err and result.out == ""
    assert service.requests == [] and storage.requests == [], (service.requests, storage.requests)


@pytest.mark.parametrize("name", IMPOSSIBLE_NAMES)
@pytest.mark.parametrize("command", NAME_COMMANDS, ids=lambda c: c[1])
def test_a_job_name_that_can_never_be_valid_is_refused(through_proxies, proxies, command, name):
    result = through_proxies(*command, name)
    assert_refused(result, proxies, "job name")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["jobs", "submit", *SPEC, "--extensions", ""], "--extensions"),
        (["jobs", "submit", *SPEC, "--extensions", " , "], "--extensions"),
        (["jobs", "submit", *SPEC, "--extensions", "*.txt,"], "--extensions"),
        (["jobs", "preview", *SPEC, "--extensions", ""], "--extensions"),
        (["jobs", "submit", *SPEC, "--wait", "--interval", "-1"], "--interval"),
        (["jobs", "submit", *SPEC, "--wait", "--interval", "nan"], "--interval"),
        (["jobs", "submit", *SPEC, "--wait", "--interval", "0"], "--interval"),
        (["jobs", "submit", *SPEC, "--wait", "--timeout", "-5"], "--timeout"),
        (["jobs", "submit", *SPEC, "--wait", "--timeout", "inf"], "--timeout"),
        (["jobs", "watch", "valid-job", "--interval", "NaN"], "--interval"),
        (["jobs", "watch", "valid-job", "--interval", "-0.5"], "--interval"),
        (["jobs", "watch", "valid-job", "--timeout", "-1"], "--timeout"),
        (["jobs", "resubmit", "valid-job", "--wait", "--interval", "-3"], "--interval"),
        (["jobs", "preview", *SPEC, "--samples", "-1"], "--samples"),
        (["jobs", "preview", *SPEC, "-n", "0"], "--samples"),
        (["jobs", "list", "--operation", "shred"], "--operation"),
        (["jobs", "list", "--operation", "tag,"], "--operation"),
        (["jobs", "submit", *SPEC, "--operation", "shred"], "--operation"),
        (["jobs", "list", "--query", "[?status=="], "--query"),
    ],
)
def test_an_impossible_value_is_refused_before_anything_is_sent(through_proxies, proxies, args, needle):
    assert_refused(through_proxies(*args), proxies, needle)


def test_the_proxies_count_what_a_valid_call_sends(through_proxies, proxies, container):
    """Controls: the same commands with possible values do reach the emulator and Azurite."""
    service, storage = proxies
    shown = through_proxies("jobs", "show", "valid-job")
    assert shown.code == 6 and any("/jobs/valid-job" in r for r in service.requests)
    container.put("in/a.txt", "Patient John Smith.")
    name = container.url.rsplit("/", 1)[1]
    submitted = through_proxies(
        "jobs", "submit", "--source", name, "--prefix", "in/", "--target-prefix", "o/", "--extensions", "*.txt"
    )
    assert submitted.code == 0, submitted.err
    assert storage.requests and any(r.startswith("PUT /jobs/") for r in service.requests)
