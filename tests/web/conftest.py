"""Fixtures of the browser tests: Chromium per module, a fresh browser context per test, and a
profile (the `cli_env` environment) whose emulator holds two finished jobs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .browser import CHROMIUM, FLAGS, chromium_or_skip

NOTE = "Patient John Smith was seen on 10/12/2023 by Dr. Jane Roe at Contoso Hospital."
JOBS = ("browser-alpha", "browser-beta")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def context(browser) -> Iterator[object]:
    """A fresh context: no cookie from another test."""
    context = browser.new_context(viewport={"width": 1400, "height": 800})
    yield context
    context.close()


@pytest.fixture
def jobs_env(deidtui, container, cli_env) -> dict[str, str]:
    """`cli_env` (the emulator, Azurite, a fresh cache) after two jobs have run to the end."""
    for name in JOBS:
        container.put(f"{name}/note.txt", NOTE)
        submitted = deidtui(
            "jobs", "submit", "--source", container.url, "--prefix", f"{name}/", "--target-prefix", f"out/{name}/",
            "--name", name, "--wait", "--interval", "0.2",
        )  # fmt: skip
        assert submitted.code == 0, submitted.err
    return cli_env
