"""`deidtui jobs list --fleet` and `jobs watch --fleet` against two real emulators, and the checks
of the config's `fleet` list."""

from __future__ import annotations

import json

import pytest

from tests.support import deid_client, job_body

NOTE = "Patient John Smith was seen on 10/12/2023 by Dr. Jane Roe at Contoso Hospital."


def fleet_config(tmp_path, azurite, services: dict[str, str], fleet: object) -> str:
    lines = [f"fleet = {json.dumps(fleet)}"]
    for name, url in services.items():
        lines += [
            f"[profiles.{name}]",
            f'endpoint = "{url}"',
            'credential = "local"',
            f"[profiles.{name}.storage]",
            f'connection_string = "{azurite.connection_string}"',
        ]
    path = tmp_path / "fleet-config.toml"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


async def submit(url: str, container, name: str, prefix: str = "in/") -> None:
    async with deid_client(url) as client:
        await client.begin_deidentify_documents(name, job_body(container.url, prefix, f"{name}/"), polling=False)


@pytest.fixture
def two_services(emulator_factory, tmp_path):
    return {"east": emulator_factory(), "west": emulator_factory(state_dir=tmp_path / "west-state")}


async def test_list_fleet_names_each_jobs_service_in_json_tsv_and_table(
    deidtui, two_services, container, azurite, tmp_path
):
    container.put("in/a.txt", NOTE)
    east, west = two_services["east"], two_services["west"]
    await submit(east.url, container, "same-name")
    await submit(west.url, container, "same-name", prefix="nothing/")  # fails on west only
    await submit(west.url, container, "west-only")
    env = {"DEIDTUI_CONFIG": fleet_config(tmp_path, azurite, {"east": east.url, "west": west.url}, ["east", "west"])}

    listed = deidtui("jobs", "list", "--fleet", "-o", "json", env=env)
    assert listed.code == 0, listed.err
    jobs = {(job["service"], job["name"]): job for job in listed.json()}
    assert set(jobs) == {("east", "same-name"), ("west", "same-name"), ("west", "west-only")}
    assert jobs[("west", "same-name")]["source"]["prefix"] == "nothing/"  # two jobs, each its own
    assert jobs[("east", "same-name")]["source"]["prefix"] == "in/"

    tsv = deidtui("jobs", "list", "--fleet", "--cached", "-o", "tsv", env=env)
    assert sorted(line.split("\t")[1:3] for line in tsv.out.splitlines()) == [  # after the schema
        ["east", "same-name"],
        ["west", "same-name"],
        ["west", "west-only"],
    ]
    drawn = deidtui("jobs", "list", "--fleet", "--cached", env=env)
    assert drawn.out.splitlines()[0].split()[:2] == ["SERVICE", "NAME"]

    # One profile alone sees its own jobs only, from the same cache file.
    alone = deidtui("jobs", "list", "--profile", "west", "--cached", "-o", "json", env=env)
    assert alone.code == 0, alone.err
    assert sorted(job["name"] for job in alone.json()) == ["same-name", "west-only"]
    assert all("service" not in job for job in alone.json())


async def test_list_fleet_with_one_service_down_shows_the_other_and_says_which(
    deidtui, two_services, container, azurite, tmp_path
):
    container.put("in/a.txt", NOTE)
    east, west = two_services["east"], two_services["west"]
    env = {"DEIDTUI_CONFIG": fleet_config(tmp_path, azurite, {"east": east.url, "west": west.url}, ["east", "west"])}
    await submit(west.url, container, "cached-on-west")
    first = deidtui("jobs", "list", "--fleet", env=env)
    assert first.code == 0 and first.err == "", first.err  # west's job is now cached, and no cache in memory
    west.stop()
    await submit(east.url, container, "fresh-on-east")
    listed = deidtui("jobs", "list", "--fleet", "-o", "json", env=env)
    assert listed.code == 8, listed.err  # the service could not be reached
    assert "west" in listed.err and "east" not in listed.err
    assert {(job["service"], job["name"]) for job in listed.json()} == {
        ("east", "fresh-on-east"),
        ("west", "cached-on-west"),
    }, (first.err, listed.err)


async def test_watch_fleet_follows_jobs_on_both_services(deidtui, two_services, container, azurite, tmp_path):
    container.put("in/a.txt", NOTE)
    east, west = two_services["east"], two_services["west"]
    await submit(east.url, container, "twin")
    await submit(west.url, container, "twin", prefix="nothing/")
    await submit(west.url, container, "solo")
    env = {"DEIDTUI_CONFIG": fleet_config(tmp_path, azurite, {"east": east.url, "west": west.url}, ["east", "west"])}

    ambiguous = deidtui("jobs", "watch", "--fleet", "twin", env=env)
    assert ambiguous.code == 2 and "east/twin" in ambiguous.err and "west/twin" in ambiguous.err

    ok = deidtui("jobs", "watch", "--fleet", "east/twin", "solo", "--interval", "0.2", env=env)
    assert ok.code == 0, ok.err
    assert "east/twin" in ok.err and "west/solo" in ok.err
    failed = deidtui("jobs", "watch", "--fleet", "east/twin", "west/twin", "--interval", "0.2", env=env)
    assert failed.code == 1, failed.err  # west's twin failed: the most severe outcome wins

    nothing_left = deidtui("jobs", "watch", "--fleet", env=env)  # every unfinished job: none is left
    assert nothing_left.code == 0 and "no unfinished job" in nothing_left.err

    unknown = deidtui("jobs", "watch", "--fleet", "north/twin", env=env)
    assert unknown.code == 2 and "no service 'north'" in unknown.err
    needs_fleet = deidtui("jobs", "watch", "east/twin", env=env)
    assert needs_fleet.code == 2 and "--fleet" in needs_fleet.err


@pytest.mark.parametrize(
    ("fleet", "needle"),
    [
        (["east", "wset"], "unknown profile 'wset' (did you mean 'west'?)"),
        (["east", "east"], "'east' is listed twice"),
        ("east", "must be a list of profile names"),
        ([], "names no profile"),
    ],
)
def test_a_bad_fleet_list_is_one_clear_line(deidtui, azurite, tmp_path, fleet, needle):
    path = fleet_config(tmp_path, azurite, {"east": "http://127.0.0.1:9", "west": "http://127.0.0.1:9"}, fleet)
    for command in (["jobs", "list", "--fleet"], ["--fleet"]):
        result = deidtui(*command, env={"DEIDTUI_CONFIG": path})
        assert result.code == 2, result.err
        assert needle in result.err and "fleet-config.toml:1" in result.err and "Traceback" not in result.err


def test_fleet_without_a_fleet_list_says_how_to_add_one(deidtui, azurite, tmp_path):
    path = tmp_path / "plain.toml"
    path.write_text('[profiles.east]\nendpoint = "http://127.0.0.1:9"\ncredential = "local"\n')
    result = deidtui("jobs", "list", "--fleet", env={"DEIDTUI_CONFIG": str(path)})
    assert result.code == 2 and "no fleet list" in result.err and 'fleet = ["prod", "test"]' in result.err
    both = deidtui("--fleet", "--profile", "east", env={"DEIDTUI_CONFIG": str(path)})
    assert both.code == 2 and "give one of them" in both.err
