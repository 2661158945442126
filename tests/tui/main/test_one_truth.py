"""One truth on the screen: whatever happens, the dashboard shows what the cache holds.

A model-based test (Hypothesis): random sequences of what happens to an operator's dashboard (jobs
written by this process and by another deidtui process sharing the cache file: status changes,
progress, documents, deletions, re-creations; the cache reopened; the filter, the sort, the
cursor and the terminal size changed; a job's details screen opened over them) are played through
the real dashboard in Pilot, and after every step the queue's rows, the visible lines, the
filter's matches, the detail pane, the details screen and the status bar must agree with the
cache. The second process is a real one (`cache_writer.py`).

`DEIDTUI_MODEL_EXAMPLES` raises the number of generated sequences (CI runs the default).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deidtui.config import PollSettings, Profile
from deidtui.domain import rules
from deidtui.domain.briefs import brief_of
from deidtui.domain.models import (
    Document,
    DocumentLocation,
    Job,
    JobSpec,
    JobStatus,
    JobSummary,
    Operation,
    ServiceError,
)
from deidtui.engine import Engine
from deidtui.tui.app import DeidApp
from deidtui.tui.screens.job_details import JobDetailsScreen
from deidtui.tui.screens.main import MainScreen
from deidtui.tui.widgets.job_detail import JobDetail
from deidtui.tui.widgets.job_table import JobTable
from deidtui.tui.widgets.status_bar import StatusBar

EXAMPLES = int(os.environ.get("DEIDTUI_MODEL_EXAMPLES", "30"))
MIN_STEPS = 25
MAX_STEPS = 80
CONVERGE = 10.0  # seconds a step may take to show on screen before the test fails
T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
CONTAINER = "https://contosohealth.blob.core.windows.net/notes"
NAMES = ("alpha-ok", "bravo-run", "charlie-tag", "delta-red", "echo-x", "fox-y")
OPERATIONS = {"charlie-tag": Operation.TAG, "delta-red": Operation.REDACT}
FILTERS = ("", "status:run", "status:failed", "status:succeeded,canceled", "op:tag", "!status:succeeded", "re:^[a-c]")
WRITER = Path(__file__).with_name("cache_writer.py")


# -- what can happen ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WriteJob:
    writer: str  # "self" (this dashboard's engine) or "other" (another process)
    name: str
    status: JobStatus
    settled: tuple[int, int, int] | None  # summary (succeeded, failed, total) when finished
    recreated: bool


@dataclass(frozen=True)
class WriteDocuments:
    writer: str
    name: str
    documents: tuple[tuple[int, JobStatus], ...]


@dataclass(frozen=True)
class DeleteJob:
    writer: str
    name: str


@dataclass(frozen=True)
class UiStep:
    kind: str  # "filter", "key", "resize", "reopen", "details" (opens the job's details, or closes them)
    value: object


UI_VALUES = {
    "filter": st.sampled_from(FILTERS),
    "key": st.sampled_from(("down", "up", "home", "end", "pagedown", "s", "S")),
    "resize": st.sampled_from(((80, 24), (160, 48), (120, 40), (100, 12))),
    "reopen": st.none(),
    "details": st.none(),
}
# Reopening rebuilds the whole screen: rarer than the rest, which it would otherwise slow down.
ui_steps = st.sampled_from(
    ("filter", "filter", "key", "key", "key", "resize", "resize", "reopen", "details", "details")
).flatmap(lambda kind: st.builds(UiStep, st.just(kind), UI_VALUES[kind]))
writers = st.sampled_from(("self", "other"))
names = st.sampled_from(NAMES)
statuses = st.sampled_from(list(JobStatus))
steps = st.one_of(
    st.builds(
        WriteJob,
        writers,
        names,
        statuses,
        st.one_of(st.none(), st.tuples(st.integers(0, 4), st.integers(0, 4)).map(lambda p: (*p, p[0] + p[1]))),
        st.integers(0, 7).map(lambda i: i == 0),  # now and then deleted and created again
    ),
    st.builds(
        WriteDocuments,
        writers,
        names,
        st.lists(st.tuples(st.integers(0, 5), statuses), min_size=1, max_size=4).map(tuple),
    ),
    st.builds(DeleteJob, writers, names),
    ui_steps,
)


# -- the world the steps act on ----------------------------------------------------------------------


class World:
    """The jobs' service-side facts the steps build on (timestamps that move forward, incarnations)."""

    def __init__(self) -> None:
        self.tick = 0
        self.incarnation: dict[str, int] = dict.fromkeys(NAMES, 0)
        self.status: dict[str, JobStatus] = {}

    def job(self, step: WriteJob) -> Job:
        self.tick += 1
        if step.recreated:
            self.incarnation[step.name] += 1
        created = T0 + timedelta(hours=self.incarnation[step.name], minutes=NAMES.index(step.name))
        summary = None
        if step.status.is_terminal and step.settled is not None:
            succeeded, failed, total = step.settled
            summary = JobSummary(succeeded, failed, 0, total, 100 * total)
        error = ServiceError("DocumentsFailed", "some failed") if step.status is JobStatus.FAILED else None
        return Job(
            name=step.name,
            spec=JobSpec(
                source_location=CONTAINER,
                source_prefix=f"in/{step.name}/",
                target_prefix=f"out/{step.name}/",
                operation=OPERATIONS.get(step.name, Operation.SURROGATE),
            ),
            status=step.status,
            created_at=created,
            last_updated_at=created + timedelta(minutes=30, seconds=self.tick),
            started_at=None if step.status is JobStatus.NOT_STARTED else created + timedelta(seconds=5),
            summary=summary,
            error=error,
        )

    @staticmethod
    def documents(step: WriteDocuments) -> list[Document]:
        return [
            Document(
                id=f"{step.name}-doc-{index}",
                input=DocumentLocation(f"{CONTAINER}/in/{step.name}/note-{index}.txt", None),
                status=status,
                output=DocumentLocation(f"{CONTAINER}/out/{step.name}/note-{index}.txt")
                if status is JobStatus.SUCCEEDED
                else None,
                error=ServiceError("DocumentTooLarge", "over 2 MB") if status is JobStatus.FAILED else None,
            )
            for index, status in step.documents
        ]


