"""The network checks: proxy settings, the endpoint (DNS, connection, TLS), the API version the
service announces, and the clock against the service's `Date` header.

The endpoint is probed with one unauthenticated GET through aiohttp with `trust_env`, which is what
the Azure SDK's transport does too, so proxies and CA bundles apply the same way. Its answer (any
HTTP status proves the service is reachable) carries the headers the version and clock checks read.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import aiohttp
from yarl import URL

from ...domain.api_versions import SUPPORTED
from ...domain.paths import is_loopback_host
from ...domain.secrets import mask_secrets
from . import fixes
from .report import Outcome, failed, ok, warning

if TYPE_CHECKING:
    from .context import Context

PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")
CLOCK_FAILS = 300.0  # seconds: sign-in tokens are refused beyond about five minutes of skew
CLOCK_WARNS = 60.0


@dataclass(frozen=True, slots=True)
class Answer:
    """One HTTP answer a check saw: status, headers, and when it was asked and answered (epoch s)."""

    status: int
    headers: dict[str, str]
    sent: float
    received: float
    error_code: str | None = None

    @property
    def elapsed_ms(self) -> float:
        return round((self.received - self.sent) * 1000, 1)

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


def proxy_for(url: str) -> str | None:
    """The proxy URL the environment applies to `url` (NO_PROXY honoured), or None."""
    try:
        proxy, _auth = aiohttp.helpers.get_env_proxy_for_url(URL(url))
    except LookupError:
        return None
    return str(proxy)


def _proxy_variable(url: str) -> str:
    scheme = urlsplit(url).scheme.upper()
    return f"{scheme}_PROXY"


async def _reachable(proxy: str, timeout: float) -> str | None:
    """None when a TCP connection to the proxy opens, else why not."""
    parts = urlsplit(proxy)
    host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    try:
        _reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except (OSError, TimeoutError) as exc:
        return f"{type(exc).__name__}: {exc}"
    writer.close()
    return None


async def check_proxy(ctx: Context) -> Outcome:
    """Which proxy applies to the endpoint and to each storage account, and whether it answers."""
    targets = {"the endpoint": ctx.profile.endpoint, **{f"storage {a}": u for a, u in ctx.storage_targets().items()}}
    applied = {label: proxy_for(url) for label, url in targets.items()}
    if not any(applied.values()):
        present = [name for name in PROXY_VARIABLES if os.environ.get(name)]
        if present:
            return ok(f"{', '.join(present)} set, but NO_PROXY excludes every URL deidtui uses")
        return ok("no proxy variables set: deidtui connects directly")
    notes, problems, fix_lines = [], [], []
    for label, proxy in applied.items():
        if proxy is None:
            notes.append(f"{label}: direct (NO_PROXY)")
            continue
        shown = mask_secrets(proxy)
        notes.append(f"{label}: through {shown} ({_proxy_variable(targets[label])})")
        host = urlsplit(targets[label]).hostname
        if is_loopback_host(host):
            problems.append(f"the proxy also applies to the loopback address {host}")
            fix_lines.append(f"export NO_PROXY={host},localhost,127.0.0.1${{NO_PROXY:+,$NO_PROXY}}")
    unreachable = {}
    for proxy in {p for p in applied.values() if p}:
        why = await _reachable(proxy, min(ctx.timeout, 5.0))
        if why is not None:
            unreachable[mask_secrets(proxy)] = why
    observed = "; ".join(notes)
    if unreachable:
        shown = ", ".join(f"{p} ({why})" for p, why in unreachable.items())
        variables = ", ".join(sorted({_proxy_variable(u) for u in targets.values()}))
        fix = "\n".join([f"fix or unset the proxy variable ({variables})", *fix_lines])
        return failed(f"{observed}; the proxy does not answer: {shown}", fix)
    if problems:
        return warning(f"{observed}; {'; '.join(problems)}", "\n".join(fix_lines))
    return ok(observed)


def _endpoint_fix(ctx: Context) -> str:
    return (
        "copy the Service URL from the portal (De-identification services > your service > Overview), or list them: "
        "az graph query -q \"resources | where type =~ 'microsoft.healthdataaiservices/deidservices' "
        '| project name, properties.serviceUrl"\n'
        + fixes.set_in_profile(ctx.profile, "endpoint", "https://<id>.api.<region>.deid.azure.com", ctx.config)
    )


def _looks_like_the_service(answer: Answer) -> bool:
    return any(answer.header(h) for h in ("api-supported-versions", "x-ms-error-code", "WWW-Authenticate"))


async def check_endpoint(ctx: Context) -> Outcome:
    """DNS, then one unauthenticated GET: connection, TLS, and an answer from the service."""
    endpoint = ctx.profile.endpoint
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    proxy = proxy_for(endpoint)
    notes = []
    if proxy is None:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            return failed(f"{host} does not resolve ({exc.strerror or exc})", _endpoint_fix(ctx))
        addresses = sorted({str(info[4][0]) for info in infos})
        notes.append(f"{host} resolves to {', '.join(addresses[:3])}")
    else:
        notes.append(f"through the proxy {mask_secrets(proxy)}")
    url = f"{endpoint}/jobs?api-version={ctx.profile.api_version}&maxpagesize=1"
    timeout = aiohttp.ClientTimeout(total=ctx.timeout, sock_connect=min(ctx.timeout, 10.0))
    sent = time.time()
    try:
        async with (
            aiohttp.ClientSession(trust_env=True, timeout=timeout) as session,
            session.get(url, allow_redirects=False) as response,
        ):
            body = await response.read()
            answer = Answer(response.status, dict(response.headers), sent, time.time(), _error_code(response, body))
    except aiohttp.ClientProxyConnectionError as exc:
        return failed(
            f"could not connect to the proxy {mask_secrets(proxy or '')}: {exc.os_error}",
            f"fix or unset {_proxy_variable(endpoint)}, or exclude the endpoint: export NO_PROXY={host}",
        )
    except aiohttp.ClientConnectorCertificateError as exc:
        return failed(
            f"TLS: the certificate of {host} is not trusted ({exc.certificate_error})",
            "a proxy or firewall may be inspecting TLS: point SSL_CERT_FILE and REQUESTS_CA_BUNDLE at your "
            "organisation's CA bundle (for the emulator's --tls: its emulator-cert.pem)",
        )
    except aiohttp.ClientSSLError as exc:
        return failed(f"TLS handshake with {host} failed ({exc})", "check the endpoint's port and any TLS proxy")
    except aiohttp.ClientConnectorError as exc:
        fix = (
            f"is the emulator running? deidtui emulator --port {port}"
            if is_loopback_host(host)
            else "check the endpoint, your network and any firewall between this machine and Azure"
        )
        return failed(f"could not connect to {host}:{port} ({exc.os_error})", fix + "\n" + _endpoint_fix(ctx))
    except TimeoutError:
        return failed(
            f"no answer from {host}:{port} within {ctx.timeout:g} s",
            "check your network, any proxy (HTTPS_PROXY) and firewall; then retry",
        )
    except aiohttp.ClientError as exc:
        return failed(f"the request to {host} failed: {type(exc).__name__}: {exc}", _endpoint_fix(ctx))
    ctx.endpoint_answer = answer
    notes.append("TLS certificate valid" if parts.scheme == "https" else "plain http (loopback)")
    notes.append(f"answered HTTP {answer.status} in {answer.elapsed_ms:g} ms")
    if not _looks_like_the_service(answer):
        return warning(
            "; ".join(notes) + ", but not as a de-identification service does (no api-supported-versions header)",
            _endpoint_fix(ctx),
        )
    return ok("; ".join(notes))


def _error_code(response: aiohttp.ClientResponse, body: bytes) -> str | None:
    code = response.headers.get("x-ms-error-code")
    if code or not body.startswith(b"{"):
        return code
    try:
        error = json.loads(body).get("error") or {}
    except (ValueError, AttributeError):
        return None
    return str(error.get("code")) if isinstance(error, dict) and error.get("code") else None


def _versions(header: str | None) -> list[str]:
    return [v.strip() for v in (header or "").split(",") if v.strip()]


async def check_api_version(ctx: Context) -> Outcome:
    """The profile's api-version against the service's `api-supported-versions`."""
    wanted = ctx.profile.api_version
    answer = ctx.endpoint_answer
    assert answer is not None
    header = answer.header("api-supported-versions")
    if header is None and answer.error_code != "UnsupportedApiVersion":
        answer = await ctx.signed_in_answer()  # the answer before sign-in may not name them
        header = answer.header("api-supported-versions") if answer else None
    served = _versions(header)
    if not served:
        if answer is not None and answer.error_code == "UnsupportedApiVersion":
            return failed(f"the service refuses api-version {wanted}", _version_fix(ctx, []))
        return warning(
            "the service's answers do not list the versions it supports; "
            f"the profile uses {wanted}, which deidtui {'speaks' if wanted in SUPPORTED else 'does not speak'}"
        )
    if wanted not in served:
        return failed(f"the service supports {', '.join(served)}; the profile uses {wanted}", _version_fix(ctx, served))
    deprecated = _versions(answer.header("api-deprecated-versions") if answer else None)
    if wanted in deprecated:
        return warning(f"the service lists {wanted} as deprecated", _version_fix(ctx, served))
    return ok(f"the service supports {', '.join(served)}; the profile uses {wanted}")


def _version_fix(ctx: Context, served: list[str]) -> str:
    common = [v for v in SUPPORTED if v in served and v != ctx.profile.api_version]
    if common:
        return fixes.set_in_profile(ctx.profile, "api_version", common[0], ctx.config)
    return "update deidtui (pip install -U deidtui): this one speaks " + ", ".join(SUPPORTED)


async def check_clock(ctx: Context) -> Outcome:
    """This machine's clock against the service's `Date` header (whole seconds)."""
    answer = ctx.endpoint_answer
    assert answer is not None
    stamp = answer.header("Date")
    if not stamp:
        return warning("the service's answer carried no Date header to compare with")
    try:
        service_time = parsedate_to_datetime(stamp).timestamp()
    except (TypeError, ValueError):
        return warning("the service's Date header could not be read")
    local = (answer.sent + answer.received) / 2
    skew = local - service_time  # positive: this machine is ahead
    direction = "ahead of" if skew > 0 else "behind"
    seen = f"this machine's clock is {abs(skew):.0f} s {direction} the service's"
    if abs(skew) >= CLOCK_FAILS:
        return failed(seen + "; sign-in tokens are refused beyond about 5 minutes", fixes.clock())
    if abs(skew) >= CLOCK_WARNS:
        return warning(seen, fixes.clock())
    return ok("within 2 s of the service's" if abs(skew) < 2 else seen)
