"""A job's whole story on one scrollable screen (`e`): every spec field, its whole error, lineage,
and the highlighted document's input, output and whole error; `y` copies the job's error. Outside
text is sanitized (SAS signatures masked) and never read as markup. The detail pane shows more of
an error when it has room."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from textual.containers import VerticalScroll

from deidtui.cache import JobCache
from deidtui.domain.models import Document, DocumentLocation, JobStatus, JobSummary, ServiceError
from deidtui.tui.app import DeidApp
from deidtui.tui.widgets.job_detail import JobDetail
from deidtui.tui.widgets.job_summary import Section
from deidtui.tui.widgets.job_table import JobTable
from tests.support import assert_inert, screen_segments, screen_text, until

from .cached_dashboard import SIZES, cached_dashboard, jobs_shown
from .synthetic_queue import ACCOUNT, NOW, documents, jobs

EMPTY_JOB = "EmptyJob: No files found in source container with given parameters."
LONG_ERROR = (
    "The document is 3,145,728 bytes; the service accepts at most 2,097,152 bytes per document. "
    "Split it into smaller documents and submit them again. Read from "
    "https://contosohealth.blob.core.windows.net/clinical-notes/emergency/huge-0001.txt?sv=2024&sig=SECRETsig%3D "
    "[bold]not markup[/] \x1b[31m end of the message."
)


async def with_failed_documents(tmp_path: Path) -> DeidApp:
    """The cached dashboard, with emergency-redact's three failed documents (and one that succeeded),
    and a job failed with a long error."""
    app = await cached_dashboard(tmp_path)
    job = next(j for j in jobs() if j.name == "emergency-redact")
    base = f"{ACCOUNT}/clinical-notes"
    documents = [
        Document("d-ok", DocumentLocation(f"{base}/emergency/ok-0000.txt"), JobStatus.SUCCEEDED,
                 DocumentLocation(f"{base}/deid/emergency/ok-0000.txt")),
        Document("d-huge", DocumentLocation(f"{base}/emergency/huge-0001.txt"), JobStatus.FAILED,
                 error=ServiceError("DocumentTooLarge", LONG_ERROR)),
        Document("d-latin1", DocumentLocation(f"{base}/emergency/latin1-0002.txt"), JobStatus.FAILED,
                 error=ServiceError("InvalidDocumentEncoding", "The document is not valid UTF-8.")),
        Document("d-exists", DocumentLocation(f"{base}/emergency/exists-0003.txt"), JobStatus.FAILED,
                 error=ServiceError("OutputAlreadyExists", "deid/emergency/exists-0003.txt already exists.")),
    ]  # fmt: skip
    cache = await JobCache.open(tmp_path / "cached-dashboard.sqlite3")
    huge = replace(job, name="huge-import", error=ServiceError("DocumentTooLarge", LONG_ERROR))
    await cache.upsert_jobs("contoso-prod", [huge], seen_at=NOW)
    await cache.upsert_documents("contoso-prod", job.name, documents)
    await cache.set_parent("contoso-prod", "emergency-redact-r2", job.name, kind="resubmit")
    await cache.close()
    return app


def flat(app: DeidApp) -> str:
    """The screen's text with wrapped lines joined and box borders left out: what a reader reads."""
    lines = (line.strip().strip("│").strip() for line in screen_text(app).splitlines())
    return re.sub(r"\s+", " ", " ".join(lines))


async def read_through(app: DeidApp, pilot) -> list[str]:
    """What the details screen shows at each scroll position, from the top to the end, row by row
    (j) as a reader would, with whitespace left out: wrapped and folded lines read whole."""
    scroll = app.screen.query_one(VerticalScroll)
    await pilot.press("g")
    await until(pilot, lambda: scroll.scroll_y == 0)
    views = ["".join(flat(app).split())]
    while scroll.scroll_y < scroll.max_scroll_y:
        before = scroll.scroll_y
        await pilot.press("j")
        await until(pilot, lambda before=before: scroll.scroll_y > before)
        views.append("".join(flat(app).split()))
    return views


def reads(views: list[str], needle: str) -> bool:
    """Whether one of the screen's views shows the whole of `needle`."""
    wanted = "".join(needle.split())
    return any(wanted in view for view in views)


