"""The queue's order, kept up to date one moved job at a time, is always what sorting and filtering
every job it holds would give (a stable sort: ties in the order the jobs were first added)."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from textual.app import App, ComposeResult

from deidtui.domain.jobs import JobView
from deidtui.domain.models import TERMINAL_STATUSES, Job, JobSpec, JobStatus, Operation, Progress
from deidtui.tui.job_filter import parse_filter
from deidtui.tui.widgets.job_rows import sort_value
from deidtui.tui.widgets.job_table import JobTable

NOW = datetime(2026, 11, 1, tzinfo=UTC)
STATUSES = (JobStatus.RUNNING, JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.NOT_STARTED, JobStatus.CANCELED)


def view(name: str, rng: random.Random, revision: int) -> JobView:
    created = NOW + timedelta(minutes=rng.randrange(50))  # many ties on purpose
    job = Job(
        name=name,
        spec=JobSpec(
            "https://acct.blob.core.windows.net/notes",
            f"in/{rng.randrange(3)}/",
            "out/",
            operation=rng.choice(list(Operation)),
        ),
        status=rng.choice(STATUSES),
        created_at=created,
        last_updated_at=created + timedelta(minutes=5),
        started_at=created,
    )
    progress = Progress(total=10, succeeded=rng.randrange(11))
    deleted = rng.random() < 0.1
    return JobView(job, "p", NOW, NOW, deleted, None, None, progress, revision=revision)


def expected(table: JobTable, added: list[str]) -> list[str]:
    """Every job the table holds, filtered and sorted from scratch (`added`: first-added order)."""
    held = {v.name: v for v in table.jobs()}
    job_filter = table.job_filter
    names = [
        n
        for n in added
        if n in held and (table.show_deleted or not held[n].deleted) and (job_filter is None or job_filter(held[n]))
    ]
    names.sort(key=lambda n: sort_value(held[n], table.sort_key, NOW), reverse=table.sort_reverse)
    return names


class QueueApp(App):
    def compose(self) -> ComposeResult:
        yield JobTable()


@pytest.mark.parametrize("seed", range(4))
async def test_the_order_moved_job_by_job_is_the_order_sorted_from_scratch(seed):
    rng = random.Random(seed)
    app = QueueApp()
    async with app.run_test(size=(120, 20)):
        table = app.query_one(JobTable)
        revision = 0
        added: list[str] = []  # names in the order first added (a removed name is added anew)

        def upsert(names: list[str]) -> None:
            nonlocal revision
            revision += 1
            for name in names:
                if name not in added:
                    added.append(name)
            table.upsert([view(n, rng, revision) for n in names], now=NOW)

        upsert([f"job-{i:03}" for i in range(200)])
        for step in range(120):
            choice = rng.random()
            if choice < 0.55:  # a tick: a few jobs change (few enough to move one by one)
                upsert(rng.sample([f"job-{i:03}" for i in range(230)], rng.randrange(1, 12)))
            elif choice < 0.65:
                gone = rng.sample(added, min(len(added), rng.randrange(1, 4)))
                table.remove_jobs(gone)
                added = [n for n in added if n not in gone]
            elif choice < 0.75:
                table.set_filter(rng.choice([None, parse_filter("status:running"), parse_filter("!status:failed")]))
            elif choice < 0.85:
                table.set_sort(rng.choice(["created", "name", "status", "op", "progress", "failed", "source"]))
            elif choice < 0.88:
                table.set_sort(table.sort_key, reverse=not table.sort_reverse)
            elif choice < 0.89:
                table.show_deleted = not table.show_deleted
                table.set_filter(table.job_filter)
            elif choice < 0.9:  # marks: kept while their job is listed, dropped once it is deleted
                table.marked |= set(rng.sample(table.order, min(len(table.order), 20)))
            else:
                if added:
                    table.move_to(rng.choice(added))
                highlighted = table.highlighted
                upsert(rng.sample([f"job-{i:03}" for i in range(230)], 3))
                if highlighted in table.order:  # the cursor stays on its job wherever it moved
                    assert table.highlighted == highlighted, f"step {step}"
            assert table.order == expected(table, added), f"step {step}"
            assert table.row_count == len(table.order)
            held = {v.name: v for v in table.jobs()}
            listed = {n for n, v in held.items() if table.show_deleted or not v.deleted}
            assert table.marked <= listed, f"step {step}"
            assert table.total_count == len(listed), f"step {step}"
            for index, name in enumerate(table.order[:30]):
                assert table.index_of(name) == index
            # Each line on screen (drawn lines are cached by what they show) is the row drawn afresh.
            top, width = table.scroll_offset.y, table.row_width
            for y in range(1, min(table.size.height, table.row_count - top + 1)):
                index = top + y - 1
                fresh = table.render_row(index, width, index == table.cursor)
                assert table.render_line(y).text == fresh.text, f"step {step}, line {y}"


async def test_a_marked_job_deleted_while_the_filter_hides_it_is_unmarked():
    rng = random.Random(7)
    app = QueueApp()
    async with app.run_test(size=(120, 20)):
        table = app.query_one(JobTable)
        first = replace(view("kept", rng, 1), deleted=False)
        table.upsert([replace(first, job=replace(first.job, status=JobStatus.RUNNING))], now=NOW)
        table.marked.add("kept")
        table.set_filter(parse_filter("status:failed"))  # hides it; a mark stays while it is listed
        assert table.order == [] and table.marked == {"kept"}
        gone = replace(first, job=replace(first.job, status=JobStatus.RUNNING), deleted=True, revision=2)
        table.upsert([gone], now=NOW)
        assert table.marked == set()  # a bulk action must never reach a job no longer listed


async def test_an_s_press_followed_at_once_by_ticks_and_keys_ends_in_the_order_a_fresh_sort_gives():
    rng = random.Random(11)

    def finished(name: str, revision: int) -> JobView:
        # Finished jobs only: their TIME is fixed, so the time sort has one right answer whatever
        # the clock says when the key is pressed.
        made = view(name, rng, revision)
        return replace(made, job=replace(made.job, status=rng.choice(sorted(TERMINAL_STATUSES))))

    app = QueueApp()
    async with app.run_test(size=(120, 20)) as pilot:
        table = app.query_one(JobTable)
        added = [f"job-{i:04}" for i in range(1500)]
        table.upsert([finished(n, 1) for n in added], now=NOW)
        table.focus()
        for press in range(len(table.sorts) + 2):  # every sort, and round again
            await pilot.press("s")
            table.upsert([finished(n, press + 2) for n in rng.sample(added, 40)], now=NOW)  # a tick at once
            await pilot.press("j", "s" if press % 3 == 0 else "j")
            table.upsert([finished(n, press + 2) for n in rng.sample(added, 3)], now=NOW)
            await pilot.pause()
            assert table.order == expected(table, added), f"press {press}, sort {table.sort_key}"
            assert [table._key_at(i) for i in range(20)] == table.order[:20]


async def test_under_the_time_sort_a_tick_moves_only_the_jobs_whose_time_moved():
    """Running jobs' elapsed times move with the clock: a tick places those again (and the changed
    jobs), never re-sorting the whole queue, and the order is still what a fresh sort gives."""
    rng = random.Random(11)

    def timed(name: str, revision: int) -> JobView:
        started = NOW - timedelta(seconds=rng.randrange(4 * 3600))
        status = JobStatus.RUNNING if rng.random() < 0.1 else rng.choice(sorted(TERMINAL_STATUSES))
        job = Job(
            name=name,
            spec=JobSpec("https://acct.blob.core.windows.net/notes", "in/", "out/"),
            status=status,
            created_at=started,
            last_updated_at=started + timedelta(seconds=rng.randrange(1, 3600)),
            started_at=started,
        )
        return JobView(job, "p", NOW, NOW, False, None, None, None, revision=revision)

    app = QueueApp()
    async with app.run_test(size=(120, 20)):
        table = app.query_one(JobTable)
        names = [f"job-{i:03}" for i in range(600)]
        table.upsert([timed(n, 1) for n in names], now=NOW)
        table.set_sort("time", now=NOW)
        rebuilds = []
        rebuild = table._order.rebuild
        table._order.rebuild = lambda *a, **k: (rebuilds.append(1), rebuild(*a, **k))  # type: ignore[method-assign]
        moved_by_the_clock = 0
        for step in range(1, 40):
            now = NOW + timedelta(seconds=23 * step)
            before = dict(zip(table.order, range(len(table.order)), strict=True))
            table.upsert([timed(n, 1 + step) for n in rng.sample(names, 3)], now=now)
            moved_by_the_clock += table.order != list(before)
            held = {v.name: v for v in table.jobs()}
            fresh = sorted(names, key=lambda n: sort_value(held[n], "time", now), reverse=True)
            assert table.order == fresh, f"step {step}"  # ties in the order first added, as a stable sort
        assert moved_by_the_clock and not rebuilds


def test_the_time_sort_is_how_long_finished_jobs_took_and_running_ones_have_run_by_the_minute():
    from deidtui.domain.briefs import brief_of
    from deidtui.tui.widgets.job_rows import elapsed

    rng = random.Random(5)
    for i in range(300):
        made = view(f"j{i}", rng, i)
        started = rng.choice([None, made.job.created_at + timedelta(seconds=rng.randrange(-90, 900))])
        slim = brief_of(replace(made, job=replace(made.job, started_at=started)))
        now = NOW + timedelta(seconds=rng.randrange(-300, 7200))
        seconds = elapsed(slim, now)
        want = seconds if slim.status in TERMINAL_STATUSES else seconds // 60 * 60
        assert sort_value(slim, "time", now) == want


def test_within_one_status_or_source_the_newest_job_comes_first():
    from deidtui.domain.briefs import brief_of

    rng = random.Random(9)
    jobs = [brief_of(view(f"j{i}", rng, i)) for i in range(200)]
    for key in ("status", "source"):
        ranked = sorted(jobs, key=lambda job, key=key: sort_value(job, key, NOW))
        for before, after in itertools.pairwise(ranked):
            group = (lambda j: j.status) if key == "status" else (lambda j: (j.source, j.target))
            if group(before) == group(after):
                assert before.created >= after.created


async def test_removing_most_jobs_compacts_what_the_queue_holds_and_keeps_the_order_and_the_cursor():
    rng = random.Random(12)
    app = QueueApp()
    async with app.run_test(size=(120, 20)):
        table = app.query_one(JobTable)
        added = [f"job-{i:04}" for i in range(3000)]
        table.upsert([view(n, rng, 1) for n in added], now=NOW)
        table.set_sort("status", now=NOW)
        kept = set(rng.sample(added, 400))
        table.move_to(next(n for n in table.order if n in kept))
        highlighted = table.highlighted
        table.remove_jobs([n for n in added if n not in kept])
        added = [n for n in added if n in kept]
        assert table._jobs.size == len(table._jobs) == 400  # the empty slots given up
        assert table.order == expected(table, added)
        assert table.highlighted == highlighted
        table.upsert([view(n, rng, 2) for n in rng.sample(added, 30)], now=NOW)
        table.upsert([view("new-job", rng, 2)], now=NOW)
        assert table.order == expected(table, [*added, "new-job"])
