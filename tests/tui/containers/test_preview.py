"""Previews: from the form against the emulator (Redact, Tag), and the screen's rendering of odd items."""

from __future__ import annotations

from deidtui.domain.models import JobSpec, Operation
from deidtui.engine import PreviewItem
from deidtui.tui.screens.new_job import NewJobScreen
from deidtui.tui.screens.preview import ADDED, REMOVED, PreviewScreen, category_style

from .helpers import ScreenApp, assert_inert, screen_segments, screen_text, until
from .test_new_job import settled

NOTES = [
    "Patient John Smith was seen on 10/12/2023 at Contoso Hospital.\n",
    "Dr. Alice Brown called 555-123-4567 about Mary Jones.\n",
    "Mary Jones, age 54, lives in Seattle.\n",
    "Fourth note, never previewed: Peter Parker.\n",
]


def styled(text, style) -> list[str]:
    """The pieces of a rich Text carrying `style`."""
    return [text.plain[span.start : span.end] for span in text.spans if span.style == style]


async def open_preview(pilot, app, screen: NewJobScreen) -> PreviewScreen:
    await until(pilot, lambda: settled(screen))
    await pilot.press("f5")
    preview = await until(pilot, lambda: app.screen if isinstance(app.screen, PreviewScreen) else None)
    await until(pilot, lambda: len(preview.rendered) == len(preview.items))
    await pilot.pause()
    return preview


async def test_preview_shows_three_documents_with_redact_output_beside_the_input(engine, container):
    for i, note in enumerate(NOTES):
        container.put(f"in/{i}.txt", note)
    spec = JobSpec(container.url, "in/", "out/", operation=Operation.REDACT, redaction_format="[{TYPE}]")
    screen = NewJobScreen(engine, spec=spec, name="preview-redact")
    app = ScreenApp(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        preview = await open_preview(pilot, app, screen)
        assert [item.blob_name for item in preview.items] == ["in/0.txt", "in/1.txt", "in/2.txt"]
        assert len(preview.query("TabPane")) == 3
        first = preview.rendered[0]
        assert "[PATIENT]" in first["output"].plain and "John Smith" not in first["output"].plain
        assert "John Smith" in styled(first["input"], REMOVED)[0], "what the job removes is marked in the input"
        assert any("[PATIENT]" in piece for piece in styled(first["output"], ADDED)), "and what it writes instead"
        assert "was seen on" in first["output"].plain, "the text around PHI is unchanged"
        await until(pilot, lambda: "[PATIENT]" in screen_text(app))
        text = screen_text(app)
        assert "[PATIENT]" in text and "John Smith" in text and "1. 0.txt" in text and "3. 2.txt" in text
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        assert app.results == [], "closing the preview returns to the form, which stays open"


async def test_preview_of_a_tag_job_highlights_entities_by_category_with_a_legend(engine, container):
    for i, note in enumerate(NOTES[:3]):
        container.put(f"in/{i}.txt", note)
    spec = JobSpec(container.url, "in/", "out/", operation=Operation.TAG)
    screen = NewJobScreen(engine, spec=spec, name="preview-tag")
    app = ScreenApp(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        preview = await open_preview(pilot, app, screen)
        first = preview.rendered[0]
        assert "John Smith" in styled(first["input"], category_style("Patient"))
        assert "10/12/2023" in styled(first["input"], category_style("Date"))
        legend = first["legend"].plain
        assert " Patient " in legend and " Date " in legend
        assert "output" not in preview.rendered[0], "a Tag preview has no output text, only entities"
        assert "Patient" in screen_text(app) and "legend" in screen_text(app)


async def test_preview_items_with_errors_truncation_and_hostile_text_render_inert():
    hostile = "\x1b[31mred\x1b[0m [bold]markup[/] \x1b]52;c;ZXZpbA==\x07 \u202eevil\n"
    items = [
        PreviewItem("in/\x1b]0;title\x07a.txt", hostile, hostile.replace("red", "[PATIENT]"), (), True),
        PreviewItem("in/b.txt", "text", None, (), False, error="Throttled: \x1b[2Jtoo many requests"),
    ]
    app = ScreenApp(PreviewScreen(items, operation=Operation.REDACT))
    async with app.run_test(size=(120, 30)) as pilot:
        preview = app.first
        await until(pilot, lambda: 0 in preview.rendered)
        await until(pilot, lambda: "truncated" in screen_text(app))
        text = screen_text(app)
        assert "truncated: only the first 48 KB were previewed" in text
        assert "[bold]markup[/]" in text, "markup in a document is shown literally"
        assert "␛[31m" in text and "ZXZpbA==␇" in text
        assert_inert(screen_segments(app))
        await pilot.press("right")  # the next tab
        await until(pilot, lambda: "too many requests" in screen_text(app))
        assert "✘ Throttled: ␛[2Jtoo many requests" in screen_text(app)
        assert_inert(screen_segments(app))
        await pilot.press("escape")
        await until(pilot, lambda: app.results == [None])
