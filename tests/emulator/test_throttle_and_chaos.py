"""Throttling like the real service, and injected faults for resilience tests."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from azure.core.exceptions import HttpResponseError, ServiceResponseError
from azure.health.deidentification.models import OperationStatus

from deidtui.emulator.config import ChaosConfig, ConfigError
from deidtui.emulator.throttle import SlidingWindowLimiter

from ..support import deid_client, job_body, run_job

API = "api-version=2024-11-15"
AUTH = {"Authorization": "Bearer t"}


def test_limiter_admits_limit_requests_per_window_then_says_how_long_to_wait():
    now = [0.0]
    limiter = SlidingWindowLimiter(3, 5.0, clock=lambda: now[0])
    assert [limiter.admit() for _ in range(3)] == [None, None, None]
    now[0] = 1.0
    assert limiter.admit() == pytest.approx(4.0)
    now[0] = 5.01
    assert limiter.admit() is None


async def test_more_than_100_requests_in_5_seconds_get_429_with_retry_after(emulator_factory):
    emulator = emulator_factory(throttle=True)
    async with aiohttp.ClientSession(headers=AUTH) as session:

        async def one():
            async with session.get(f"{emulator.url}/jobs?{API}") as response:
                return response.status, response.headers.get("Retry-After"), await response.json()

        results = await asyncio.gather(*(one() for _ in range(130)))
    statuses = [status for status, _, _ in results]
    assert statuses.count(200) == 100 and statuses.count(429) == 30
    throttled = [r for r in results if r[0] == 429]
    assert all(1 <= int(retry) <= 5 for _, retry, _ in throttled)
    assert throttled[0][2]["error"]["code"] == "TooManyRequests"


def test_chaos_specification_is_parsed_and_bad_values_are_explained():
    chaos = ChaosConfig.parse("error-rate=0.1,reset-rate=0.05,latency-ms=20,burst-rate=0.01,seed=3")
    assert chaos == ChaosConfig(error_rate=0.1, reset_rate=0.05, latency_ms=20, burst_rate=0.01, seed=3)
    for bad, needle in [
        ("error-rate=2", "between 0 and 1"),
        ("colour=red", "keys"),
        ("latency-ms=x", "number"),
        ("error-rate", "key=value"),
    ]:
        with pytest.raises(ConfigError, match=needle):
            ChaosConfig.parse(bad)


async def test_chaos_errors_answer_500_or_503(emulator_factory):
    emulator = emulator_factory(chaos=ChaosConfig(error_rate=1.0, seed=1))
    async with aiohttp.ClientSession(headers=AUTH) as session:
        statuses = set()
        for _ in range(20):
            async with session.get(f"{emulator.url}/jobs?{API}") as response:
                statuses.add(response.status)
                body = await response.json()
                assert body["error"]["code"] in ("InternalServerError", "ServiceUnavailable")
    assert statuses == {500, 503}


async def test_chaos_resets_drop_the_connection(emulator_factory):
    emulator = emulator_factory(chaos=ChaosConfig(reset_rate=1.0, seed=1))
    async with aiohttp.ClientSession(headers=AUTH) as session:
        with pytest.raises(aiohttp.ClientError):
            async with session.get(f"{emulator.url}/jobs?{API}") as response:
                await response.read()


async def test_chaos_burst_answers_429_for_its_duration(emulator_factory):
    emulator = emulator_factory(chaos=ChaosConfig(burst_rate=1.0, burst_seconds=1.0, seed=1))
    async with (
        aiohttp.ClientSession(headers=AUTH) as session,
        session.get(f"{emulator.url}/jobs?{API}") as response,
    ):
        assert response.status == 429 and response.headers["Retry-After"] in ("1", "2")


async def test_sdk_without_retries_sees_each_injected_fault(emulator_factory):
    emulator = emulator_factory(chaos=ChaosConfig(error_rate=1.0, seed=2))
    async with deid_client(emulator.url, retry_total=0) as client:
        with pytest.raises(HttpResponseError) as info:
            await client.get_job("anything")
    assert info.value.status_code in (500, 503)


async def test_job_completes_through_moderate_chaos_with_sdk_retries(emulator_factory, container):
    for i in range(5):
        container.put(f"in/{i}.txt", "Patient John Smith seen 10/12/2023.")
    emulator = emulator_factory(chaos=ChaosConfig(error_rate=0.2, reset_rate=0.1, latency_ms=5, seed=11))
    async with deid_client(emulator.url, retry_backoff_factor=0.05) as client:
        job = None
        for _ in range(10):  # the SDK retries each call; a reset on the PUT itself is retried idempotently
            try:
                job = await run_job(client, "chaotic", job_body(container.url, "in/", "out/"))
                break
            except (HttpResponseError, ServiceResponseError):
                continue
    assert job is not None and job.status == OperationStatus.SUCCEEDED
    assert job.summary.successful_count == 5
