"""Every command that talks to the service first settles the submissions an interrupted command
left pending, says what became of them, and spends a bounded number of requests doing it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from deidtui.cache import JobCache
from deidtui.domain.models import JobSpec

from ..fault_proxy import fault_proxy
from ..support import deid_client

PROFILE = "env"  # the profile made from DEIDTUI_* variables alone


def leave_pending(cache: Path, names: list[str], source: str, *, created_on: str | None = None) -> JobSpec:
    """What `jobs submit` killed after recording its intent leaves (and, with `created_on`, after
    the service received its PUT)."""
    spec = JobSpec(source_location=source, source_prefix="in/", target_prefix="out/")

    async def record() -> None:
        async with await JobCache.open(cache) as opened:
            for name in names:
                await opened.record_intent(PROFILE, name, spec, kind="submit")
        if created_on is not None:
            async with deid_client(created_on) as client:
                for name in names:
                    await client.begin_deidentify_documents(name, spec.to_rest(), polling=False)

    asyncio.run(record())
    return spec


def test_jobs_list_after_a_crash_settles_and_shows_the_submission(deidtui, cli_env, emulator, container):
    cache = Path(cli_env["DEIDTUI_CACHE"])
    leave_pending(cache, ["made-before-crash"], container.url, created_on=emulator.url)
    leave_pending(cache, ["never-sent"], container.url)
    listed = deidtui("jobs", "list", "-o", "json")
    assert listed.code == 0, listed.err
    assert sorted(job["name"] for job in listed.json()) == ["made-before-crash", "never-sent"]
    assert "interrupted submission made-before-crash: the service has it; confirmed" in listed.err
    assert "interrupted submission never-sent: the service did not have it; submitted now" in listed.err
    again = deidtui("jobs", "list", "-o", "json")
    assert "interrupted" not in again.err  # said once: nothing is pending any more


def test_cached_and_read_only_commands_send_nothing_to_settle(deidtui, cli_env, emulator, container):
    cache = Path(cli_env["DEIDTUI_CACHE"])
    leave_pending(cache, ["waiting"], container.url)
    with fault_proxy(emulator.url) as service:
        env = {"DEIDTUI_ENDPOINT": service.url}
        cached = deidtui("jobs", "list", "--cached", env=env)
        read_only = deidtui("jobs", "list", "--read-only", env=env)
    assert cached.code == 0 and "interrupted" not in cached.err
    assert read_only.code == 0, read_only.err
    assert "1 interrupted submission(s) pending (waiting); a command without --read-only settles them" in read_only.err
    assert not any(r.startswith("PUT") or "/jobs/waiting" in r for r in service.requests), service.requests


def test_settling_spends_a_bounded_number_of_requests(deidtui, cli_env, emulator, container):
    cache = Path(cli_env["DEIDTUI_CACHE"])
    leave_pending(cache, [f"pending-{i:02}" for i in range(30)], container.url)
    with fault_proxy(emulator.url) as service:
        listed = deidtui("jobs", "list", "-o", "json", env={"DEIDTUI_ENDPOINT": service.url})
    assert listed.code == 0, listed.err
    settling = [r for r in service.requests if "/jobs/pending-" in r]
    assert 1 <= len(settling) <= 11, settling  # SETTLE_REQUESTS, and one settlement finishing past it
    assert "still pending" in listed.err and "the next command settles them" in listed.err
