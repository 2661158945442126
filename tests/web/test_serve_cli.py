"""`deidtui serve` from the command line, without a browser: what it refuses before listening (one
line, exit 2, nothing on stdout), and https with a certificate of the operator's."""

from __future__ import annotations

import ssl
import urllib.error
import urllib.request

import aiohttp
import pytest

from deidtui.emulator.tls import ensure_certificate

from ..support import wait_for
from .support import alive, serving


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--host", "0.0.0.0"], "--host 0.0.0.0 is not a loopback address, so others could reach it"),
        (["--host", "0.0.0.0", "--allow-remote"], "--host 0.0.0.0 needs --tls-cert and --tls-key"),
        (["--tls-cert", "cert.pem"], "--tls-cert and --tls-key go together"),
        (["--tls-cert", "missing.pem", "--tls-key", "missing.key"], "--tls-cert missing.pem: no such file"),
        (["--read-only", "--allow-actions"], "--read-only and --allow-actions contradict each other"),
        (["--port", "70000"], "--port 70000: give a port from 1 to 65535"),
        (["--max-sessions", "0"], "--max-sessions 0: give 1 or more"),
        (["--public-url", "https://deid.example.org/dash"], "without a path"),
        (["--host", "no-such-host.invalid"], "--host no-such-host.invalid: no such address"),
        (["--profile", "no-such-profile"], "no-such-profile"),
        (["--fleet", "--profile", "east"], "--fleet shows the config's fleet list and --profile one profile"),
        (["--fleet"], "no fleet list"),
    ],
)
def test_refused_before_anything_listens(deidtui, args, says):
    result = deidtui("serve", *args)
    assert result.code == 2, result.err
    assert says in result.err and "Traceback" not in result.err
    assert result.out == ""  # no URL: nothing listened


def test_a_key_that_is_not_the_certificates_is_refused_without_showing_it(deidtui, tmp_path):
    cert, _key = ensure_certificate(tmp_path / "one")
    _cert, other_key = ensure_certificate(tmp_path / "two")
    result = deidtui("serve", "--tls-cert", str(cert), "--tls-key", str(other_key))
    assert result.code == 2 and "cannot use them as a certificate and its key" in result.err
    assert "PRIVATE KEY" not in result.err


def test_https_with_the_operators_certificate(cli_env, tmp_path):
    """On loopback TLS needs no --allow-remote; the URL says https and the cookie is Secure."""
    cert, key = ensure_certificate(tmp_path / "tls")
    trusted = ssl.create_default_context(cafile=str(cert))
    no_redirects = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=trusted))
    with serving(cli_env, "--tls-cert", str(cert), "--tls-key", str(key), cwd=tmp_path) as served:
        assert served.url.startswith("https://127.0.0.1:")
        with pytest.raises(urllib.error.HTTPError) as admitted:
            no_redirects.open(served.url, timeout=30)
        assert admitted.value.code == 303
        assert "Secure" in admitted.value.headers["Set-Cookie"] and "HttpOnly" in admitted.value.headers["Set-Cookie"]
        with pytest.raises(
            (urllib.error.URLError, ConnectionError)
        ):  # plain http to the https port gets no page (the connection drops)
            urllib.request.urlopen(served.url.replace("https://", "http://"), timeout=30)
        assert served.stop() == 0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """The 303 itself (its cookie) is what the test looks at."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


async def test_max_sessions_refuses_one_more_and_a_closed_socket_ends_its_dashboard(cli_env, tmp_path):
    """Without a browser: a client that sends the token on the websocket (no Origin, as a script)."""
    with serving(cli_env, "--max-sessions", "1", cwd=tmp_path) as served:
        url = f"{served.base}/ws?access_token={served.token}&width=100&height=30"
        async with aiohttp.ClientSession() as http:
            first = await http.ws_connect(url)
            await wait_for(lambda: len(served.processes()) == 1, timeout=60)
            dashboard = served.dashboards()
            second = await http.ws_connect(url)
            refusal = await second.receive()
            assert b"every dashboard this server allows at once is open (--max-sessions 1)" in refusal.data
            assert (await second.receive()).type == aiohttp.WSMsgType.CLOSE
            assert served.processes() == list(dashboard)  # no second process was started
            await first.close()
            await wait_for(lambda: not any(alive(pid, started) for pid, started in dashboard.items()), timeout=60)
        assert served.stop() == 0
    assert "1 browser sessions served" in served.stderr and "killed" not in served.stderr
