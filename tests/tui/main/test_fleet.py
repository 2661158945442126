"""The fleet view driven with Pilot: two real emulators (one stopped half-way) in one queue.

Each service has its own engine; the queue shows both services' jobs (the same name on both is two
rows), the status line says how each service stands, and every action reaches the job's own
service, as each emulator's own answers show.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from textual.widgets import Static

from deidtui.domain.models import JobStatus
from deidtui.engine import Engine, EngineState, Fleet
from deidtui.engine.doctor import Report
from deidtui.tui.app import DeidApp
from deidtui.tui.screens.confirm import ConfirmScreen
from deidtui.tui.screens.main import MainScreen
from deidtui.tui.widgets.job_table import JobTable
from deidtui.tui.widgets.status_bar import StatusBar
from tests.cache_paths import folder_at_the_path
from tests.support import deid_client, job_body, local_profile, screen_text, until

NOTE = "Patient John Smith was seen on 10/12/2023 at Contoso Hospital."


@pytest.fixture
async def make_fleet_app(azurite, tmp_path) -> AsyncIterator[Callable[..., DeidApp]]:
    apps: list[DeidApp] = []

    def make(endpoints: dict[str, str], *, read_only: tuple[str, ...] = ()) -> DeidApp:
        cache = tmp_path / "fleet-cache.sqlite3"  # one file: every row is keyed by its profile
        engines = [
            Engine(
                local_profile(url, azurite.connection_string, name=name, read_only=name in read_only),
                cache_path=cache,
            )
            for name, url in endpoints.items()
        ]
        app = DeidApp(engines[0], fleet=Fleet(engines))
        apps.append(app)
        return app

    yield make
    for app in apps:
        if app.fleet is not None:
            await app.fleet.stop()


async def submit(url: str, container, name: str, prefix: str = "in/") -> None:
    async with deid_client(url) as client:
        await client.begin_deidentify_documents(name, job_body(container.url, prefix, f"{name}/"), polling=False)


async def status_on_service(url: str, name: str) -> str:
    async with deid_client(url) as client:
        status = (await client.get_job(name)).status
        return str(getattr(status, "value", status))


def table(app: DeidApp) -> JobTable:
    return app.screen.query_one(JobTable)


def bar(app: DeidApp) -> StatusBar:
    return app.screen.query_one(StatusBar)


def active(app: DeidApp, key: str) -> bool:
    view = table(app).job(key)
    return view is not None and view.status.is_active


async def confirm_title(pilot, app: DeidApp) -> str:
    await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
    return str(app.screen.query_one(".title", Static).render())


async def test_two_services_in_one_queue_with_honest_status_and_actions_on_each(
    make_fleet_app, emulator_factory, container, tmp_path
):
    east = emulator_factory(doc_delay_ms=1000, concurrency=1)
    west = emulator_factory(doc_delay_ms=1000, concurrency=1, state_dir=tmp_path / "west-state")
    for i in range(120):  # two minutes of work per job: still running whatever the machine's load
        container.put(f"in/{i}.txt", NOTE)
    east_url, west_url = east.url, west.url
    for url in (east_url, west_url):  # the same names on both services
        await submit(url, container, "long-one")
        await submit(url, container, "second")
    await submit(east_url, container, "only-east", prefix="nothing/")
    await submit(west_url, container, "only-west", prefix="nothing/")
    app = make_fleet_app({"east": east_url, "west": west_url})
    async with app.run_test(size=(200, 50)) as pilot:
        keys = {"east/long-one", "west/long-one", "east/second", "west/second", "east/only-east", "west/only-west"}
        await until(pilot, lambda: keys <= set(table(app).order))
        await until(pilot, lambda: all(active(app, f"{s}/long-one") for s in ("east", "west")))
        assert table(app).total_count == 6  # the same name on two services is two rows
        assert table(app).render_line(0).text.split()[:2] == ["SERVICE", "NAME"]
        row = table(app).render_line(1 + table(app).order.index("west/only-west")).text
        assert "west" in row and "only-west" in row
        await until(
            pilot,
            lambda: all(
                line.state is EngineState.ONLINE and line.last_sweep is not None for line in bar(app).services.values()
            ),
        )

        # svc: keeps one service's jobs
        await pilot.press("slash", *"svc:west", "enter")
        await until(pilot, lambda: set(table(app).order) == {k for k in keys if k.startswith("west/")})
        await pilot.press("slash", "escape")
        await until(pilot, lambda: set(table(app).order) == keys)

        # An action on one job goes to its own service only: the same name elsewhere runs on.
        assert table(app).move_to("east/long-one")
        await pilot.press("c")
        assert "east" in await confirm_title(pilot, app)
        await pilot.press("y")
        await until(pilot, lambda: table(app).job("east/long-one").status is JobStatus.CANCELED)
        assert await status_on_service(east_url, "long-one") == "Canceled"
        assert await status_on_service(west_url, "long-one") in ("NotStarted", "Running")
        assert active(app, "west/long-one")

        # A bulk action across services says how many jobs on each, and each goes to its service.
        assert table(app).move_to("east/second")
        await pilot.press("space")
        assert table(app).move_to("west/second")
        await pilot.press("space")
        await pilot.press("c")
        title = await confirm_title(pilot, app)
        assert "1 job on east" in title and "1 job on west" in title
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await until(
            pilot, lambda: all(table(app).job(f"{s}/second").status is JobStatus.CANCELED for s in ("east", "west"))
        )
        assert await status_on_service(east_url, "second") == "Canceled"
        assert await status_on_service(west_url, "second") == "Canceled"

        # West goes away half-way: it is said of west alone, and east's news still arrives.
        west.stop()
        await until(pilot, lambda: bar(app).services["west"].state is EngineState.OFFLINE)
        await submit(east_url, container, "after-west-left")
        await until(pilot, lambda: "east/after-west-left" in table(app).order)
        assert bar(app).services["east"].state is EngineState.ONLINE
        assert "west/only-west" in table(app).order  # west's jobs stay, from the cache
        line = bar(app).render().plain
        assert "east ● online" in line and "west ✘ offline" in line

        # An action on west's job is tried on west, and its failure is told of west.
        assert table(app).move_to("west/long-one")
        await pilot.press("c")
        assert "west" in await confirm_title(pilot, app)
        await pilot.press("y")
        await until(pilot, lambda: any(t.title == "long-one on west: not done" for t in app.toasts))
        assert active(app, "west/long-one")


async def test_read_only_is_set_per_service(make_fleet_app, emulator_factory, container, tmp_path):
    east = emulator_factory()
    west = emulator_factory(state_dir=tmp_path / "west-state")
    container.put("in/a.txt", NOTE)
    await submit(east.url, container, "done-east")
    await submit(west.url, container, "done-west")
    app = make_fleet_app({"east": east.url, "west": west.url}, read_only=("west",))
    async with app.run_test(size=(200, 50)) as pilot:
        await until(
            pilot,
            lambda: all(
                (view := table(app).job(key)) is not None and view.status.is_terminal
                for key in ("east/done-east", "west/done-west")
            ),
        )
        await until(pilot, lambda: app.engine_ready.is_set())
        assert table(app).move_to("west/done-west")
        reason = app.screen.why_unavailable("delete_jobs")  # type: ignore[attr-defined]
        assert reason is not None and reason.startswith("west: this profile is read-only")
        assert table(app).move_to("east/done-east")
        assert app.screen.why_unavailable("delete_jobs") is None  # type: ignore[attr-defined]
        assert "west" in bar(app).render().plain and "[ro]" in bar(app).render().plain


def test_svc_filter_terms_name_services_of_the_fleet():
    from deidtui.tui.job_filter import FilterError, parse_filter
    from tests.engine.test_fleet import view

    east, west = view("nightly", "east"), view("nightly", "west")
    only_west = parse_filter("svc:we", ["east", "west"])
    assert only_west is not None and not only_west(east) and only_west(west)
    both = parse_filter("svc:east,west nightly", ["east", "west"])
    assert both is not None and both(east) and both(west)
    not_east = parse_filter("!svc:east", ["east", "west"])
    assert not_east is not None and not not_east(east) and not_east(west)
    with pytest.raises(FilterError, match="no svc 'north': east, west"):
        parse_filter("svc:north", ["east", "west"])
    with pytest.raises(FilterError, match="fleet view"):
        parse_filter("svc:east")  # one profile: there is no service to choose


async def test_fleet_command_opens_the_fleet_and_profile_goes_back(azurite, emulator_factory, container, tmp_path):
    from deidtui.config import select_fleet, select_profile
    from deidtui.config.config_file import read_config_file

    east, west = emulator_factory(), emulator_factory(state_dir=tmp_path / "west-state")
    container.put("in/a.txt", NOTE)
    await submit(east.url, container, "on-east")
    await submit(west.url, container, "on-west")
    config = tmp_path / "config.toml"
    config.write_text(
        'default_profile = "east"\nfleet = ["east", "west"]\n'
        + "".join(
            f'[profiles.{name}]\nendpoint = "{url}"\ncredential = "local"\n'
            f'[profiles.{name}.storage]\nconnection_string = "{azurite.connection_string}"\n'
            for name, url in (("east", east.url), ("west", west.url))
        )
    )
    cfg = read_config_file(config, must_exist=True)
    cache = tmp_path / "cache.sqlite3"

    def engine_for(profile) -> Engine:
        return Engine(profile, cache_path=cache)

    app = DeidApp(
        engine_for(select_profile(cfg, None, {})),
        profile_names=list(cfg.profiles),
        profile_loader=lambda name: select_profile(cfg, name, {}),
        engine_factory=engine_for,
        fleet_loader=lambda names: select_fleet(cfg, names, {}),
    )
    try:
        async with app.run_test(size=(200, 50)) as pilot:
            await until(pilot, lambda: table(app).order == ["on-east"])
            await app.run_command("fleet", "nowhere")
            await until(pilot, lambda: any(t.title == "Cannot show the fleet" for t in app.toasts))
            assert app.fleet is None
            await app.run_command("fleet", "")
            await until(
                pilot, lambda: app.fleet is not None and set(table(app).order) == {"east/on-east", "west/on-west"}
            )
            assert table(app).sorts[-1] == "service"
            await app.run_command("profile", "west")
            await until(pilot, lambda: app.fleet is None and table(app).order == ["on-west"])
    finally:
        if app.fleet is not None:
            await app.fleet.stop()
        await app.engine.stop()


async def test_doctor_in_the_fleet_checks_the_highlighted_jobs_service_or_the_one_named(
    make_fleet_app, emulator_factory, container, tmp_path
):
    """`:doctor` in the fleet view diagnoses the service of the job under the cursor (the first
    service was checked, whatever the cursor was on); `:doctor NAME` names one; a wrong name says
    which services there are."""
    from deidtui.tui.screens.doctor import DoctorScreen

    east = emulator_factory()
    west = emulator_factory(state_dir=tmp_path / "west-state")
    await submit(east.url, container, "on-east", prefix="nothing/")
    await submit(west.url, container, "on-west", prefix="nothing/")
    app = make_fleet_app({"east": east.url, "west": west.url})
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: {"east/on-east", "west/on-west"} <= set(table(app).order))
        west_url = west.url
        west.stop()

        async def doctor(*typed: str) -> Report:
            await pilot.press("colon", *typed, "enter")
            await until(pilot, lambda: isinstance(app.screen, DoctorScreen) and app.screen.report is not None)
            report = app.screen.report
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, MainScreen))
            return report

        assert table(app).move_to("west/on-west")
        report = await doctor(*"doctor")
        assert report.profile == "west" and report.endpoint == west_url
        assert report.check("endpoint").status.value == "failed"  # west is down: said of west
        assert table(app).move_to("west/on-west")
        report = await doctor(*"doctor east")
        assert report.profile == "east" and report.check("endpoint").status.value == "ok"
        seen = len(app.toasts)
        await pilot.press("colon", *"doctor north", "enter")
        await until(pilot, lambda: len(app.toasts) > seen)
        toast = list(app.toasts)[-1]
        assert "north" in toast.text and "east" in toast.text and "west" in toast.text
        assert isinstance(app.screen, MainScreen)


async def test_a_service_working_on_a_cache_in_memory_says_so_on_the_status_line_for_good(
    azurite, emulator_factory, tmp_path
):
    """Its toast goes in 8 s; the jobs it keeps in memory are gone at exit: the line keeps saying it,
    for that service only."""
    east = emulator_factory()
    west = emulator_factory(state_dir=tmp_path / "west-state")
    engines = [
        Engine(local_profile(east.url, azurite.connection_string, name="east"), cache_path=tmp_path / "ok.sqlite3"),
        Engine(
            local_profile(west.url, azurite.connection_string, name="west"), cache_path=folder_at_the_path(tmp_path)
        ),
    ]
    app = DeidApp(engines[0], fleet=Fleet(engines))
    try:
        async with app.run_test(size=(200, 50)) as pilot:
            await until(pilot, lambda: app.engine_ready.is_set())
            await until(pilot, lambda: "west ● online ⚠ cache in memory" in bar(app).render().plain)
            line = bar(app).render().plain
            assert "east ● online" in line and line.count("cache in memory") == 1, line
            assert any(toast.title == "west: Working without the local cache" for toast in app.toasts)
    finally:
        await app.fleet.stop()


async def test_the_details_screen_follows_a_job_of_the_second_service_until_it_finishes(
    make_fleet_app, emulator_factory, container, tmp_path
):
    east = emulator_factory()
    west = emulator_factory(doc_delay_ms=500, concurrency=1, state_dir=tmp_path / "west-state")
    for i in range(8):
        container.put(f"in/{i}.txt", NOTE)
    await submit(east.url, container, "same-name", prefix="nothing/")  # the same name on the first service
    await submit(west.url, container, "same-name")
    app = make_fleet_app({"east": east.url, "west": west.url})
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: active(app, "west/same-name"))
        assert table(app).move_to("west/same-name")
        await pilot.press("e")
        await until(pilot, lambda: "Details of same-name" in screen_text(app))
        assert "same-name  ▶ running" in screen_text(app)  # 4 s of work: open while it runs
        # The documents may all be done a poll before the service calls the job done: wait for both.
        await until(pilot, lambda: "✔ succeeded" in screen_text(app), timeout=30)
        await until(pilot, lambda: "8 succeeded, 0 failed, 0 canceled, of 8" in screen_text(app))
        assert await status_on_service(west.url, "same-name") == "Succeeded"