async def select(app: DeidApp, pilot, name: str) -> JobTable:
    await until(pilot, lambda: app.screen.query(JobTable) and app.screen.query_one(JobTable).job(name) is not None)
    table = app.screen.query_one(JobTable)
    table.move_to(name)
    detail = app.screen.query_one(JobDetail)
    await until(pilot, lambda: detail.cached is not None and detail.cached.name == name)
    return table


@pytest.mark.parametrize("size", SIZES)
async def test_e_shows_the_jobs_whole_error_and_every_field_and_y_copies_the_error(tmp_path, size):
    app = await cached_dashboard(tmp_path)
    async with app.run_test(size=size) as pilot:
        await select(app, pilot, "typo-in-prefix")
        main = app.screen
        await pilot.press("e")
        await until(pilot, lambda: app.screen is not main and "Specification" in screen_text(app))
        views = await read_through(app, pilot)
        created = next(j for j in jobs() if j.name == "typo-in-prefix").created_at
        for needle in (
            EMPTY_JOB,
            "operation Surrogate",
            f"source {ACCOUNT}/clinical-notes",
            "source prefix cardiolgy/",
            "extensions *",
            "target prefix deid/typo/",
            "overwrite no",
            f"created {created.astimezone():%Y-%m-%d %H:%M:%S}",  # to the second
            "resubmission of —",
            "documents none: the job ended before it processed any",  # not "0 ... of 0"
        ):
            assert reads(views, needle), (needle, views)
        assert not reads(views, "of 0")
        # Why it failed comes before how many documents it did: the first thing an operator reads.
        story = "".join(views)
        assert story.index("".join(f"error {EMPTY_JOB}".split())) < story.index("documentsnone")
        await pilot.press("y")
        assert app.clipboard == EMPTY_JOB
        await until(pilot, lambda: any(t.title == "Copied" and "OSC 52" in t.text for t in app.toasts))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is main)
    assert NOW  # the synthetic queue's clock: created times are fixed


@pytest.mark.parametrize("size", SIZES)
async def test_e_in_the_detail_pane_shows_the_highlighted_documents_whole_error_sanitized(tmp_path, size):
    app = await with_failed_documents(tmp_path)
    async with app.run_test(size=size) as pilot:
        await select(app, pilot, "emergency-redact")
        detail = app.screen.query_one(JobDetail)
        await pilot.press("3")
        await until(pilot, lambda: detail.table.total_count == 4)
        detail.table.move_cursor(next(i for i, d in enumerate(detail.table.held()) if d.id == "d-huge"))
        await pilot.press("e")
        await until(pilot, lambda: "Specification" in screen_text(app))
        views = await read_through(app, pilot)
        for needle in (
            f"input {ACCOUNT}/clinical-notes/emergency/huge-0001.txt",
            "Split it into smaller documents and submit them again.",
            "sig=***",
            "[bold]not markup[/]",  # literal
            "end of the message.",  # to its end
            "retry no: the input is over the service's 2 MB limit",
            "resubmitted as emergency-redact-r2",  # lineage
        ):
            assert reads(views, needle), (needle, views)
        assert not reads(views, "SECRETsig")  # the SAS signature is masked
        assert_inert(screen_segments(app))
        await pilot.press("y")  # the job's error, not the document's
        assert app.clipboard.startswith("DocumentsFailed: 3 of 32 documents failed")


