"""The doctor report as rich renderables, shared by `deidtui doctor` and the dashboard's `:doctor`.

Imports rich only (not textual), so the CLI can use it without loading the dashboard. Everything a
check observed may quote the service or storage: it is sanitized line by line and never read as
markup. Fixes are listed after the table, numbered, one command per line and never wrapped, so
they can be copied as they are.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..domain.sanitize import sanitize_line
from ..engine.doctor.report import Report, Status

STYLES = {Status.OK: "green", Status.WARNING: "yellow", Status.FAILED: "bold red", Status.SKIPPED: "dim"}


def _clean(text: str) -> str:
    return "\n".join(sanitize_line(line) for line in text.splitlines())


def summary(report: Report) -> Text:
    counts = report.counts
    line = Text(f"{report.profile}: ", style="bold")
    parts = [
        (f"{counts[Status.OK]} ✔", STYLES[Status.OK]),
        (f"{counts[Status.WARNING]} ⚠", STYLES[Status.WARNING]),
        (f"{counts[Status.FAILED]} ✘", STYLES[Status.FAILED]),
        (f"{counts[Status.SKIPPED]} skipped", STYLES[Status.SKIPPED]),
    ]
    for i, (text, style) in enumerate(parts):
        line.append(("  " if i else "") + text, style=style)
    if report.duration_ms is not None:
        ms = report.duration_ms
        line.append(f"  in {ms:.0f} ms" if ms < 1000 else f"  in {ms / 1000:.1f} s")
    verdict = {0: "all good", 1: "a check failed", 3: "the environment is broken"}[report.exit_code]
    line.append(
        f"  ({verdict}, exit {report.exit_code})", style=STYLES[Status.OK if report.exit_code == 0 else Status.FAILED]
    )
    return line


def table(report: Report) -> Table:
    grid = Table(title=None, show_header=True, header_style="bold", expand=False, box=None, pad_edge=False)
    grid.add_column("", no_wrap=True)
    grid.add_column("check", no_wrap=True)
    grid.add_column("observed", overflow="fold")
    fix_number = 0
    for check in report.checks:
        observed = Text(_clean(check.observed), style="dim" if check.status is Status.SKIPPED else "")
        if check.status is Status.SKIPPED:
            observed = Text("skipped: ", style="dim") + observed
        if check.fix and check.status in (Status.FAILED, Status.WARNING):
            fix_number += 1
            observed.append(f"  → fix {fix_number}", style="bold")
        grid.add_row(Text(check.status.symbol, style=STYLES[check.status]), Text(check.title), observed)
    return grid


def fixes(report: Report) -> Iterator[Text]:
    """`n. title` then each line of its fix, indented, in the order the table numbers them."""
    number = 0
    for check in report.checks:
        if not (check.fix and check.status in (Status.FAILED, Status.WARNING)):
            continue
        number += 1
        yield Text(f"{number}. {check.title}", style="bold")
        for line in _clean(check.fix).splitlines():
            # Never wrapped by rich: a command copied from the terminal must stay one line.
            style = "dim" if line.startswith("(") else "cyan"
            yield Text(f"   {line}", style=style, no_wrap=True, overflow="ignore")


def render(report: Report) -> RenderableType:
    """The whole report: the table, the fixes, the summary line (the dashboard's screen)."""
    lines: list[RenderableType] = [table(report)]
    fix_lines = list(fixes(report))
    if fix_lines:
        lines += [Text(""), Text("Fixes", style="bold underline"), *fix_lines]
    lines += [Text(""), summary(report)]
    return Group(*lines)


def print_report(console: Console, report: Report) -> None:
    """The report on a console (the CLI): fixes are printed unwrapped and uncropped, for copying."""
    console.print(table(report))
    fix_lines = list(fixes(report))
    if fix_lines:
        console.print()
        console.print(Text("Fixes", style="bold underline"))
        for line in fix_lines:
            console.print(line, soft_wrap=True, crop=False)
    console.print()
    console.print(summary(report))
