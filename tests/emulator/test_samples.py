"""The official SDK samples (our rewrite in tests/emulator/samples/, same calls) run against the
emulator over https, each in its own process, trusting the certificate only as docs/emulator.md
says: SSL_CERT_FILE for the async client, REQUESTS_CA_BUNDLE for the sync one.

The emulator runs FAST here: the samples leave the SDK poller at its default 30 s interval, which
it uses whenever an answer has no Retry-After, as the service's first answers have none (see
docs/emulator.md); at the service's own pace each sample would take over 30 s, as it does live.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from deidtui.emulator.config import FAST

from .sdk_fixtures import EXAMPLE_NOTES as NOTES
from .sdk_fixtures import EXAMPLE_PREFIX, seed_example_notes

SAMPLES = Path(__file__).with_name("samples")


def preview_sdk() -> bool:
    from azure.health.deidentification import models

    return hasattr(models, "TaggedPhiEntities")


@pytest.fixture
def sample_env(emulator_factory, container):
    seed_example_notes(container)
    emulator = emulator_factory(tls=True, pacing=FAST)
    certificate = str(emulator.server.certificate)
    return {
        **os.environ,
        "SAMPLE_ENDPOINT": emulator.url,
        "SAMPLE_STORAGE_LOCATION": container.url,
        "INPUT_PREFIX": EXAMPLE_PREFIX,
        # Trust exactly as docs/emulator.md tells SDK users to: two variables, no code.
        "SSL_CERT_FILE": certificate,
        "REQUESTS_CA_BUNDLE": certificate,
    }


async def run_samples(env: dict, *commands: tuple[str, ...]) -> list[list[str]]:
    """Run sample files (relative to samples/, with arguments) at once; their stdout lines."""

    async def one(relative: str, *args: str) -> list[str]:
        script = SAMPLES / relative
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(script),
            *args,
            cwd=script.parent,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), 90)
        assert process.returncode == 0, f"{relative}: {err.decode()[-2000:]}"
        return out.decode().strip().splitlines()

    return await asyncio.gather(*(one(*command) for command in commands))


def check_job_outputs(documents: list[str], listing: list[str]) -> None:
    assert documents[0].startswith("Job Name:   sample-job-")
    assert documents[1:] == ["Job Status: OperationStatus.SUCCEEDED", "File Count: 3"]
    assert listing[0].startswith("Creating job with name: sample-job-")
    assert listing[1:3] == ["Job Status: OperationStatus.SUCCEEDED", "Completed files (Max 10):"]
    assert sorted(line.strip().rsplit("/", 1)[-1] for line in listing[3:]) == sorted(
        name.rsplit("/", 1)[-1] for name in NOTES
    )


def check_text_outputs(tag: list[str], redact: list[str], surrogate: list[str]) -> None:
    assert "Tagged Entities:" in tag
    # The sample prints the SDK's enum as is: "PhiCategory.DOCTOR".
    assert any('"John Smith", Entity Category: "PhiCategory.DOCTOR"' in line for line in tag)
    assert redact[-1] == 'Redacted Text:   "It\'s great to work at [organization]."'
    assert surrogate[-1].startswith('Surrogated Text:   "Hello, my name is ')
    assert "John Smith" not in surrogate[-1]


async def test_sync_samples_run_against_the_emulator(sample_env, container):
    documents, listing = await run_samples(sample_env, ("deidentify_documents.py",), ("list_job_documents.py",))
    check_job_outputs(documents, listing)
    jobs, tag, redact, surrogate = await run_samples(
        sample_env,
        ("list_jobs.py",),
        ("deidentify_text.py", "tag"),
        ("deidentify_text.py", "redact"),
        ("deidentify_text.py", "surrogate"),
    )
    assert jobs[0] == "Listing latest 5 jobs:" and len(jobs) == 3 and all(j.startswith("Job Name: ") for j in jobs[1:])
    check_text_outputs(tag, redact, surrogate)
    assert container.names("_output/") == sorted(f"_output/{name.split('/', 1)[1]}" for name in NOTES)


async def test_async_samples_run_against_the_emulator(sample_env):
    documents, listing = await run_samples(
        sample_env,
        ("async_samples/deidentify_documents_async.py",),
        ("async_samples/list_job_documents_async.py",),
    )
    check_job_outputs(documents, listing)
    jobs, tag, redact, surrogate = await run_samples(
        sample_env,
        ("async_samples/list_jobs_async.py",),
        ("async_samples/deidentify_text_async.py", "tag"),
        ("async_samples/deidentify_text_async.py", "redact"),
        ("async_samples/deidentify_text_async.py", "surrogate"),
    )
    assert jobs[0] == "Listing latest 5 jobs:" and len(jobs) == 3
    check_text_outputs(tag, redact, surrogate)


@pytest.mark.skipif(not preview_sdk(), reason="the SurrogateOnly samples need azure-health-deidentification 1.1.0b1")
async def test_surrogate_only_samples_run_against_the_emulator(sample_env):
    sync_lines, async_lines = await run_samples(
        sample_env, ("deidentify_text_surrogate_only.py",), ("async_samples/deidentify_text_surrogate_only_async.py",)
    )
    for lines in (sync_lines, async_lines):
        assert lines[-1].startswith('Surrogate Only Text:  "Hello, my name is ') and "John Smith" not in lines[-1]


async def test_sync_sample_needs_requests_ca_bundle_besides_ssl_cert_file(sample_env):
    """Why the docs name two variables: the sync client (requests) ignores SSL_CERT_FILE."""
    env = {k: v for k, v in sample_env.items() if k != "REQUESTS_CA_BUNDLE"}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(SAMPLES / "list_jobs.py"),
        cwd=SAMPLES,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), 90)
    assert process.returncode != 0 and "CERTIFICATE_VERIFY_FAILED" in err.decode()
