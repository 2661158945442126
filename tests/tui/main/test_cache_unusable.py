"""The dashboard without a usable cache file: one toast says so, the status line keeps saying it
(a toast goes in 8 s; jobs kept in memory are gone at exit), and it works from the service."""

from __future__ import annotations

import pytest

from deidtui.engine import EngineState
from deidtui.tui.widgets.status_bar import StatusBar
from tests.cache_paths import UNUSABLE, unprivileged_permissions
from tests.support import deid_client, foreign_spec, until

from .test_dashboard import table


@pytest.mark.parametrize("make_path", list(UNUSABLE.values()), ids=list(UNUSABLE))
async def test_the_dashboard_works_from_the_service_and_says_once_that_the_cache_is_not_used(
    make_app, emulator, tmp_path, monkeypatch, make_path
):
    unprivileged_permissions(monkeypatch)
    async with deid_client(emulator.url) as client:
        await client.begin_deidentify_documents("from-service", foreign_spec(0), polling=False)
    app = make_app(emulator.url, cache=make_path(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: table(app).job("from-service") is not None)
        await until(pilot, lambda: app.screen.query_one(StatusBar).state is EngineState.ONLINE)
        await until(pilot, app.engine_ready.is_set)  # start-up is over: all it had to say is said
        assert [toast.title for toast in app.toasts] == ["Working without the local cache"]
        assert "cache in memory" in app.toasts[0].text
        line = app.screen.query_one(StatusBar).render().plain
        assert "● online  ⚠ cache in memory" in line, line


async def test_at_80_columns_the_line_keeps_the_warning_and_the_job_count(make_app, emulator, tmp_path):
    async with deid_client(emulator.url) as client:
        await client.begin_deidentify_documents("from-service", foreign_spec(0), polling=False)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    app = make_app(emulator.url, cache=folder)  # a folder where the cache file should be
    async with app.run_test(size=(80, 24)) as pilot:
        status = app.screen.query_one(StatusBar)
        await until(pilot, lambda: status.state is EngineState.ONLINE and status.last_sweep is not None)
        await until(pilot, lambda: status.jobs_total == 1)
        line = status.render()
        assert "⚠ cache in memory" in line.plain and line.plain.endswith("jobs 1"), line.plain
        assert line.cell_len <= status.content_size.width, (line.cell_len, status.content_size.width, line.plain)