async def test_e_says_why_when_no_job_is_selected(tmp_path):
    app = await cached_dashboard(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await jobs_shown(app, pilot)
        await pilot.press("2", "e")
        await until(pilot, lambda: any(t.title == "Not available" and "job queue (1)" in t.text for t in app.toasts))


@pytest.mark.parametrize("size", SIZES)
async def test_the_detail_pane_shows_more_of_a_long_error_when_it_has_room_and_says_where_the_rest_is(tmp_path, size):
    app = await with_failed_documents(tmp_path)
    async with app.run_test(size=size) as pilot:
        await select(app, pilot, "huge-import")
        await pilot.press("3")
        await until(pilot, lambda: "DocumentTooLarge" in screen_text(app))
        shown = app.screen.query_one("#detail-error", Section).content.plain
        text = re.sub(r"\s+", " ", shown)
        assert "the service accepts at most 2,097,152 bytes per document. Split it into smaller" in text, shown
        assert text.endswith("(e: all of it)"), shown


@pytest.mark.parametrize("size", [(180, 50), (200, 60)])
async def test_the_tall_detail_pane_keeps_the_container_and_overwrite_in_view(tmp_path, size):
    """Tall, the pane gives source and target rows of their own: there too, a long account URL gives
    way from its start and overwrite moves to a row of its own rather than being cut (the
    screenshots showed "no overw…" and "…/devstoreaccount1/notes-…"), and the times take the rows
    they need ("updated …")."""
    app = await cached_dashboard(tmp_path)
    async with app.run_test(size=size) as pilot:
        await select(app, pilot, "emergency-redact")
        detail = app.screen.query_one(JobDetail)

        def pane() -> list[str]:
            x, y, width, height = detail.region
            rows = screen_text(app).splitlines()[y : y + height]
            return [line[x : x + width].strip().lstrip("│").strip() for line in rows]

        await until(pilot, lambda: detail.state.density == "full" and any("source " in line for line in pane()))
        shown = pane()
        assert any("no overwrite" in line for line in shown), shown
        source = next(line for line in shown if line.startswith("source "))
        assert source.endswith("/clinical-notes"), shown  # the container's name, never cut
        assert not any(line.endswith("…") for line in shown if line.startswith(("source", "target"))), shown
        times = shown[next(i for i, line in enumerate(shown) if line.startswith("times ")) :][:3]
        assert "updated" in " ".join(times) and not any(line.endswith("…") for line in times), shown


async def test_the_details_screen_follows_the_job_its_document_and_its_lineage_as_the_cache_changes(tmp_path):
    """Open on a running job, the screen must not go on saying "running" once the queue behind it
    says the job finished: it shows what the cache holds, as the panes do."""
    app = await cached_dashboard(tmp_path)
    running = next(j for j in jobs() if j.name == "nightly-0514")
    document = documents(running, 40, 120)[40]  # running, highlighted when `e` is pressed
    async with app.run_test(size=(160, 48)) as pilot:
        await select(app, pilot, running.name)
        detail = app.screen.query_one(JobDetail)
        await pilot.press("3")
        await until(pilot, lambda: detail.table.total_count == 120)
        detail.table.move_cursor(next(i for i, d in enumerate(detail.table.held()) if d.id == document.id))
        await pilot.press("e")
        await until(pilot, lambda: "Specification" in screen_text(app))
        assert "40 succeeded, 0 failed, 0 canceled, of 120" in flat(app)
        assert re.search(r"status\s+\S+\s+running", flat(app)), flat(app)

        # Another deidtui (a command, or this one's engine) writes to the cache while the screen is open.
        async with await JobCache.open(tmp_path / "cached-dashboard.sqlite3") as cache:
            output = DocumentLocation(f"{ACCOUNT}/clinical-notes/deid/nightly/note-0040.txt", "0x40")
            await cache.upsert_documents(
                "contoso-prod", running.name, [replace(document, status=JobStatus.SUCCEEDED, output=output)]
            )
            await until(pilot, lambda: "41 succeeded, 0 failed, 0 canceled, of 120" in flat(app), timeout=10)
            assert re.search(r"status\s+\S+\s+succeeded", flat(app)) and "deid/nightly/note-0040" in flat(app), flat(
                app
            )

            finished = replace(
                running,
                status=JobStatus.SUCCEEDED,
                last_updated_at=NOW + timedelta(minutes=1),
                summary=JobSummary(120, 0, 0, 120, 56_000),
            )
            await cache.upsert_jobs("contoso-prod", [finished], seen_at=NOW + timedelta(minutes=1))
            await until(pilot, lambda: "120 succeeded, 0 failed, 0 canceled, of 120" in flat(app), timeout=10)
            assert re.search(rf"{running.name}\s+\S+\s+succeeded", flat(app)), flat(app)

            retry = replace(running, name="nightly-0514-r2", created_at=NOW + timedelta(minutes=2))
            await cache.set_parent("contoso-prod", retry.name, running.name, kind="resubmit")
            await cache.upsert_jobs("contoso-prod", [retry], seen_at=NOW + timedelta(minutes=2))
            await until(pilot, lambda: "resubmitted as nightly-0514-r2" in flat(app), timeout=10)
        await pilot.press("escape")
