"""The selected job's header, specification and live progress, as width-aware text sections.

Each section is a small widget whose text is built, for the width it has, from the pane's
`DetailState`. Builders are cheap and pure, so the pane's one-second tick rebuilds the
time-dependent sections and repaints only those whose text or styles really changed (operators
are on SSH links). Everything from outside (names, URLs, prefixes, service errors) passes
`sanitize_line` and becomes `Content`, never markup.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from ...domain import rules
from ...domain.jobs import JobView
from ...domain.models import JobStatus, Operation, Progress
from ...domain.paths import parse_container_url
from ...domain.sanitize import sanitize_line
from ..formatting import STATUS_STYLE, STATUS_SYMBOL, coarse_age, progress_bar, size, timestamp
from .job_state import DetailState, live_span, span, status_words

LABEL = 9  # width of the muted labels at the left of full-density lines
MUTED = "$text-muted"
WARN = "$warning bold"
ERROR_LINES = {"full": 6, "compact": 3, "minimal": 1}  # of a job's error, at most, by the pane's density
MORE = "… (e: all of it)"


def container_label(url: str, *, short: bool) -> str:
    """The container as the operator knows it: its URL, or `account/container` where space is short."""
    if not short:
        return sanitize_line(url)
    try:
        address = parse_container_url(url)
    except ValueError:
        return sanitize_line(url)
    return sanitize_line(f"{address.account}/{address.container}")


# -- the sections' text ---------------------------------------------------------------------------------


def _fit(line: Content, width: int) -> Content:
    return line.truncate(width, ellipsis=True) if width > 0 and line.cell_length > width else line


def _join(lines: list[Content], width: int) -> Content:
    return Content("\n").join(_fit(line, width) for line in lines)


def _keep_end(text: str, width: int) -> str:
    """`text`, or its end after an ellipsis when it is wider than `width` (at least 12 cells kept)."""
    width = max(width, 12)
    return text if len(text) <= width else "…" + text[len(text) - width + 1 :]


def _row(label: str, *parts: str | Content | tuple[str, str]) -> Content:
    return Content.assemble((label.ljust(LABEL), MUTED), *parts)


def freshness(state: DetailState) -> Content:
    """The honest age of what the pane shows: when the service last answered about this job (the
    shown job is read every few seconds; the status bar says when the whole list was), offline and
    throttling included."""
    now = state.now()
    parts: list[tuple[str, str]] = []
    if state.cached is not None:
        seen = f"seen {coarse_age(state.cached.last_seen, now)}"  # spelled as the status bar's ages
        parts.append((f"✘ offline · {seen}", WARN) if state.online is False else (seen, MUTED))
    if state.throttled_until is not None:
        remaining = (state.throttled_until - now).total_seconds()
        if remaining > 0:
            parts.append((f"⏸ throttled, retrying in {max(1, round(remaining))}s", WARN))
    content = Content()
    for i, part in enumerate(parts):
        content = content + (Content.styled(" · ", MUTED) if i else Content()) + Content.styled(*part)
    return content


def header_content(state: DetailState, width: int) -> Content:
    """Name, status (symbol, colour and word), operation; freshness at the right or on a second line."""
    cached = state.cached
    if cached is None:
        return Content.styled(state.hint or "No job selected", MUTED)
    status = cached.status
    title = Content.assemble(
        (sanitize_line(cached.name), "bold"),
        "  ",
        (status_words(cached), f"{STATUS_STYLE[status]} bold"),
        "  ",
        (cached.job.spec.operation.value, MUTED),
    )
    if cached.deleted:
        title = title + Content.styled("  ␡ deleted on the service", WARN)
    fresh = freshness(state)
    if not fresh:
        return _fit(title, width)
    gap = width - title.cell_length - fresh.cell_length
    if gap >= 3:
        return title + Content(" " * gap) + fresh
    if state.density == "minimal":
        return _fit(title + Content("  ") + fresh, width)
    return _join([title, fresh], width)


def facts_content(state: DetailState, width: int) -> Content:
    """Where the job reads and writes, its customizations, lineage and timestamps."""
    cached = state.cached
    if cached is None or state.density == "minimal":
        return Content()
    job = cached.job
    spec = job.spec
    now = state.now()
    same_target = spec.target_location is None or spec.target_location == spec.source_location
    extensions = sanitize_line(", ".join(spec.extensions))
    source_prefix = sanitize_line(spec.source_prefix) or "(whole container)"
    target_prefix = sanitize_line(spec.target_prefix)
    overwrite = "overwrite" if spec.overwrite else "no overwrite"
    extras: list[str] = []
    if spec.operation is Operation.REDACT and spec.redaction_format is not None:
        extras.append(f"format {sanitize_line(spec.redaction_format)}")
    if spec.operation is Operation.SURROGATE and spec.surrogate_locale:
        extras.append(f"locale {sanitize_line(spec.surrogate_locale)}")
    if spec.input_locale:
        extras.append(f"input {sanitize_line(spec.input_locale)}")
    lineage: list[str] = []
    if cached.run:
        lineage.append(f"part of run {sanitize_line(cached.run)}")
    if state.parent:
        lineage.append(f"resubmission of {sanitize_line(state.parent)}")
    if state.children:
        lineage.append(f"resubmitted as {', '.join(sanitize_line(c) for c in state.children)}")
    if job.status.is_terminal:
        took = span((job.last_updated_at - (job.started_at or job.created_at)).total_seconds())
        clock_part = f"took {took}"
    elif job.started_at is not None:
        clock_part = f"elapsed {live_span((now - job.started_at).total_seconds())}"
    else:
        clock_part = f"waiting {live_span((now - job.created_at).total_seconds())}"
    times = [f"created {timestamp(job.created_at, now)}"]
    if job.started_at is not None:
        times.append(f"started {timestamp(job.started_at, now)}")
    times.append(f"updated {timestamp(job.last_updated_at, now)}")
    lines: list[Content] = []
    if state.density == "compact":
        source = f"{container_label(spec.source_location, short=True)}/{sanitize_line(spec.source_prefix)}"
        target = f"{container_label(spec.effective_target_location, short=True)}/{target_prefix}"
        # Where space is short the paths give way from their start: what follows them (extensions,
        # overwrite, customizations) is what an operator checks before a resubmit.
        source_tail = f"  ({extensions})"
        target_tail = f"  {' · '.join([overwrite, *extras])}"
        lines.append(_row("from", _keep_end(source, width - LABEL - len(source_tail)), (source_tail, MUTED)))
        lines.append(_row("to", _keep_end(target, width - LABEL - len(target_tail)), (target_tail, MUTED)))
        if lineage:
            lines.append(_row("lineage", " · ".join(lineage)))
        lines.append(_row("times", " · ".join([*times[:2], clock_part])))
        return _join(lines, width)
    # A long account URL gives way from its start (the container's name is what tells jobs apart);
    # overwrite takes a row of its own rather than being cut after a long prefix.
    room = width - LABEL
    lines.append(_row("source", _keep_end(container_label(spec.source_location, short=False), room)))
    lines.append(_row("", ("prefix ", MUTED), source_prefix, ("  extensions ", MUTED), extensions))
    if same_target:
        where = _row("target", ("same container", MUTED), ("  prefix ", MUTED), target_prefix)
    else:
        lines.append(_row("target", _keep_end(container_label(spec.effective_target_location, short=False), room)))
        where = _row("", ("prefix ", MUTED), target_prefix)
    with_overwrite = where + Content.styled("  ", MUTED) + Content(overwrite)
    lines += [with_overwrite] if with_overwrite.cell_length <= width else [where, _row("", overwrite)]
    for extra in extras:
        key, _, value = extra.partition(" ")
        lines.append(_row(key, value))
    if lineage:
        lines.append(_row("lineage", " · ".join(lineage)))
    # As many rows as the times need, each time whole (a narrow pane cut "updated …").
    time_rows: list[list[str]] = [[]]
    for item in [*times, clock_part]:
        if time_rows[-1] and LABEL + len(" · ".join([*time_rows[-1], item])) > width:
            time_rows.append([])
        time_rows[-1].append(item)
    lines += [_row("times" if i == 0 else "", " · ".join(row)) for i, row in enumerate(time_rows)]
    return _join(lines, width)


def _counts(progress: Progress, *, short: bool) -> Content:
    items = [
        (JobStatus.SUCCEEDED, progress.succeeded, "succeeded"),
        (JobStatus.FAILED, progress.failed, "failed"),
        (JobStatus.CANCELED, progress.canceled, "canceled"),
        (JobStatus.RUNNING, progress.running, "running"),
        (JobStatus.NOT_STARTED, progress.by_status.get(JobStatus.NOT_STARTED, 0), "queued"),
    ]
    parts: list[Content] = []
    for status, count, word in items:
        if count or status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
            text = f"{STATUS_SYMBOL[status]} {count}" + ("" if short else f" {word}")
            parts.append(Content.styled(text, STATUS_STYLE[status] if count else MUTED))
    return Content("  ").join(parts)


def _bar(done: int, total: int, width: int) -> Content:
    bar = progress_bar(done, total, width)
    filled = bar.count("█")
    return Content.assemble((bar[:filled], "$accent"), (bar[filled:], "$text-disabled"))


def error_content(state: DetailState, width: int) -> Content:
    """The job's error across the pane's whole width: as many lines as its density allows, then
    where the rest is (the details view, `e`)."""
    return _join(_error_lines(state, width, ERROR_LINES[state.density]), width)


def _error_lines(state: DetailState, width: int, max_lines: int) -> list[Content]:
    cached = state.cached
    error = cached.job.error if cached is not None else None
    if error is None:
        return []
    code = sanitize_line(error.code)
    message = sanitize_line(error.message)
    room = max(width - LABEL - len(code) - 2, 10)
    wrapped = textwrap.wrap(message, room) or [""]
    cut = len(wrapped) > max_lines
    if cut:  # say where the rest is: the details view (e) has all of it
        wrapped = wrapped[:max_lines]
        wrapped[-1] = wrapped[-1][: max(room - len(MORE), 0)].rstrip() + MORE
    lines = [_row("error", (code, "$error bold"), ": ", wrapped[0])]
    indent = " " * (len(code) + 2)
    lines += [_row("", indent, more) for more in wrapped[1:]]
    if cut:
        lines[-1] = lines[-1].stylize(MUTED, len(lines[-1].plain) - len(MORE) + 1)
    return lines


def live_content(state: DetailState, width: int) -> Content:
    """Progress, throughput and ETA while the job runs; the summary once it is finished."""
    cached = state.cached
    if cached is None:
        return Content()
    job = cached.job
    density = state.density
    full = density == "full" and width >= 60
    lines: list[Content] = []
    summary = job.summary if job.status.is_terminal else None
    if summary is not None:
        elapsed = (job.last_updated_at - (job.started_at or job.created_at)).total_seconds()
        rate = f" · {summary.total / elapsed * 60:.1f} docs/min" if elapsed > 0 and summary.total else ""
        counts = _counts(Progress.of_summary(summary), short=not full)
        if full:
            lines.append(_row("summary", counts, (f"  of {summary.total}", MUTED)))
            lines.append(_row("", f"{size(summary.bytes_processed)} processed{rate}"))
        else:
            lines.append(_row("summary", counts, (f"  of {summary.total} · {size(summary.bytes_processed)}", MUTED)))
    elif job.status is JobStatus.NOT_STARTED:
        lines.append(_row("progress", ("queued: the service has not listed the documents yet", MUTED)))
    else:
        lines += _progress_lines(cached, state, width, full)
    return _join(lines, width)


def _progress_lines(view: JobView, state: DetailState, width: int, full: bool) -> list[Content]:
    job = view.job
    counts = rules.counts(view)
    progress = state.progress
    reading = (counts.succeeded, counts.failed, counts.canceled, counts.total)
    if progress is None or (progress.succeeded, progress.failed, progress.canceled, progress.total) != reading:
        # The figures come from another reading (the service's summary, ahead of the cached
        # documents, or the reverse): the counts beside them must be that reading's, or one line
        # says "10/600" beside "✔ 9". A summary knows no running or queued documents.
        progress = Progress(
            total=counts.total, succeeded=counts.succeeded, failed=counts.failed, canceled=counts.canceled
        )
    if counts.total == 0:
        note = "no documents" if job.status.is_terminal else "waiting for the first document listing…"
        return [_row("progress", (note, MUTED))]
    done, total = counts.settled, counts.total
    figures = f" {done}/{total} {done * 100 // total}%"
    rate: Content | None = None
    if job.status.is_active:
        per_minute, _how = state.throughput.per_minute(state.now(), job.started_at, done)
        if per_minute:
            eta = f"ETA ~{span((total - done) / per_minute * 60)}" if done < total else "finishing"
            rate = Content.assemble(f"{per_minute:.1f} docs/min", (" · ", MUTED), eta)
        else:
            rate = Content.styled("measuring the rate…", MUTED)
    if full:
        bar_width = max(min(width - LABEL - len(figures), 40), 4)
        lines = [_row("progress", _bar(done, total, bar_width), figures), _row("", _counts(progress, short=False))]
        if rate is not None:
            lines.append(_row("rate", rate))
        return lines
    bar_width = max(min(width - LABEL - len(figures) - 24, 20), 4)
    first = _row("progress", _bar(done, total, bar_width), figures, "  ", _counts(progress, short=True))
    if state.density == "minimal":
        return [first + (Content.assemble(("  ", MUTED), rate) if rate is not None else Content())]
    return [first] + ([_row("rate", rate)] if rate is not None else [])


# -- the widget -----------------------------------------------------------------------------------------


class Section(Widget):
    """Text built by `build(width)`; repainted only when the built text or its styles change."""

    DEFAULT_CSS = """
    Section { height: auto; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, build: Callable[[int], Content], *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._build = build
        self._shown: Content | None = None
        self.repaints = 0  # for tests: how often the text really changed

    @property
    def content(self) -> Content:
        """The text as last rendered (or as it would render now)."""
        return self._shown if self._shown is not None else self._build(self.content_size.width)

    def render(self) -> Content:
        self._shown = self._build(self.content_size.width)
        return self._shown

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        built = self._build(width)
        return built.plain.count("\n") + 1 if built.plain else 0

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def update_if_changed(self) -> bool:
        """Rebuild; repaint (and re-layout when the line count moved) only on a real change."""
        new = self._build(self.content_size.width)
        old = self._shown
        if old is not None and new.is_same(old):
            return False
        self.repaints += 1
        lines_changed = (
            old is None or old.plain.count("\n") != new.plain.count("\n") or bool(old.plain) != bool(new.plain)
        )
        self._shown = new
        self.refresh(layout=lines_changed)
        return True


def documents_caption(view: JobView, census: Mapping[JobStatus, int], failed_only: bool, width: int) -> Content:
    """The line over the documents table: how many documents by status, and the filter's key.

    The counts are the job's own document counters from `view` (the cache writes them with the
    documents, in one write): the progress line's reading. The table's `census` is read after the
    view arrives and would say the moment before for as long as that read takes; it is used only
    when the view counts no document."""
    progress = view.progress
    counts = progress.by_status if progress is not None and progress.by_status else census
    total = sum(counts.values())
    parts: list[Content] = [Content.styled("documents  ", MUTED)]
    if total == 0:
        parts.append(Content.styled("none cached yet", MUTED))
    else:
        parts.append(Content(f"{total}"))
        for status, word in (
            (JobStatus.FAILED, "failed"),
            (JobStatus.RUNNING, "running"),
            (JobStatus.NOT_STARTED, "queued"),
            (JobStatus.CANCELED, "canceled"),
        ):
            if counts.get(status):
                parts.append(
                    Content.assemble(
                        ("  ", ""), (f"{STATUS_SYMBOL[status]} {counts[status]} {word}", STATUS_STYLE[status])
                    )
                )
        if view.status.is_terminal and (counts.get(JobStatus.RUNNING) or counts.get(JobStatus.NOT_STARTED)):
            # Its finish reached the cache before its final documents (a sweep saw it, or the
            # network went away): these are not its last word, and the line says so.
            parts.append(Content.styled("  · as listed while it ran", MUTED))
    left = Content.assemble(*parts)
    if failed_only:
        right = Content.assemble(("showing failed only", "$warning bold"), ("  f: show all", MUTED))
    else:
        right = Content.styled("f: failed only", MUTED) if total else Content()
    gap = width - left.cell_length - right.cell_length
    if gap >= 2:
        return left + Content(" " * gap) + right
    return (left + Content("  ") + right).truncate(width, ellipsis=True)
