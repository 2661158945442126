"""`jobs list --cached` works from the cache file alone: it never loads the Azure SDK, and its
filters (chosen in the cache's query) list exactly what the same rules over every job list."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from deidtui.cache import JobCache
from deidtui.domain.models import (
    Document,
    DocumentLocation,
    Job,
    JobSpec,
    JobStatus,
    JobSummary,
    Operation,
)

T0 = datetime(2026, 11, 1, tzinfo=UTC)
STATUSES = list(JobStatus)


def _job(i: int) -> Job:
    status = STATUSES[i % len(STATUSES)]
    created = T0 + timedelta(hours=i)
    return Job(
        name=f"job-{i:03}",
        spec=JobSpec(
            "https://acct.blob.core.windows.net/notes", f"in/{i}/", f"out/{i}/", operation=list(Operation)[i % 3]
        ),
        status=status,
        created_at=created,
        last_updated_at=created + timedelta(minutes=5),
        started_at=created,
        # Some failed jobs had documents succeed: partially failed, listed as "partial".
        summary=JobSummary(2, 1, 0, 3, 10) if status is JobStatus.FAILED and i % 2 else None,
    )


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    cache = tmp_path / "cache.sqlite3"

    async def fill() -> None:
        async with await JobCache.open(cache) as store:
            await store.upsert_jobs("env", [_job(i) for i in range(60)])
            document = Document(
                id="00000000-0000-0000-0000-000000000001",
                input=DocumentLocation("https://acct.blob.core.windows.net/notes/in/1/a.txt", "0x1"),
                status=JobStatus.SUCCEEDED,
                output=DocumentLocation("https://acct.blob.core.windows.net/notes/out/1/a.txt", "0x2"),
            )
            await store.upsert_documents("env", "job-003", [document])
            await store.mark_deleted("env", {"job-010"})

    import asyncio

    asyncio.run(fill())
    base = {k: v for k, v in os.environ.items() if not k.startswith("DEIDTUI_") and not k.startswith("AZURE_")}
    return {
        **base,
        "DEIDTUI_ENDPOINT": "http://127.0.0.1:9",
        "DEIDTUI_CREDENTIAL": "local",
        "DEIDTUI_CACHE": str(cache),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
        "NO_COLOR": "1",
    }


def listing(env: dict[str, str], *args: str) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-m", "deidtui", "jobs", "list", "--cached", "-o", "json", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_cached_listing_never_loads_the_azure_sdk(env):
    code = (
        "import sys\n"
        "from deidtui.cli import main\n"
        "code = main(['jobs', 'list', '--cached', '-o', 'json'])\n"
        "loaded = sorted(m for m in sys.modules if m == 'azure' or m.startswith('azure.'))\n"
        "print(code, loaded[:5], file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.stderr.strip().splitlines()[-1] == "0 []", result.stderr
    assert len(json.loads(result.stdout)) == 59  # and it listed the jobs (the deleted one aside)


@pytest.mark.parametrize(
    "args",
    [
        ["--status", "failed"],
        ["--status", "partial"],
        ["--status", "succeeded,canceled"],
        ["--status", "queued,partial"],
        ["--operation", "redact"],
        ["--since", "2026-11-02T06:00"],
        ["--status", "running", "--operation", "tag,surrogate", "--since", "2026-11-01T10:00", "--all"],
    ],
)
def test_cached_filters_list_what_the_rules_choose_from_every_job(env, args):
    everything = listing(env, "--all")
    assert len(everything) == 60
    options = dict(zip(args[::2], args[1::2], strict=False))
    statuses = set(options.get("--status", "").split(",")) - {""}
    wanted_status = {"NotStarted" if s == "queued" else s.capitalize() for s in statuses}
    operations = {o.capitalize() for o in options.get("--operation", "").split(",") if o}
    since = datetime.fromisoformat(options["--since"]).replace(tzinfo=UTC) if "--since" in options else None
    expected = [
        job["name"]
        for job in everything
        if ("--all" in args or not job["deleted"])
        and (not statuses or job["status"] in wanted_status or ("partial" in statuses and job["partiallyFailed"]))
        and (not operations or job["operation"] in operations)
        and (since is None or datetime.fromisoformat(job["createdAt"].replace("Z", "+00:00")) >= since)
    ]
    assert [job["name"] for job in listing(env, *args)] == expected
    assert expected  # each case chooses something
    if "partial" in statuses:  # a partially failed job is among them, and a failed one that is not
        chosen = [job for job in everything if job["name"] in expected]
        assert any(job["partiallyFailed"] for job in chosen)


def test_an_offline_listing_that_matches_nothing_still_says_it_shows_the_cache(env):
    result = subprocess.run(
        [sys.executable, "-m", "deidtui", "jobs", "list", "--status", "running", "--since", "2030-01-01", "-o", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 8, result.stderr
    assert json.loads(result.stdout) == []
    assert "showing cached jobs" in result.stderr
