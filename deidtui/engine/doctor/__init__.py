"""`deidtui doctor`: why doesn't it work? Every check of a profile, run in parallel where independent.

    report = await diagnose(profile, deep=True)
    for check in report.checks:
        print(check.status.symbol, check.title, check.observed, check.fix)

Each check waits only for the checks it needs; one that fails skips those that need it (saying
which). The report is plain data (`report.py`); the CLI and the dashboard render it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from ...azure.credentials import DeviceCodePrompt
from ...config import Profile
from ...domain.api_versions import SUPPORTED
from ...domain.errors import DeidError
from .context import RUN_CONTAINER, Context
from .identity import check_sign_in
from .network import check_api_version, check_clock, check_endpoint, check_proxy
from .report import CheckResult, Outcome, Report, Status, failed, ok, warning, worst_exit_code
from .service_checks import check_deep, check_deid_read, check_deid_write, check_service_storage
from .storage_checks import check_storage, check_storage_write

__all__ = [
    "NOT_DEEP",
    "RUN_CONTAINER",
    "CheckResult",
    "Report",
    "Status",
    "diagnose",
    "report_config_error",
    "worst_exit_code",
]

DEFAULT_TIMEOUT = 30.0
NOT_DEEP = "not asked for: add --deep (D on the dashboard's :doctor screen)"


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    title: str
    run: Callable[[Context], Awaitable[Outcome]]
    needs: Callable[[Context], tuple[str, ...]]
    environment: bool = False  # its failure means nothing can work: exit 3
    unless: Callable[[Context], str | None] = lambda ctx: None  # why it does not apply, or None
    timeout: Callable[[Context], float] = lambda ctx: ctx.timeout + 5.0


def _fixed(*ids: str) -> Callable[[Context], tuple[str, ...]]:
    return lambda ctx: ids


async def _config(ctx: Context) -> Outcome:
    profile = ctx.profile
    storage = ", ".join(ctx.storage_targets()) or "none"
    seen = (
        f"profile {profile.name}: endpoint {profile.endpoint}, credential {profile.credential}, storage {storage}, "
        f"api-version {profile.api_version}{', read-only' if ctx.read_only else ''}"
    )
    if profile.api_version not in SUPPORTED:  # pragma: no cover - Profile refuses it already
        return warning(seen + "; deidtui does not speak that api-version")
    return ok(seen)


def _read_only(ctx: Context) -> str | None:
    return "the profile is read-only: this check writes" if ctx.read_only else None


CHECKS: tuple[Check, ...] = (
    Check("config", "Configuration", _config, _fixed(), environment=True),
    Check("proxy", "Proxy settings", check_proxy, _fixed("config"), environment=True),
    Check("endpoint", "Endpoint: DNS, connection, TLS", check_endpoint, _fixed("config"), environment=True),
    Check("api-version", "API version", check_api_version, _fixed("endpoint")),
    Check("clock", "Clock", check_clock, _fixed("endpoint"), environment=True),
    Check(
        "sign-in",
        "Sign-in",
        check_sign_in,
        _fixed("config"),
        environment=True,
        # A device code waits for the operator to type it elsewhere.
        timeout=lambda ctx: 900.0 if str(ctx.profile.credential) == "device-code" else ctx.timeout + 5.0,
    ),
    Check("deid-read", "DeID role: read jobs", check_deid_read, _fixed("endpoint", "sign-in")),
    Check("deid-write", "DeID role: create jobs", check_deid_write, _fixed("deid-read"), unless=_read_only),
    Check(
        "storage",
        "Your storage access: list, read",
        check_storage,
        lambda ctx: ("config", "sign-in") if ctx.storage_uses_sign_in else ("config",),
    ),
    Check("storage-write", "Your storage access: write", check_storage_write, _fixed("storage"), unless=_read_only),
    Check(
        "service-storage",
        "Service storage access (probe job)",
        check_service_storage,
        _fixed("deid-write"),
        timeout=lambda ctx: ctx.timeout * 2 + 5.0,
    ),
    Check(
        "deep",
        "Service reads and writes (--deep)",
        check_deep,
        _fixed("service-storage", "storage-write"),
        unless=lambda ctx: None if ctx.deep else NOT_DEEP,
        timeout=lambda ctx: max(ctx.timeout, 180.0) + 30.0,
    ),
)
TITLES = {check.id: check.title for check in CHECKS}


async def _run(check: Check, ctx: Context) -> CheckResult:
    def result(outcome: Outcome, *, after: str | None = None, started: float | None = None) -> CheckResult:
        duration = round((time.perf_counter() - started) * 1000, 1) if started is not None else None
        return CheckResult(
            check.id,
            check.title,
            outcome.status,
            outcome.observed,
            outcome.fix,
            after,
            check.environment,
            duration,
        )

    for need in check.needs(ctx):
        earlier = await ctx.results[need]
        if earlier.status in (Status.FAILED, Status.SKIPPED):
            # Name the check where it started, not every link of the chain.
            root = await ctx.results[earlier.after] if earlier.after else earlier
            if root.status is Status.FAILED:
                seen = f"{root.title} failed"
            else:
                seen = f"{root.title} did not run: {root.observed}"
            return result(Outcome(Status.SKIPPED, seen), after=root.id)
    reason = check.unless(ctx)
    if reason is not None:
        return result(Outcome(Status.SKIPPED, reason))
    started = time.perf_counter()
    try:
        outcome = await asyncio.wait_for(check.run(ctx), check.timeout(ctx))
    except TimeoutError:
        outcome = failed(f"no result within {check.timeout(ctx):g} s", "check the network, then retry")
    except DeidError as error:
        outcome = failed(f"{error.title}: {error.detail}", error.hint or "see the observation")
    except Exception as exc:  # noqa: BLE001 - one check's surprise must not hide the others
        outcome = failed(f"unexpected {type(exc).__name__}: {str(exc)[:300]}", "run with --debug and report it")
    return result(outcome, started=started)


async def diagnose(
    profile: Profile,
    *,
    read_only: bool | None = None,
    deep: bool = False,
    container: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    config: str | None = None,
    device_code_prompt: DeviceCodePrompt | None = None,
) -> Report:
    """Run every check of `profile` (the deep probe with `deep`); never raises for what it finds.

    `container`: where the storage probes look (default: `deidtui-runs`, else the account's first
    container). `config`: the config file's path, named in fixes that edit it."""
    started = time.perf_counter()
    ctx = Context(
        profile,
        read_only=profile.read_only if read_only is None else read_only,
        deep=deep,
        container=container,
        timeout=timeout,
        config=config,
        device_code_prompt=device_code_prompt,
    )
    try:
        for check in CHECKS:
            ctx.results[check.id] = asyncio.ensure_future(_run(check, ctx))
        results = [await ctx.results[check.id] for check in CHECKS]
    finally:
        for task in ctx.results.values():
            task.cancel()
        await ctx.close()
    return Report(profile.name, profile.endpoint, tuple(results), round((time.perf_counter() - started) * 1000, 1))


def report_config_error(name: str, problem: str, fix: str) -> Report:
    """The report of a profile whose configuration does not load: that, and every other check skipped."""
    results = [CheckResult("config", "Configuration", Status.FAILED, problem, fix, environment=True)]
    for check in CHECKS[1:]:
        results.append(CheckResult(check.id, check.title, Status.SKIPPED, "Configuration failed", after="config"))
    return Report(name, None, tuple(results))
