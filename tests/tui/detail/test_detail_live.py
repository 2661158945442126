"""The detail pane on a real Engine, against the emulator and Azurite: what an operator sees of real jobs."""

from __future__ import annotations

from deidtui.domain.models import JobStatus
from deidtui.tui.widgets.documents_table import DocumentsTable
from deidtui.tui.widgets.job_summary import Section
from tests.support import deid_client, job_body, run_job, wait_for

from .helpers import DetailApp, screen_text, section_text

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital. Call 555-0100."


async def finished_job(emulator, container, name: str, *, documents: int, body: dict | None = None) -> None:
    async with deid_client(emulator.url) as client:
        job = await run_job(client, name, body or job_body(container.url, "in/", "out/"))
    assert job.status in ("Succeeded", "Failed"), job.status


async def cached_with_documents(engine, name: str, count: int) -> None:
    """Start the engine, select the job, and wait until its final state and all its documents are cached."""
    await engine.start()
    engine.select(name)

    async def ready() -> bool:
        cached = await engine.job(name)
        return (
            cached is not None
            and cached.status.is_terminal
            and len(await engine.documents(name)) == count
            and all(d.status.is_terminal for d in await engine.documents(name))
        )

    await wait_for(ready, timeout=30)


async def test_finished_job_shows_its_summary_spec_history_and_documents(make_engine, emulator, container):
    for i in range(5):
        container.put(f"in/ward-a/note-{i}.txt", NOTE)
    await finished_job(emulator, container, "finished-ok", documents=5)
    engine = make_engine(emulator.url)
    await cached_with_documents(engine, "finished-ok", 5)
    app = DetailApp(engine)
    async with app.run_test(size=(160, 48)) as pilot:
        await app.detail.show_job("finished-ok")
        await pilot.pause()
        header = section_text(app, "header")
        assert "finished-ok" in header and "✔ succeeded" in header and "Surrogate" in header
        live = section_text(app, "live")
        assert "✔ 5 succeeded" in live and "✘ 0 failed" in live and "of 5" in live
        assert "processed" in live and "docs/min" in live
        facts = section_text(app, "facts")
        assert container.url in facts and "prefix in/" in facts and "no overwrite" in facts
        assert "took" in facts and "created" in facts and "started" in facts
        assert "✔ succeeded" in section_text(app, "timeline")
        table = app.detail.table
        assert table.row_count == 5 and table.count(JobStatus.SUCCEEDED) == 5
        # Paths are relative to the prefixes, shown under the prefixes' column titles (in the
        # service's listing order, which is not alphabetical).
        assert sorted(table.cells(d.id)[1] for d in table.held()) == [f"ward-a/note-{i}.txt" for i in range(5)]
        assert all(table.cells(d.id)[2].startswith("ward-a/") for d in table.held())
        assert "INPUT (in/)" in screen_text(app) and "OUTPUT (out/)" in screen_text(app)


async def test_running_job_progress_rate_and_eta_follow_real_document_events(make_engine, emulator_factory, container):
    emulator = emulator_factory(doc_delay_ms=250, concurrency=2)
    for i in range(24):
        container.put(f"in/{i:02}.txt", NOTE)
    engine = make_engine(emulator.url)
    await engine.start()
    app = DetailApp(engine)
    async with app.run_test(size=(160, 48)):
        app.forward_events(engine)
        async with deid_client(emulator.url) as client:
            await client.begin_deidentify_documents("watched", job_body(container.url, "in/", "out/"), polling=False)
        engine.select("watched")
        await wait_for(lambda: engine.job("watched"), timeout=10)
        await app.detail.show_job("watched")
        live = app.detail.query_one("#detail-live", Section)
        seen: list[str] = []

        def finished() -> bool:
            text = live.content.plain
            if not seen or seen[-1] != text:
                seen.append(text)
            return "summary" in text

        await wait_for(finished, timeout=60)
        running = [text for text in seen if "progress" in text and "/24" in text]
        done_counts = {int(text.split("/24")[0].split()[-1]) for text in running}
        assert len(done_counts) >= 3, seen  # progress moved in several steps, live
        assert any("docs/min" in text and "ETA ~" in text for text in running), seen
        assert "✔ 24 succeeded" in seen[-1] and "of 24" in seen[-1]
        assert "✔ succeeded" in section_text(app, "header")
        table = app.detail.table
        # The job's final state can arrive one poll before its last documents' (the job is read first).
        await wait_for(lambda: table.count(JobStatus.SUCCEEDED) == 24, timeout=10)
        assert table.row_count == 24
        assert "▶ running" in section_text(app, "timeline") and "✔ succeeded" in section_text(app, "timeline")
        assert "seen just now" in section_text(app, "header")
    await engine.stop()


