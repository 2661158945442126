"""At 80x24 one pane has the screen at a time, the others one key away (1 queue, 2 storage, 3
detail), and the key bar says which is shown; the queue at full width keeps STATUS, PROGRESS and
TIME. At 160x48 every pane stays on screen, as before."""

from __future__ import annotations

import pytest

from deidtui.tui.app import DeidApp
from deidtui.tui.widgets.job_rows import COLUMNS
from deidtui.tui.widgets.job_table import JobTable
from tests.support import screen_lines, until

from .cached_dashboard import cached_dashboard, jobs_shown

PANES = ("containers", "jobs", "detail")


def shown(app: DeidApp) -> set[str]:
    """The panes that take room on the screen now."""
    return {pane for pane in PANES if app.screen.query_one(f"#{pane}").region.area > 0}


def focused_in(app: DeidApp, pane: str) -> bool:
    focused = app.screen.focused
    return focused is not None and any(node.id == pane for node in focused.ancestors_with_self)


def header(app: DeidApp) -> str:
    table = app.screen.query_one(JobTable)
    return next(line for line in screen_lines(app) if "NAME" in line and "STATUS" in line) if table else ""


async def test_at_80x24_each_pane_key_shows_that_pane_alone_and_focuses_it(tmp_path):
    app = await cached_dashboard(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await jobs_shown(app, pilot)
        await until(pilot, lambda: shown(app) == {"jobs"})
        assert screen_lines(app)[-1].lstrip().startswith("Jobs │ "), screen_lines(app)[-1]
        for key, pane, label in (("3", "detail", "Detail"), ("2", "containers", "Storage"), ("1", "jobs", "Jobs")):
            await pilot.press(key)
            await until(pilot, lambda pane=pane: shown(app) == {pane} and focused_in(app, pane))
            bar = screen_lines(app)[-1]
            assert bar.lstrip().startswith(f"{label} │ "), bar  # the key bar says which pane is shown
            assert bar.rstrip().endswith("? Keys  q Quit"), bar
        # The storage pane hides again once another pane is chosen; enter opens the job, esc goes back.
        await pilot.press("enter")
        await until(pilot, lambda: shown(app) == {"detail"} and focused_in(app, "detail"))
        await pilot.press("escape")
        await until(pilot, lambda: shown(app) == {"jobs"} and focused_in(app, "jobs"))
        await pilot.press("2", "b")  # b: the storage pane away again
        await until(pilot, lambda: shown(app) == {"jobs"} and focused_in(app, "jobs"))


async def test_at_80x24_the_queue_keeps_status_progress_and_time_after_visiting_storage(tmp_path):
    app = await cached_dashboard(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await jobs_shown(app, pilot)
        await pilot.press("2", "1")
        await until(pilot, lambda: shown(app) == {"jobs"} and table.size.width >= 78)
        for title in ("STATUS", "PROGRESS", "FAIL", "TIME"):
            assert title in header(app), header(app)
        row = next(line for line in screen_lines(app) if "emergency-redact" in line)
        assert "32/32" in row and "4m" in row, row


async def test_at_160x48_every_pane_stays_on_screen(tmp_path):
    app = await cached_dashboard(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await jobs_shown(app, pilot)
        await until(pilot, lambda: shown(app) == set(PANES))
        for key, pane in (("2", "containers"), ("3", "detail"), ("1", "jobs")):
            await pilot.press(key)
            await until(pilot, lambda pane=pane: focused_in(app, pane))
            assert shown(app) == set(PANES)
            assert "│ " not in screen_lines(app)[-1][:12], "no pane label while every pane is shown"
        for title in ("OP", "STATUS", "PROGRESS", "FAIL", "CREATED", "TIME", "SOURCE → TARGET"):
            assert title in header(app), header(app)


@pytest.mark.parametrize("width", [80, 78, 72, 60])
def test_the_queue_narrows_the_bar_and_the_name_before_it_drops_time(width):
    table = JobTable()
    table._name_width = 36  # the longest name the queue makes room for
    layout = {column.key: w for column, w in table._layout(width)}
    assert {"name", "status", "progress", "time"} <= set(layout), layout
    assert sum(layout.values()) + len(layout) - 1 <= width
    assert layout["progress"] >= 9  # room for done/total
    assert layout["name"] >= 16


def test_every_column_can_be_placed_in_the_narrowing_order():
    steps = [c.drop for c in COLUMNS if c.drop] + [c.shrink for c in COLUMNS if c.shrink]
    assert len(steps) == len(set(steps)), "each narrowing step does one thing"


async def test_at_80x24_the_key_bar_leads_with_what_can_be_done_to_the_highlighted_job(
    make_app, emulator_factory, container
):
    """The issue's 80x24 bar had lost `c`: what applies to the highlighted job comes first (details,
    cancel, retry, resubmit, new, delete), then the queue's own keys, then the other panes."""
    from tests.support import deid_client, job_body

    emulator = emulator_factory(doc_delay_ms=1000, concurrency=1)
    for i in range(120):  # two minutes of work: still running whatever the machine's load
        container.put(f"in/{i}.txt", "Patient John Smith was seen on 10/12/2023.")
    container.put("few/a.txt", "Patient John Smith.")
    container.put("few/b.txt", b"\xff\xfe not UTF-8")
    async with deid_client(emulator.url) as client:
        await client.begin_deidentify_documents("long-one", job_body(container.url, "in/", "out/"), polling=False)
        await client.begin_deidentify_documents("part-one", job_body(container.url, "few/", "o/"), polling=False)
    app = make_app(emulator.url)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one(JobTable)
        await until(pilot, lambda: (v := table.job("long-one")) is not None and v.status.is_active)
        await until(pilot, lambda: (v := table.job("part-one")) is not None and v.status.is_terminal)
        table.focus()
        table.move_to("long-one")
        await until(pilot, lambda: "c Cancel" in screen_lines(app)[-1])
        bar = screen_lines(app)[-1]
        assert bar.lstrip().startswith("Jobs │ e Details  c Cancel  n New"), bar
        table.move_to("part-one")
        await until(pilot, lambda: "F Retry failed" in screen_lines(app)[-1])
        bar = screen_lines(app)[-1]
        assert bar.lstrip().startswith("Jobs │ e Details  F Retry failed  R Resubmit  n New"), bar
        assert bar.rstrip().endswith("? Keys  q Quit"), bar
