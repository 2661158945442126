"""No SAS signature on any surface: a real account SAS (signed with Azurite's key) given in the config
file, in the environment and on the command line, then every output path is rendered: tables,
JSON, JSONL, TSV, errors that echo the input, `--debug`, `--log-file`, `config show`, the cache
file, crash output, and the dashboard's panes, toasts and activity log.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
from azure.storage.blob import AccountSasPermissions, ResourceTypes, generate_account_sas

from deidtui.local.azurite import DEV_ACCOUNT, DEV_KEY

NOTE = "Patient John Smith was seen on 10/12/2023 by Dr. Jane Roe at Contoso Hospital."


class Sas:
    """An account SAS and every spelling of its signature that must never be written."""

    def __init__(self) -> None:
        self.token = generate_account_sas(
            DEV_ACCOUNT,
            DEV_KEY,
            ResourceTypes(service=True, container=True, object=True),
            AccountSasPermissions(read=True, list=True, write=True, add=True, create=True, delete=True),
            datetime.now(UTC) + timedelta(hours=2),
        )
        encoded = next(p for p in self.token.split("&") if p.startswith("sig="))[4:]
        raw = unquote(encoded)
        # A distinctive piece too: a message cut in the middle must not leave half a signature.
        self.needles = {encoded, raw, raw[:16], encoded.replace("%", "%25")}

    def leaks(self, text: str | bytes) -> list[str]:
        data = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        return [needle for needle in self.needles if needle in data]


@pytest.fixture(scope="module")
def sas() -> Sas:
    return Sas()


def seen(results) -> str:
    return "\n".join(f"{r.out}\n{r.err}" for r in results)


def cache_bytes(cli_env) -> bytes:
    path = Path(cli_env["DEIDTUI_CACHE"])
    return b"".join(p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name))


def drive_every_cli_surface(deidtui, container, env, tmp_path, sas: Sas | None = None) -> list:
    """Run each command whose output could carry the account URL; return the results.

    Containers and blobs are named by name, or with `sas`, by URLs that carry it (as pasted)."""
    name = container.url.rsplit("/", 1)[1]

    def where(path: str = "") -> str:
        if sas is None:
            return f"{name}/{path}"
        return f"{container.url}/{path}?{sas.token}"

    target = name if sas is None else f"{container.url}?{sas.token}"
    log_file = tmp_path / f"deidtui-{len(list(tmp_path.iterdir()))}.log"
    runs = [
        ("blobs", "ls"),
        ("blobs", "ls", "-o", "json"),
        ("blobs", "ls", "-o", "jsonl"),
        ("blobs", "ls", "-o", "tsv"),
        ("blobs", "ls", "--query", "[].url", "-o", "tsv"),
        ("blobs", "ls", where("in/")),
        ("blobs", "ls", where("in/"), "-o", "json", "--debug"),
        ("blobs", "cat", where("in/a.txt")),
        ("blobs", "cat", where("in/missing.txt"), "--debug"),
        ("blobs", "get", where("in/missing.txt"), "-o", str(tmp_path / "x.txt")),
        ("blobs", "ls", "hostile/", "--debug", "--log-file", str(log_file)),
        ("jobs", "preview", "--source", target, "--prefix", "in/", "--target-prefix", "p/", "-o", "json"),
        ("jobs", "preview", "--source", target, "--prefix", "in/", "--target-prefix", "p/", "--debug"),
        ("jobs", "submit", "--source", target, "--prefix", "nothing/", "--target-prefix", "x/", "--name", "nomatch"),
        ("jobs", "submit", "--source", "nosuch-container", "--prefix", "in/", "--target-prefix", "x/"),
        ("jobs", "list"),
        ("jobs", "list", "-o", "json"),
        ("jobs", "list", "-o", "tsv"),
        ("jobs", "show", f"sas-{name[-6:]}", "--debug", "--log-file", str(log_file)),
        ("jobs", "show", f"sas-{name[-6:]}", "-o", "jsonl"),
        ("jobs", "documents", f"sas-{name[-6:]}", "-o", "json"),
        ("jobs", "documents", f"sas-{name[-6:]}"),
        ("config", "show"),
        ("config", "show", "-o", "json"),
    ]
    submitted = deidtui(
        "jobs",
        "submit",
        "--source",
        target,
        "--prefix",
        "in/",
        "--target-prefix",
        "out/",
        "--name",
        f"sas-{name[-6:]}",
        "--wait",
        "--interval",
        "0.2",
        "--debug",
        env=env,
    )
    assert submitted.code == 0, submitted.err
    results = [submitted] + [deidtui(*args, env=env) for args in runs]
    # The surfaces said something: this test reads real output, not empty streams.
    text = seen(results)
    assert name in text and "in/a.txt" in text and "Smith" in text and "Request URL" in text
    assert log_file.exists() and "deidtui" in log_file.read_text()
    results.append(type(submitted)(0, log_file.read_text(), ""))
    return results


def test_sas_in_the_environment_is_never_shown_stored_or_logged(deidtui, cli_env, azurite, container, sas, tmp_path):
    container.put("in/a.txt", NOTE)
    env = {
        "DEIDTUI_STORAGE_CONNECTION_STRING": "",
        "DEIDTUI_STORAGE_ACCOUNT_URL": f"{azurite.account_url}?{sas.token}",
    }
    results = drive_every_cli_surface(deidtui, container, env, tmp_path)
    assert "sig=***" in seen(results)  # config show says a SAS is there, masked
    assert sas.leaks(seen(results)) == []
    assert sas.leaks(cache_bytes(cli_env)) == []


def test_sas_in_the_config_file_is_never_shown_stored_or_logged(deidtui, cli_env, azurite, container, sas, tmp_path):
    container.put("in/a.txt", NOTE)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[profiles.sas]\nendpoint = "{cli_env["DEIDTUI_ENDPOINT"]}"\ncredential = "local"\n'
        f'[profiles.sas.storage]\naccount_urls = ["{azurite.account_url}?{sas.token}"]\n'
    )
    env = {"DEIDTUI_STORAGE_CONNECTION_STRING": "", "DEIDTUI_ENDPOINT": "", "DEIDTUI_CONFIG": str(config)}
    results = drive_every_cli_surface(deidtui, container, env, tmp_path)
    assert "sig=***" in seen(results)
    assert sas.leaks(seen(results)) == []
    assert sas.leaks(cache_bytes(cli_env)) == []


def test_sas_on_the_command_line_is_never_echoed(deidtui, cli_env, azurite, container, sas, tmp_path):
    """The account is configured by its connection string; the operator pastes SAS URLs anyway,
    good ones and broken ones, and every error that quotes them masks them."""
    container.put("in/a.txt", NOTE)
    results = drive_every_cli_surface(deidtui, container, {}, tmp_path, sas)
    account = f"{azurite.account_url}/?{sas.token}"
    echoed = [
        deidtui("blobs", "ls", account),  # names no container
        deidtui("blobs", "ls", f"{account}/hostile"),  # the path glued after the query
        deidtui("blobs", "cat", f"{azurite.account_url}/Not_A_Container?{sas.token}"),
        deidtui("blobs", "get", f"{account}/hostile", "--debug"),
        deidtui("jobs", "preview", "--source", account, "--prefix", "in/", "--target-prefix", "p/"),
        deidtui("jobs", "submit", "--source", account, "--prefix", "in/", "--target-prefix", "p/", "--debug"),
        deidtui("jobs", "list", "-o", f"x?{sas.token}"),  # argparse quotes an invalid choice
        deidtui("jobs", "show", f"../{sas.token}"),  # and an impossible job name
    ]
    assert all(r.code == 2 for r in echoed), [(r.code, r.err) for r in echoed]
    unmasked = [r.err for r in echoed if "?" in r.err and "sig=***" not in r.err]
    assert unmasked == []  # an error that quotes the input quotes it with its signature masked
    assert sum("sig=***" in r.err for r in echoed) >= 6
    assert sas.leaks(seen(results + echoed)) == []
    assert sas.leaks(cache_bytes(cli_env)) == []


def test_crash_output_masks_the_message_and_the_traceback(monkeypatch, capsys, sas):
    """The handler of last resort: an unexpected exception quoting a SAS URL, with and without --debug."""
    from deidtui import cli
    from deidtui.cli import config_cmd

    def crash(args):
        raise RuntimeError(f"cannot open 'https://acct.blob.core.windows.net/?{sas.token}/notes'")

    monkeypatch.setattr(config_cmd, "run_config_show", crash)
    monkeypatch.setenv("DEIDTUI_ENDPOINT", "https://127.0.0.1:9")
    for argv in (["config", "show"], ["config", "show", "--debug"]):
        assert cli.main(argv) == 70
        printed = capsys.readouterr()
        assert "RuntimeError" in printed.err and "sig=***" in printed.err
        assert sas.leaks(printed.out + printed.err) == []
    assert "Traceback" in printed.err  # the --debug run showed where


def test_the_log_filter_covers_records_from_any_azure_logger(sas, tmp_path):
    """`--log-file` and `--debug` install the masking filter on the handlers, so a record from a
    child logger (which a filter on `azure` itself would never see) is masked too."""
    import logging

    from deidtui.cli.logs import HTTP_LOGGER, configure_logging

    stream = io.StringIO()
    root = logging.getLogger()
    before = (list(root.handlers), root.level, logging.getLogger(HTTP_LOGGER).level)
    handlers = configure_logging(debug=True, log_file=str(tmp_path / "log.txt"), to_stderr=False)
    try:
        extra = logging.StreamHandler(stream)
        extra.addFilter(handlers[0].filters[0])
        root.addHandler(extra)
        logging.getLogger("azure.identity.aio._credentials.default").warning(
            "token request to %s failed", f"https://x/?{sas.token}"
        )
        root.removeHandler(extra)
    finally:
        for handler in handlers:
            root.removeHandler(handler)
            handler.close()
        root.handlers[:], root.level = before[0], before[1]
        logging.getLogger(HTTP_LOGGER).setLevel(before[2])
        for name in ("deidtui", "azure"):
            logging.getLogger(name).filters.clear()
    written = (tmp_path / "log.txt").read_text() + stream.getvalue()
    assert "token request to https://x/?" in written and "sig=***" in written
    assert sas.leaks(written) == []
    assert oct((tmp_path / "log.txt").stat().st_mode & 0o777) == "0o600"