class OtherProcess:
    """A second deidtui process writing to the same cache file."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WRITER), str(path), "test"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    async def send(self, command: dict) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        answer = await asyncio.to_thread(self.process.stdout.readline)
        assert answer.strip() == "ok", answer

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=10)


# -- what must hold after every step -------------------------------------------------------------------


async def disagreements(app: DeidApp) -> list[str]:
    """Where the screen and the cache disagree (empty: they agree)."""
    engine = app.engine
    screen = main_screen(app)
    truth = {view.name: view for view in await engine.jobs(include_deleted=True)}
    table = screen.query_one(JobTable)
    found: list[str] = []
    listed = {name: view for name, view in truth.items() if not view.deleted}
    for name, view in truth.items():
        shown = table.job(name)
        if view.deleted:
            if name in table.order:
                found.append(f"{name}: deleted in the cache, still in the queue")
            continue
        if shown is None:
            found.append(f"{name}: in the cache, not in the queue")
        elif shown != brief_of(view):  # the queue keeps a slim record of the cache's view
            found.append(f"{name}: queue says {shown.outcome.value}, cache says {rules.outcome(view).value}")
        elif await table.full_job(name) != view:  # the whole job is read from the cache as it is now
            found.append(f"{name}: the queue reads a job other than the cache's")
    job_filter = table.job_filter
    matches = {name for name, view in listed.items() if job_filter is None or job_filter(view)}
    if set(table.order) != matches:
        found.append(f"filter matches {sorted(table.order)}, cache {sorted(matches)}")
    header = table.render_line(0).text
    top = table.scroll_offset.y
    for y in range(1, table.size.height):
        index = top + y - 1
        if index >= len(table.order):
            break
        name = table.order[index]
        view = truth.get(name)
        if view is None:
            continue
        line = table.render_line(y).text
        words = rules.outcome(view).value
        if words[: max(0, min(len(words), 6))] not in line:
            found.append(f"line {y} ({name}) does not say {words}: {line.strip()!r}")
        counts = rules.counts(view)
        if "PROGRESS" in header and counts.total and f"{counts.processed}/{counts.total}" not in line:
            found.append(f"line {y} ({name}) does not show {counts.processed}/{counts.total}: {line.strip()!r}")
    detail = screen.query_one(JobDetail)
    highlighted = table.highlighted
    if highlighted is not None and highlighted in listed:
        shown_view = detail.cached
        if detail.shown_name != highlighted or shown_view is None:
            found.append(f"detail shows {detail.shown_name}, the cursor is on {highlighted}")
        else:
            if shown_view.job != listed[highlighted].job:
                found.append(f"detail of {highlighted} is stale: {shown_view.status} vs {listed[highlighted].status}")
            # The pane holds a window of the documents: it must be the cache's rows at those places.
            cached_documents = await engine.documents(highlighted)
            first, end = detail.table.window
            documents = [(d.id, d.status) for d in cached_documents[first:end]]
            table_documents = [(d.id, d.status) for d in detail.table.held()] if not detail.table.failed_only else None
            if table_documents is not None and (
                table_documents != documents or detail.table.total_count != len(cached_documents)
            ):
                found.append(f"documents of {highlighted}: pane {table_documents}, cache {documents}")
    elif highlighted is None and detail.shown_name is not None and detail.shown_name in listed and table.row_count:
        found.append(f"detail shows {detail.shown_name} with no job under the cursor")
    if isinstance(app.screen, JobDetailsScreen):  # open over the queue while the jobs change
        details = app.screen.view
        view = truth.get(details.name)
        if view is not None and (details.job, details.deleted) != (view.job, view.deleted):
            found.append(f"details of {details.name} say {details.status}, the cache says {view.status}")
    total = screen.query_one(StatusBar).jobs_total
    if total != len(listed):
        found.append(f"status bar counts {total} jobs, the cache lists {len(listed)}")
    return found


async def converged(app: DeidApp, pilot) -> None:
    deadline = asyncio.get_running_loop().time() + CONVERGE
    while True:
        await pilot.pause()
        found = await disagreements(app)
        if not found:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the screen disagrees with the cache: " + "; ".join(found))
        await asyncio.sleep(0.01)


# -- playing a sequence ----------------------------------------------------------------------------------


def profile() -> Profile:
    return Profile(
        name="test",
        endpoint="http://127.0.0.1:9",
        credential="local",
        poll=PollSettings(active_interval=0.2, sweep_interval=1.0, budget_requests=80, budget_window=5.0),
    )


async def play(sequence: list[object], cache_path: Path) -> None:
    def engine_for(_: Profile) -> Engine:
        return Engine(profile(), cache_path=cache_path, foreign_check=0.02)

    app = DeidApp(
        engine_for(profile()),
        start_engine=False,
        profile_names=["test"],
        profile_loader=lambda _name: profile(),
        engine_factory=engine_for,
    )
    app.event_pace = 0.01
    world = World()
    other = OtherProcess(cache_path)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            app.screen.select_delay = 0.0  # the cursor's debounce is for fast scrolling, not for the truth
            await converged(app, pilot)
            for number, step in enumerate(sequence, 1):
                await perform(step, app, pilot, world, other)
                try:
                    await converged(app, pilot)
                except AssertionError as failure:
                    raise AssertionError(f"after step {number} ({step}): {failure}") from None
    finally:
        other.close()
        await app.engine.stop()


async def perform(step: object, app: DeidApp, pilot, world: World, other: OtherProcess) -> None:
    if isinstance(step, WriteJob):
        job = world.job(step)
        if step.writer == "other":
            await other.send({"upsert": [job.to_rest()]})
        else:
            await own_cache(app).upsert_jobs("test", [job])
    elif isinstance(step, WriteDocuments):
        documents = world.documents(step)
        if step.writer == "other":
            await other.send({"documents": [step.name, [d.to_rest() for d in documents]]})
        else:
            await own_cache(app).upsert_documents("test", step.name, documents)
    elif isinstance(step, DeleteJob):
        if step.writer == "other":
            await other.send({"delete": [step.name]})
        else:
            await own_cache(app).mark_deleted("test", {step.name})
    elif isinstance(step, UiStep):
        if isinstance(app.screen, JobDetailsScreen):
            await pilot.press("escape")  # the details close: the step is about the screen under them
            if step.kind == "details":
                return
        if step.kind == "details":
            app.screen.query_one(JobTable).focus()
            await pilot.press("e")  # on the highlighted job; with none, a toast says so
        elif step.kind == "filter":
            app.screen.query_one("#filter").value = step.value
        elif step.kind == "key":
            app.screen.query_one(JobTable).focus()
            await pilot.press(str(step.value))
        elif step.kind == "resize":
            width, height = step.value  # type: ignore[misc]
            await pilot.resize_terminal(width, height)
        else:
            await app.switch_profile("test")  # the dashboard reopened on the same cache
            app.screen.select_delay = 0.0


def main_screen(app: DeidApp) -> MainScreen:
    """The dashboard's screen, under whatever is open over it."""
    return next(screen for screen in app.screen_stack if isinstance(screen, MainScreen))


