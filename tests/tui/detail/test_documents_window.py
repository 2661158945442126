"""The documents table holds a window of a big job's documents, read a page at a time from the cache."""

from __future__ import annotations

from dataclasses import replace

from deidtui.domain.models import JobStatus, ServiceError
from deidtui.engine.engine import DOCUMENTS_END
from deidtui.tui.widgets.document_window import MARGIN

from .helpers import DetailApp, screen_text, until
from .synthetic import ENCODING, FakeEngine, cached_job, document

TOTAL = 20_000
FAILED = {7, 4_321, 19_998}


def big_job() -> tuple[FakeEngine, list]:
    docs = [
        document(i, JobStatus.FAILED, error=ENCODING) if i in FAILED else document(i, JobStatus.SUCCEEDED)
        for i in range(TOTAL)
    ]
    engine = FakeEngine()
    engine.add(cached_job("huge", JobStatus.FAILED, documents=docs), docs, [])
    return engine, docs


def name_of(doc) -> str:
    return doc.input.location.rsplit("/in/", 1)[1]


def assert_window(table, docs) -> None:
    """Only a screen and its margins are held, and they are the right rows."""
    first, end = table.window
    assert end - first <= table.visible_rows + 2 * MARGIN + 2
    assert [d.id for d in table.held()] == [d.id for d in docs[first:end]]


async def test_a_big_job_is_held_a_window_at_a_time_and_scrolls_to_its_last_document(utc_tz):
    engine, docs = big_job()
    app = DetailApp(engine)
    async with app.run_test(size=(100, 30)) as pilot:
        detail = app.detail
        await detail.show_job("huge")
        table = detail.table
        table.focus()
        await pilot.pause()
        assert table.row_count == TOTAL and table.count(JobStatus.FAILED) == 3
        assert_window(table, docs)
        for _ in range(5):
            await pilot.press("pagedown")
        await until(pilot, lambda: table.highlighted is not None and table.highlighted.id == docs[table.cursor].id)
        assert table.cursor > 5 * (table.visible_rows - 2)
        await pilot.press("j", "j", "k")
        await until(pilot, lambda: table.highlighted is not None and table.highlighted.id == docs[table.cursor].id)
        assert_window(table, docs)
        # every read after the first page continued from a seq (keyset), none skipped by position
        assert all(offset is None for _, _, _, offset, _ in engine.pages)

        await pilot.press("G")
        await until(pilot, lambda: table.highlighted is not None and table.highlighted.id == docs[-1].id)
        assert table.cursor == TOTAL - 1
        assert engine.pages[-1][2] == DOCUMENTS_END  # the last page, read backwards from the end
        await pilot.pause()
        assert name_of(docs[-1]) in screen_text(app) and name_of(docs[-2]) in screen_text(app)
        assert_window(table, docs)
        await pilot.press("k")
        await until(pilot, lambda: table.highlighted.id == docs[-2].id)

        await pilot.press("enter")  # the blob viewer opens on the document under the cursor
        await until(pilot, lambda: len(app.viewed) == 1)
        assert app.viewed[0].document.id == docs[-2].id and app.viewed[0].which == "compare"

        await pilot.press("g")
        await until(pilot, lambda: table.highlighted is not None and table.highlighted.id == docs[0].id)
        assert_window(table, docs)


async def test_failed_only_reads_the_failed_documents_from_the_cache_and_a_live_change_shows(utc_tz):
    engine, docs = big_job()
    app = DetailApp(engine)
    async with app.run_test(size=(100, 30)) as pilot:
        detail = app.detail
        await detail.show_job("huge")
        table = detail.table
        table.focus()
        await pilot.press("f")
        await until(pilot, lambda: [d.id for d in table.held()] == [docs[i].id for i in sorted(FAILED)])
        assert table.row_count == 3
        assert all(status is JobStatus.FAILED for status, *_ in engine.pages[-1:])
        await pilot.press("f")
        # all shown again: the cursor stays on the failed document it was on
        await until(pilot, lambda: table.highlighted is not None and table.highlighted.id == docs[7].id)
        assert table.row_count == TOTAL and table.cursor == 7

        # a visible document changes while the job runs: its row says so
        await pilot.press("j", "j")
        await until(pilot, lambda: table.highlighted is not None and table.highlighted.id == docs[9].id)
        gone = replace(
            docs[10], status=JobStatus.FAILED, output=None, error=ServiceError("DocumentNotFound", "It was deleted.")
        )
        detail.job_changed(engine.write("huge", documents=(gone,)))
        await until(pilot, lambda: "DocumentNotFound" in screen_text(app))
        assert table.count(JobStatus.FAILED) == 4 and table.highlighted.id == docs[9].id
        assert_window(table, [gone if d.id == gone.id else d for d in docs])
