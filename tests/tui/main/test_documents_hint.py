"""The documents table of a job with no cached documents says when they will load, and that depends
on whether deidtui can reach the service: "they load while this job is shown" is false while the
service is offline, and would leave an operator waiting for rows that cannot come."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from deidtui.cache import JobCache
from deidtui.config import PollSettings, Profile
from deidtui.domain.models import Job, JobSpec, JobStatus, Operation
from deidtui.engine import Engine, EngineState
from deidtui.tui.app import DeidApp
from deidtui.tui.widgets.job_detail import JobDetail
from deidtui.tui.widgets.status_bar import StatusBar
from tests.support import until

POLL = PollSettings(active_interval=0.5, sweep_interval=2.0, budget_requests=80, budget_window=5.0)


def running_job() -> Job:
    created = datetime.now(UTC) - timedelta(minutes=5)
    return Job(
        name="nightly-running",
        spec=JobSpec(
            source_location="https://contosohealth.blob.core.windows.net/notes",
            source_prefix="in/",
            target_prefix="out/",
            operation=Operation.SURROGATE,
        ),
        status=JobStatus.RUNNING,
        created_at=created,
        last_updated_at=created + timedelta(seconds=30),
        started_at=created + timedelta(seconds=3),
    )


def documents_hint(detail: JobDetail) -> str:
    return detail.table.render_empty(120).text.strip()


async def test_an_offline_service_is_named_as_the_reason_documents_do_not_load(tmp_path):
    path = tmp_path / "jobs.sqlite3"
    async with await JobCache.open(path) as cache:
        await cache.upsert_jobs("contoso-prod", [running_job()])
    profile = Profile(name="contoso-prod", endpoint="http://127.0.0.1:9", credential="local", poll=POLL)
    app = DeidApp(Engine(profile, cache_path=path, foreign_check=0.05))
    async with app.run_test(size=(160, 48)) as pilot:
        status = app.screen.query_one(StatusBar)
        detail = app.screen.query_one(JobDetail)
        await until(pilot, lambda: detail.shown_name == "nightly-running")
        await until(pilot, lambda: status.state is EngineState.OFFLINE)
        await until(pilot, lambda: "offline" in documents_hint(detail))
        hint = documents_hint(detail)
        assert "load while this job is shown" not in hint, hint
        assert "once the service answers" in hint, hint
        assert "once the service answers" in "\n".join(
            strip.text for strip in (detail.table.render_line(y) for y in range(detail.table.size.height))
        )