def own_cache(app: DeidApp):
    """This dashboard's own connection to the cache: the one its poller and actions write through."""
    return app.engine._cache


@pytest.mark.timeout(600)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(sequence=st.lists(steps, min_size=MIN_STEPS, max_size=MAX_STEPS))
def test_the_screen_always_shows_what_the_cache_holds(sequence, tmp_path_factory):
    cache_path = tmp_path_factory.mktemp("one-truth") / "cache.sqlite3"
    asyncio.run(play(sequence, cache_path))


# -- the reported scenario, end to end: the CLI writes first, the dashboard must follow ------------------


async def test_jobs_the_cli_stores_first_show_in_the_dashboard_and_cancels_show_at_once(
    emulator_factory, container, azurite, cli_env, deidtui
):
    """As reported: jobs that `deidtui jobs list` stored in the shared cache first never appeared in
    the dashboard, and jobs cancelled with `deidtui jobs cancel` stayed "running" there. The dashboard
    here does no sweep of its own while the test runs: only the cache can tell it."""
    from tests.support import deid_client, job_body, local_profile, until

    emulator = emulator_factory(doc_delay_ms=2000, concurrency=1)
    container.put("in/a.txt", "Patient John Smith was seen on 10/12/2023.")
    for i in range(40):
        container.put(f"slow/{i:02}.txt", "Patient Jane Roe, MRN 1234567.")
    profile = local_profile(emulator.url, azurite.connection_string, name="env", sweep_interval=600.0)
    engine = Engine(profile, cache_path=Path(cli_env["DEIDTUI_CACHE"]), foreign_check=0.2)
    app = DeidApp(engine)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: engine.sweeps >= 1, timeout=30)  # its first sweep saw no job
        table = app.screen.query_one(JobTable)
        async with deid_client(emulator.url) as client:
            for i in range(5):
                await client.begin_deidentify_documents(f"done-{i}", job_body(container.url, "in/", f"o{i}/"))
            for i in range(3):
                await client.begin_deidentify_documents(f"slow-{i}", job_body(container.url, "slow/", f"s{i}/"))
        # In a thread: the dashboard's loop (this test's) keeps running, as it would beside a real
        # terminal; blocked mid-transaction, it would hold the cache's write lock from the CLI.
        listed = await asyncio.to_thread(deidtui, "jobs", "list", "-o", "json")
        assert listed.code == 0, listed.err
        await until(pilot, lambda: all(table.job(f"done-{i}") is not None for i in range(5)), timeout=10)
        await until(pilot, lambda: all(table.job(f"slow-{i}") is not None for i in range(3)), timeout=10)
        cancelled = await asyncio.to_thread(deidtui, "jobs", "cancel", "slow-0", "slow-1", "slow-2")
        assert cancelled.code == 0, cancelled.err
        await until(
            pilot,
            lambda: all(table.job(f"slow-{i}").status is JobStatus.CANCELED for i in range(3)),
            timeout=10,
        )
        assert {name for name in table.order if name.startswith(("done-", "slow-"))} == {
            *(f"done-{i}" for i in range(5)),
            *(f"slow-{i}" for i in range(3)),
        }
    await engine.stop()
