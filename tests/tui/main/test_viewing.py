"""Opening blobs and job documents from the dashboard, against Azurite through the real SDK."""

from __future__ import annotations

from deidtui.azure.blob_source import BlobRangeSource
from deidtui.domain.models import Document, DocumentLocation, JobStatus
from deidtui.tui.blobview import BlobViewerScreen
from deidtui.tui.blobview.chunks import CHUNK_SIZE
from deidtui.tui.screens.main import MainScreen
from deidtui.tui.widgets.containers import ContainersPane
from deidtui.tui.widgets.job_detail import JobDetail
from tests.support import screen_text, until
from tests.tui.blobview.helpers import viewer_frames

NOTE = b"Patient John Smith was seen on 10/12/2023 at Contoso Hospital.\n"


async def main_screen(pilot, app) -> MainScreen:
    await until(pilot, lambda: isinstance(app.screen, MainScreen))
    return app.screen


async def test_a_blob_opens_in_the_viewer_with_one_request_for_its_size_and_first_screen(make_app, emulator, container):
    # 6.3 MB: more than the first read, and above the size a blob is indexed whole at once (and kept)
    container.put("notes/a.txt", NOTE * 100_000)
    app = make_app(emulator.url)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await main_screen(pilot, app)
        screen.post_message(ContainersPane.ViewBlob(container.url, "notes/a.txt"))
        await until(pilot, lambda: isinstance(app.screen, BlobViewerScreen) and "John Smith" in screen_text(app))
        source = app.screen.viewer.source
        assert isinstance(source, BlobRangeSource)
        assert source.size == len(NOTE) * 100_000 and len(source.head) == CHUNK_SIZE
        assert app.screen.viewer.raw_store.cached == [0], "the first screen came with the open, nothing more"
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)


async def test_a_blob_that_cannot_be_opened_is_reported_and_no_viewer_is_drawn(make_app, emulator, container):
    app = make_app(emulator.url)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await main_screen(pilot, app)
        frames = viewer_frames(app)
        screen.post_message(ContainersPane.ViewBlob(container.url, "notes/gone.txt"))
        await until(pilot, lambda: any(n.severity == "error" for n in app._notifications))
        error = next(n for n in app._notifications if n.severity == "error")
        assert error.title == "Not found" and "Could not open blob: it does not exist" in str(error.message)
        assert app.screen is screen and frames == []


async def test_a_job_documents_input_and_output_open_in_the_viewer(make_app, emulator, container):
    container.put("in/a.txt", NOTE)
    container.put("out/a.txt", b"Patient [PATIENT] was seen on [DATE] at [HOSPITAL].\n")
    document = Document(
        id="a",
        input=DocumentLocation(f"{container.url}/in/a.txt"),
        status=JobStatus.SUCCEEDED,
        output=DocumentLocation(f"{container.url}/out/a.txt"),
    )
    app = make_app(emulator.url)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await main_screen(pilot, app)
        for which, expected in (("input", "John Smith"), ("output", "[PATIENT]")):
            screen.post_message(JobDetail.ViewDocument(None, document, which))  # the job is only read to compare
            await until(
                pilot,
                lambda expected=expected: isinstance(app.screen, BlobViewerScreen) and expected in screen_text(app),
            )
            assert f"{which} · a.txt" in screen_text(app)
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is screen)
