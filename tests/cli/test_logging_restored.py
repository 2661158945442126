"""`deidtui.cli.main` run in-process (by a script, or a test) leaves Python's logging as it found it.

Seen in the suite: a `--debug` run left its stderr handler (and `azure` at INFO) behind; a later
storage call in the same process logged its response headers into a stream that was gone, and
Python printed a "Logging error" dump on the real stderr.
"""

from __future__ import annotations

import logging

from deidtui import cli
from deidtui.cli.logs import HTTP_LOGGER

WATCHED = ("", "deidtui", "azure", HTTP_LOGGER)


def logging_state() -> list[tuple[str, int, list, list]]:
    return [
        (
            name,
            logging.getLogger(name).level,
            list(logging.getLogger(name).handlers),
            list(logging.getLogger(name).filters),
        )
        for name in WATCHED
    ]


def test_a_debug_run_in_process_leaves_handlers_levels_and_filters_as_they_were(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DEIDTUI_ENDPOINT", "https://127.0.0.1:9")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    before = logging_state()
    for argv in (["config", "show", "--debug"], ["config", "show", "--log-file", str(tmp_path / "log.txt")]):
        assert cli.main(argv) == 0
        assert logging_state() == before, argv
    capsys.readouterr()


def test_a_failing_run_restores_logging_too(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("DEIDTUI_CONFIG", str(tmp_path / "missing.toml"))
    before = logging_state()
    assert cli.main(["config", "show", "--debug"]) != 0
    assert logging_state() == before
    assert "missing.toml" in capsys.readouterr().err
