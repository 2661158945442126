"""How `deidtui run` shows progress: bars with counts, bytes and rate on a terminal; otherwise a
quiet line per phase now and then, and always when a phase completes."""

from __future__ import annotations

import io

from rich.console import Console

from deidtui.cli.run_progress import BarProgress, LineProgress


def test_bars_show_files_bytes_and_rate_on_a_terminal():
    screen = io.StringIO()
    with BarProgress(Console(file=screen, force_terminal=True, width=120)) as progress:
        progress.update("upload", 3, 10, 3 * 2048)
        progress.say("skipped a.txt: not UTF-8 \x1b[31m")
        progress.update("process", 10, 10)
    text = screen.getvalue()
    assert "upload" in text and "3/10" in text and "6.0 KB" in text and "KB/s" in text
    assert "de-identify" in text and "10/10" in text
    assert "skipped a.txt" in text and "\x1b[31m" not in text  # a file name cannot colour the terminal


def test_lines_are_few_and_say_when_a_phase_completes():
    stream = io.StringIO()
    progress = LineProgress(stream)
    for done in range(1, 101):
        progress.update("download", done, 100, done * 100)
    progress.update("download", 100, 100, 10_000)
    lines = stream.getvalue().splitlines()
    assert lines == ["deidtui: download: 1/100 files, 100 B", "deidtui: download: 100/100 files, 9.8 KB"]


def test_a_phase_whose_total_is_not_known_yet_says_so_rather_than_zero_of_zero():
    # The job's documents are counted once the service lists them: the line read
    # "de-identify: 0/0 documents" for a job of five.
    stream = io.StringIO()
    LineProgress(stream).update("process", 0, 0)
    assert stream.getvalue() == "deidtui: de-identify: waiting for the service to count the documents\n"

    screen = io.StringIO()
    with BarProgress(Console(file=screen, force_terminal=True, width=120)) as progress:
        progress.update("process", 0, 0)
        progress.update("process", 2, 5)
    assert "0/0" not in screen.getvalue() and "2/5" in screen.getvalue()
