"""The dashboard shows a run's jobs together: each job's view names its run (from the cache, so
every screen agrees), the queue's `run:NAME` filter keeps exactly them, and the detail pane says
which run a job is part of."""

from __future__ import annotations

from pathlib import Path

import pytest

from deidtui.domain.models import JobSpec
from deidtui.tui.job_filter import FilterError, parse_filter
from deidtui.tui.widgets.job_state import DetailState
from deidtui.tui.widgets.job_summary import facts_content

from .conftest import make_tree


async def test_a_runs_jobs_carry_its_name_and_the_filter_keeps_them(
    deidtui, cli_env, make_engine, emulator, bucket, container, source, tmp_path
):
    make_tree(source, 6, big=False, latin1=False)
    run = deidtui(
        "run", str(source), "--op", "redact", "--out", str(tmp_path / "out"), "--container", bucket,
        "--name", "ward-7", "--documents-per-job", "4", "--interval", "0.2",
    )  # fmt: skip
    assert run.code == 0, run.err
    container.put("in/a.txt", "Patient John Smith.")
    other = deidtui("jobs", "submit", "--source", container.url, "--prefix", "in/", "--target-prefix", "out/")
    assert other.code == 0, other.err
    engine = make_engine(emulator.url, cache_path=Path(cli_env["DEIDTUI_CACHE"]), name="env", poll=False)
    await engine.start()
    views = {view.name: view for view in await engine.jobs()}
    assert {name: view.run for name, view in views.items()} == {
        "ward-7-1": "ward-7",
        "ward-7-2": "ward-7",
        other.out.strip(): None,
    }
    only_run = parse_filter("run:ward-7")
    assert only_run is not None
    assert sorted(name for name, view in views.items() if only_run(view)) == ["ward-7-1", "ward-7-2"]
    not_run = parse_filter("!run:WARD-7")
    assert not_run is not None
    assert [name for name, view in views.items() if not_run(view)] == [other.out.strip()]
    shown = facts_content(DetailState(name="ward-7-1", cached=views["ward-7-1"]), 100).plain
    assert "part of run ward-7" in shown
    assert "part of run" not in facts_content(DetailState(cached=views[other.out.strip()]), 100).plain


def test_run_without_a_name_is_a_filter_error():
    with pytest.raises(FilterError, match="run: needs a run's name"):
        parse_filter("run:")


async def test_linking_a_cached_job_to_a_run_reaches_every_screen(make_engine, emulator, container):
    engine = make_engine(emulator.url, poll=False)
    await engine.start()
    container.put("in/a.txt", "Patient John Smith.")
    spec = JobSpec(source_location=container.url, source_prefix="in/", target_prefix="out/")
    await engine.submit(spec, "linked-later")
    before = await engine.job("linked-later")
    assert before is not None and before.run is None
    await (await engine.run_store()).link_job("night-run", 1, "linked-later")
    after = await engine.job("linked-later")
    assert after is not None and after.run == "night-run"
    assert after.revision > before.revision  # the feed publishes the change: views never go back
