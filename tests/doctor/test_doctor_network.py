"""Doctor's network checks (proxy, endpoint, API version, clock): each fails for its own reason and
shows its fix; a broken environment is exit 3."""

from __future__ import annotations

import socket
import threading

import pytest

from deidtui.domain.api_versions import GA, PREVIEW
from deidtui.engine.doctor import Status

from .conftest import doctor, profile_for


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_an_endpoint_that_does_not_resolve_says_where_to_find_the_service_url(azurite):
    report = await doctor(profile_for("https://deidtui-doctor-test.invalid", azurite.connection_string))
    endpoint = report.check("endpoint")
    assert endpoint.status is Status.FAILED and "does not resolve" in endpoint.observed
    assert "Service URL" in endpoint.fix and "properties.serviceUrl" in endpoint.fix
    for later in ("api-version", "clock", "deid-read"):
        assert report.check(later).after == "endpoint"
    assert report.exit_code == 3


async def test_an_endpoint_nobody_listens_on_is_refused_and_the_emulator_is_suggested(azurite):
    port = closed_port()
    report = await doctor(profile_for(f"http://127.0.0.1:{port}", azurite.connection_string))
    endpoint = report.check("endpoint")
    assert endpoint.status is Status.FAILED and f"127.0.0.1:{port}" in endpoint.observed
    assert f"deidtui emulator --port {port}" in endpoint.fix
    assert report.exit_code == 3


async def test_an_untrusted_tls_certificate_fails_the_endpoint_with_the_ca_bundle_fix(emulator_factory, azurite):
    emulator = emulator_factory(tls=True)
    report = await doctor(profile_for(emulator.url, azurite.connection_string))
    endpoint = report.check("endpoint")
    assert endpoint.status is Status.FAILED and "TLS" in endpoint.observed and "not trusted" in endpoint.observed
    assert "SSL_CERT_FILE" in endpoint.fix and "REQUESTS_CA_BUNDLE" in endpoint.fix


async def test_an_api_version_the_service_does_not_serve_names_the_one_to_use(emulator_factory, azurite):
    emulator = emulator_factory(api_versions=(GA,))
    report = await doctor(profile_for(emulator.url, azurite.connection_string, api_version=PREVIEW))
    check = report.check("api-version")
    assert check.status is Status.FAILED and f"supports {GA}" in check.observed and PREVIEW in check.observed
    assert f'api_version = "{GA}"' in check.fix and "[profiles.doc]" in check.fix
    assert report.exit_code == 1


@pytest.mark.parametrize(("skew", "expected"), [(-900, Status.FAILED), (120, Status.WARNING), (0, Status.OK)])
async def test_the_clock_is_compared_with_the_services_date(emulator_factory, azurite, container, skew, expected):
    emulator = emulator_factory(clock_skew=skew)
    report = await doctor(profile_for(emulator.url, azurite.connection_string), container=container.url.rsplit("/")[-1])
    clock = report.check("clock")
    assert clock.status is expected, clock
    if skew:
        assert ("ahead of" if skew < 0 else "behind") in clock.observed
        assert "timedatectl" in clock.fix or "sntp" in clock.fix or "w32tm" in clock.fix
    assert report.exit_code == (3 if expected is Status.FAILED else 0)


async def test_a_proxy_that_does_not_answer_is_named_and_the_endpoint_fails_through_it(emulator, azurite, monkeypatch):
    port = closed_port()
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    report = await doctor(profile_for(emulator.url, azurite.connection_string))
    proxy = report.check("proxy")
    assert proxy.status is Status.FAILED and "does not answer" in proxy.observed
    assert "HTTP_PROXY" in proxy.fix and "NO_PROXY=127.0.0.1" in proxy.fix
    endpoint = report.check("endpoint")
    assert endpoint.status is Status.FAILED and "proxy" in endpoint.observed
    assert report.exit_code == 3


async def test_a_proxy_that_would_carry_loopback_traffic_is_a_warning(emulator, azurite, monkeypatch):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True).start()
    monkeypatch.setenv("HTTP_PROXY", f"http://user:secret@127.0.0.1:{listener.getsockname()[1]}")
    monkeypatch.setenv("NO_PROXY", "example.invalid")
    try:
        report = await doctor(profile_for(emulator.url, azurite.connection_string), timeout=2.0)
    finally:
        listener.close()
        for sock in accepted:
            sock.close()
    proxy = report.check("proxy")
    assert proxy.status is Status.WARNING and "loopback" in proxy.observed
    assert "secret" not in proxy.observed  # a password in the proxy URL is masked
    assert "export NO_PROXY=127.0.0.1" in proxy.fix


async def test_no_proxy_excluding_every_url_means_direct(emulator, azurite, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example.invalid:3128")
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.example.invalid:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    report = await doctor(profile_for(emulator.url, azurite.connection_string))
    proxy = report.check("proxy")
    assert proxy.status is Status.OK and "NO_PROXY excludes" in proxy.observed
    assert report.check("endpoint").status is Status.OK