def partially_failing(container) -> None:
    """Six inputs; note-2's output already exists (overwrite is off) and note-5 is not UTF-8."""
    for i in range(6):
        container.put(f"in/note-{i}.txt", NOTE)
    container.put("in/note-5.txt", b"Patient \xff\xfe John Smith")
    container.put("out/note-2.txt", "an earlier output that must not be overwritten")


async def test_partially_failed_job_and_the_failed_only_filter(make_engine, emulator, container):
    partially_failing(container)
    await finished_job(emulator, container, "half-bad", documents=6)
    engine = make_engine(emulator.url)
    await cached_with_documents(engine, "half-bad", 6)
    app = DetailApp(engine)
    async with app.run_test(size=(160, 48)) as pilot:
        await app.detail.show_job("half-bad")
        await pilot.pause()
        assert "✘ partially failed" in section_text(app, "header")
        live = section_text(app, "live")
        assert "✔ 4 succeeded" in live and "✘ 2 failed" in live
        assert "DocumentsFailed" in section_text(app, "error")
        table = app.detail.table
        assert table.row_count == 6

        await pilot.press("f")
        assert table.failed_only
        failed = {table.cells(d.id)[1]: d.error.code for d in table.held()}
        assert failed == {"note-2.txt": "OutputAlreadyExists", "note-5.txt": "InvalidDocumentEncoding"}
        assert all(table.cells(d.id)[3].startswith(d.error.code + ":") for d in table.held())
        await pilot.pause()
        text = screen_text(app)
        assert "showing failed only" in text
        assert "OutputAlreadyExists" in text and "InvalidDocumentEncoding" in text
        assert "note-0.txt" not in text

        await pilot.press("f")
        assert not table.failed_only and table.row_count == 6


async def test_enter_i_and_o_post_view_document_for_the_highlighted_document(make_engine, emulator, container):
    partially_failing(container)
    await finished_job(emulator, container, "viewing", documents=6)
    engine = make_engine(emulator.url)
    await cached_with_documents(engine, "viewing", 6)
    app = DetailApp(engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.detail.show_job("viewing")
        await pilot.pause()
        table = app.query_one(DocumentsTable)
        assert app.focused is table
        names = [table.cells(d.id)[1] for d in table.held()]
        await pilot.press(*["down"] * names.index("note-3.txt"))
        expected = table.highlighted
        assert expected is not None and table.cells(expected.id)[1] == "note-3.txt" and expected.output is not None

        await pilot.press("enter", "i", "o")
        await pilot.pause()
        assert [(m.which, m.document.id) for m in app.viewed] == [
            ("compare", expected.id),
            ("input", expected.id),
            ("output", expected.id),
        ]
        assert all(m.job.name == "viewing" for m in app.viewed)

        # A failed document has no output: `o` does nothing, `i` still opens its input.
        step = names.index("note-2.txt") - names.index("note-3.txt")
        await pilot.press(*["down" if step > 0 else "up"] * abs(step))
        failed = table.highlighted
        assert table.cells(failed.id)[1] == "note-2.txt" and failed.output is None
        await pilot.press("o", "i")
        await pilot.pause()
        assert [(m.which, m.document.id) for m in app.viewed[3:]] == [("input", failed.id)]
        assert table.check_action("view", ("output",)) is None
