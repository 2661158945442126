"""The queue keeps a slim record of each job (what its columns, sorts, filter and the action rules
read), never the cache's whole view; whatever needs the whole job reads it as the cache has it now."""

from __future__ import annotations

import gc
import random
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta

from textual.app import App, ComposeResult
from textual.geometry import Region

from deidtui.domain.briefs import JobBrief
from deidtui.domain.jobs import JobView
from deidtui.domain.models import Job, JobSpec, JobStatus, JobSummary, Progress
from deidtui.tui.widgets.job_table import JobTable

from .test_queue_order import view

SLIM_FIELDS = {
    "name",
    "profile",
    "status",
    "deleted",
    "outcome",
    "failed",
    "operation",
    "summarized",
    "created",
    "started",
    "updated",
    "route",  # source and target in one string
    "done",
    "total",
    "revision",
    "run",
}


class QueueApp(App):
    def compose(self) -> ComposeResult:
        yield JobTable()


async def test_the_queue_holds_only_slim_records_and_reads_the_whole_current_job_on_demand():
    rng = random.Random(7)
    cache = {f"job-{i:02}": view(f"job-{i:02}", rng, 1) for i in range(40)}
    reads: list[str] = []

    async def read_job(job: JobBrief) -> JobView | None:
        reads.append(job.name)
        return cache.get(job.name)

    app = QueueApp()
    async with app.run_test(size=(120, 20)):
        table = app.query_one(JobTable)
        table.read_job = read_job
        table.upsert(cache.values())
        await app.workers.wait_for_complete()

        held = table.jobs()
        assert len(held) == 40 and all(type(job) is JobBrief for job in held)
        assert {f.name for f in fields(JobBrief)} == SLIM_FIELDS
        # Nothing the queue holds of a job is the whole record: no view, job, spec, summary,
        # progress or datetime is reachable from the records (their fields are plain values).
        whole = (JobView, Job, JobSpec, JobSummary, Progress, datetime)
        referents = gc.get_referents(*held)
        assert not [r for r in referents if isinstance(r, whole)]
        assert not [r for r in gc.get_referents(*table._rows.values()) if isinstance(r, whole)]

        # The cache moves on without the queue hearing of it: the whole job read is the current one.
        name = table.highlighted
        assert name is not None
        newer = replace(
            cache[name],
            revision=2,
            job=replace(cache[name].job, spec=replace(cache[name].job.spec, target_prefix="moved/")),
        )
        cache[name] = newer
        assert await table.full_job(name) is newer
        assert reads == [name]
        assert await table.full_job("no-such-job") is None


async def test_a_change_repaints_only_the_cells_that_changed_not_the_whole_line():
    """A job on screen whose progress moved: only its PROGRESS cell is sent to the terminal again."""

    def finished(name: str, succeeded: int, revision: int) -> JobView:
        created = datetime(2026, 11, 1, tzinfo=UTC)
        job = Job(
            name=name,
            spec=JobSpec("https://acct.blob.core.windows.net/notes", "in/", "out/"),
            status=JobStatus.SUCCEEDED,
            created_at=created,
            last_updated_at=created + timedelta(minutes=3),
            started_at=created,
        )
        return JobView(
            job, "p", created, created, False, None, None, Progress(total=10, succeeded=succeeded), revision=revision
        )

    app = QueueApp()
    async with app.run_test(size=(160, 20)) as pilot:
        table = app.query_one(JobTable)
        table.upsert([finished(f"job-{i}", 3, 1) for i in range(5)])
        await pilot.pause()
        name = table.order[2]
        assert " 3/10" in table.render_line(3).text
        painted: list[tuple[Region, ...]] = []
        refresh = table.refresh
        table.refresh = lambda *regions, **options: (painted.append(regions), refresh(*regions, **options))[1]  # type: ignore[method-assign]
        table.upsert([finished(name, 7, 2)])
        x = 0
        for column, width in table._layout(table.row_width):
            if column.key == "progress":
                break
            x += width + 1
        assert painted == [(Region(x, 3, width, 1),)]  # line 3: the header, then rows 0, 1 and 2
        await pilot.pause()
        assert " 7/10" in table.render_line(3).text
