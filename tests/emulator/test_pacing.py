"""Jobs move at the recorded service's pace by default: seeded delays, a queue, documents that take
time, the recorded Retry-After hints, and listings in a stable order that is not alphabetical."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import pytest

from deidtui.emulator.config import FAST, REALISTIC, EmulatorConfig, Span
from deidtui.emulator.pacing import Pacer
from deidtui.emulator.timestamps import StampClock, format_ticks, parse_ticks

from ..support import job_body, wait_for
from .rest import API, all_documents, call

NOTE = "Patient John Smith was seen on 10/12/2023."


def test_the_default_pacing_is_the_services_own():
    config = EmulatorConfig()
    assert config.pacing is REALISTIC and config.summary_while_running
    assert REALISTIC.queue.low >= 2 and REALISTIC.queue.high >= 30  # seconds to tens of seconds NotStarted
    assert REALISTIC.document.low >= 5  # a handful of small documents takes 20-60 s
    assert REALISTIC.retry_after == (2, 5) and REALISTIC.quiet_seconds > 0
    assert FAST.queue.high == FAST.document.high == 0


def test_delays_are_drawn_from_the_seed_and_the_job_name():
    a, b, other = Pacer(REALISTIC, 7), Pacer(REALISTIC, 7), Pacer(REALISTIC, 8)
    assert [a.queue_seconds(f"job-{i}") for i in range(5)] == [b.queue_seconds(f"job-{i}") for i in range(5)]
    assert a.queue_seconds("job-1") != other.queue_seconds("job-1")
    queues = [a.queue_seconds(f"job-{i}") for i in range(50)]
    assert all(2 <= q <= 60 for q in queues) and max(queues) - min(queues) > 20
    assert a.document_seconds("job", 0) != a.document_seconds("job", 1)
    fixed = Pacer(EmulatorConfig(doc_delay_ms=250).effective_pacing, 0)
    assert fixed.document_seconds("job", 3) == 0.25


def test_retry_after_is_two_to_five_seconds_except_just_after_a_change():
    pacer = Pacer(REALISTIC, 1)
    assert pacer.retry_after(0.5) is None
    assert {pacer.retry_after(10.0) for _ in range(200)} == {2, 3, 4, 5}
    assert Pacer(FAST, 1).retry_after(0.0) == 1


def test_spans_are_read_as_the_command_line_writes_them():
    assert Span.parse("2-60", "--queue-seconds") == Span(2, 60)
    assert Span.parse("0.5", "--document-seconds") == Span(0.5, 0.5)
    for bad in ("9-2", "-1", "soon", "1-x"):
        with pytest.raises(ValueError, match="--queue-seconds"):
            Span.parse(bad, "--queue-seconds")


def test_timestamps_have_seven_digits_without_trailing_zeros_and_always_increase():
    assert format_ticks(17_544_287_892_572_731) == "2025-08-05T21:19:49.2572731Z"
    assert format_ticks(17_544_288_355_252_010) == "2025-08-05T21:20:35.525201Z"
    assert format_ticks(17_544_288_350_000_000) == "2025-08-05T21:20:35Z"
    assert parse_ticks("2025-08-05T21:19:49.2572731Z") == 17_544_287_892_572_731
    clock = StampClock()
    stamps = [parse_ticks(clock.next()) for _ in range(1000)]
    assert all(later - earlier >= 10 for earlier, later in pairwise(stamps))  # >= 1 us apart


async def test_documents_list_in_a_stable_order_that_is_not_alphabetical(emulator_factory, container):
    names = [f"in/note-{i:02}.txt" for i in range(12)]
    for name in names:
        container.put(name, NOTE)
    emulator = emulator_factory()
    await call("PUT", f"{emulator.url}/jobs/ordered?{API}", json=job_body(container.url, "in/", "out/"))
    listed = await wait_for(lambda: _listed(emulator.url, "ordered", 12))
    order = [d["input"]["location"].rsplit("/", 1)[1] for d in listed]
    assert sorted(order) == [n.rsplit("/", 1)[1] for n in names] and order != sorted(order)
    pacer = Pacer(FAST, EmulatorConfig().seed)
    assert order == sorted(order, key=lambda n: pacer.listing_key("ordered", f"in/{n}"))
    paged = await all_documents(emulator.url, "ordered", page=5)
    assert [d["id"] for d in paged] == [d["id"] for d in listed]  # pages follow the same order


async def _listed(url: str, job: str, count: int):
    documents = await all_documents(url, job)
    return documents if len(documents) == count else None


async def test_a_job_canceled_in_the_queue_never_starts(emulator_factory, container):
    for i in range(3):
        container.put(f"in/{i}.txt", NOTE)
    emulator = emulator_factory(pacing=replace(REALISTIC, listing=Span(0.1, 0.1), queue=Span(30, 30)))
    url = f"{emulator.url}/jobs/queued?{API}"
    await call("PUT", url, json=job_body(container.url, "in/", "out/"))
    await wait_for(lambda: _has_summary(url))
    status, _, job = await call("POST", f"{emulator.url}/jobs/queued:cancel?{API}")
    assert status == 200 and job["status"] == "Canceled" and "startedAt" not in job
    assert job["summary"] == {"successful": 0, "failed": 0, "canceled": 3, "total": 3, "bytesProcessed": 0}
    assert {d["status"] for d in await all_documents(emulator.url, "queued")} == {"Canceled"}
    assert container.names("out/") == []


async def _has_summary(url: str):
    _, _, body = await call("GET", url)
    return "summary" in body


async def test_a_large_job_does_not_starve_a_job_submitted_after_it(emulator_factory, container):
    for i in range(8):
        container.put(f"big/{i}.txt", NOTE)
    container.put("small/0.txt", NOTE)
    emulator = emulator_factory(doc_delay_ms=250, concurrency=1)
    await call("PUT", f"{emulator.url}/jobs/big?{API}", json=job_body(container.url, "big/", "out-big/"))
    await wait_for(lambda: _status_is(f"{emulator.url}/jobs/big?{API}", "Running"))
    await call("PUT", f"{emulator.url}/jobs/small?{API}", json=job_body(container.url, "small/", "out-small/"))
    await wait_for(lambda: _status_is(f"{emulator.url}/jobs/small?{API}", "Succeeded"))
    _, _, big = await call("GET", f"{emulator.url}/jobs/big?{API}")
    assert big["status"] == "Running" and big["summary"]["successful"] < 8


async def _status_is(url: str, status: str):
    _, _, body = await call("GET", url)
    return body["status"] == status
