"""Hostile names and service messages render inert: no terminal controls, no bidi overrides, markup literal."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from deidtui.cache import JobCache
from deidtui.domain.models import Document, DocumentLocation, Job, JobStatus, ServiceError, utcnow
from tests.support import deid_client, job_body, run_job, wait_for

from .helpers import DetailApp, assert_inert, screen_segments, screen_text, section_text
from .synthetic import spec

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."
# Azurite lists blob names with C1 controls and bidi overrides, but not with C0 ones (ESC, BEL):
# XML 1.0 cannot carry them. Those reach the pane through the cache below instead.
HOSTILE_BLOBS = {
    "in/csi-\x9b31mred\x9b0m.txt": "one-byte CSI",
    "in/osc-\x9d52;c;aGk=\x9c.txt": "one-byte OSC 52 (clipboard write)",
    "in/bidi-\u202etxt.exe": "right-to-left override",
    "in/[bold]markup[/].txt": "Textual/Rich markup",
}


async def test_hostile_blob_names_and_document_errors_from_the_service_render_inert(make_engine, emulator, container):
    for name in HOSTILE_BLOBS:
        container.put(name, NOTE)
    # Existing outputs make two documents fail; the service's message quotes the output's name.
    container.put("out/[bold]markup[/].txt", "earlier output")
    container.put("out/csi-\x9b31mred\x9b0m.txt", "earlier output")
    async with deid_client(emulator.url) as client:
        await run_job(client, "hostile-names", job_body(container.url, "in/", "out/"))
    engine = make_engine(emulator.url)
    await engine.start()
    engine.select("hostile-names")

    async def cached() -> bool:
        docs = await engine.documents("hostile-names")
        return len(docs) == 4 and all(d.status.is_terminal for d in docs)

    await wait_for(cached, timeout=30)
    app = DetailApp(engine)
    async with app.run_test(size=(200, 40)) as pilot:
        await app.detail.show_job("hostile-names")
        await pilot.pause()
        table = app.detail.table
        assert table.row_count == 4 and table.count(JobStatus.FAILED) == 2
        for row in range(4):  # put each document on the one-line document summary in turn
            table.move_cursor(row)
            await pilot.pause()
            assert_inert(screen_segments(app))
        text = screen_text(app)
        assert "[bold]markup[/].txt" in text  # the name, literally: not parsed as markup
        assert "\ufffd31mred\ufffd0m.txt" in text  # controls replaced by a visible stand-in, nothing hidden
        errors = [table.cells(d.id)[3] for d in table.held() if d.status is JobStatus.FAILED]
        assert any("OutputAlreadyExists" in e and "[bold]markup[/]" in e for e in errors), errors
        await pilot.press("f")
        await pilot.pause()
        assert_inert(screen_segments(app))
        assert "[bold]markup[/]" in screen_text(app)


HOSTILE_NAME = "evil\x1b]52;c;aGVsbG8=\x07\x1b[2J[bold]boom[/]\u202eexe"
HOSTILE_MESSAGE = "\x1b[31mdanger\x1b[0m [red]alert[/] \u2066hidden\u2069 \x9b6n \x1b]0;title\x07 end"


async def test_hostile_job_name_and_service_error_message_from_the_cache_render_inert(make_engine, emulator, tmp_path):
    """ESC, OSC and BEL cannot travel through Azurite's listings, so they are put in the cache as a poll would."""
    engine = make_engine(emulator.url, poll=False, cache_path=tmp_path / "hostile.sqlite3")
    cache = await JobCache.open(tmp_path / "hostile.sqlite3")  # a second writer, as another process
    now = utcnow()
    job = Job(
        name=HOSTILE_NAME,
        spec=spec(),
        status=JobStatus.FAILED,
        created_at=now - timedelta(minutes=2),
        last_updated_at=now - timedelta(minutes=1),
        started_at=now - timedelta(minutes=2),
        error=ServiceError("Bad\x1b[5mCode", HOSTILE_MESSAGE),
    )
    await cache.upsert_jobs(engine.name, [job])
    container = job.spec.source_location
    esc_name = "in/\x1b[31mred\x1b]8;;http://x\x07link\x1b]8;;\x07.txt"
    documents = [
        Document(
            id="d-1",
            input=DocumentLocation(f"{container}/{quote(esc_name)}"),
            status=JobStatus.FAILED,
            error=ServiceError("Evil\x9bCode", HOSTILE_MESSAGE),
        ),
        Document(
            id="d-2",
            input=DocumentLocation(f"{container}/in/plain.txt"),
            status=JobStatus.SUCCEEDED,
            output=DocumentLocation(f"{container}/out/\u202eplain.txt"),
        ),
    ]
    await cache.upsert_documents(engine.name, HOSTILE_NAME, documents)
    await cache.close()
    app = DetailApp(engine)
    async with app.run_test(size=(160, 48)) as pilot:
        await app.detail.show_job(HOSTILE_NAME)
        await pilot.pause()
        assert app.detail.table.row_count == 2
        assert_inert(screen_segments(app))
        for row in range(2):
            app.detail.table.move_cursor(row)
            await pilot.pause()
            assert_inert(screen_segments(app))
        text = screen_text(app)
        assert "[bold]boom[/]" in text and "[red]alert[/]" in text
        assert "␛]52;c;aGVsbG8=␇" in section_text(app, "header")  # visible stand-ins, nothing swallowed
        assert "danger" in section_text(app, "error") and "Bad␛[5mCode" in section_text(app, "error")
