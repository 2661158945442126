"""Who may talk to `deidtui serve`: the holder of its access token, and no one else.

Every request passes `AccessGuard.middleware` before any handler runs, so a request without the
token never reaches textual-serve: no page, no script, no websocket, and no dashboard process is
started for it. A refused request gets a plain 403 page that says how to get in.

The token travels once in the URL the operator opens (`?access_token=...`); the server answers
that request with a redirect to the same page without it, setting an HttpOnly, SameSite=Strict
cookie that carries it from then on (to the page, its scripts and the websocket). So the token
leaves the address bar, the browser's history and any Referer at once, and no script on the page
can read it. Scripts that are no browser may send `?access_token=` on each request instead.

The parameter is named `access_token` because `deidtui.domain.secrets.mask_secrets` masks that
name wherever it appears: a URL that reaches a log line by some unexpected route is masked too.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web

TOKEN_PARAMETER = "access_token"

REFUSED = (
    "403 Forbidden\n\n"
    "This deidtui dashboard opens only from the link `deidtui serve` printed when it started\n"
    "(it ends with ?access_token=...). Ask whoever runs it for that link.\n"
)

# Sent with every answer. The page loads nothing from elsewhere (textual-serve's page asks a
# web-font service for its font: the browser is told not to, so opening the dashboard tells no
# third party anything), may not be framed (an action must not be clicked through another site),
# and no URL of it is sent as a Referer.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_token() -> str:
    """A fresh access token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


class AccessGuard:
    """Admits a request only with the token (as the cookie, or as `?access_token=`); a websocket
    only from this server's own page (its Origin), so another site open in the same browser can
    never drive the dashboard with the operator's cookie."""

    def __init__(self, token: str, *, secure: bool) -> None:
        self._token = token.encode()
        # Cookies are shared by every port of a host: a name of its own keeps two servers on
        # one machine from overwriting each other's.
        self.cookie_name = f"deidtui_serve_{secrets.token_hex(4)}"
        self.secure = secure  # the browser sees https: the cookie is then never sent over http
        self.public_origin: str | None = None  # scheme://host[:port] the browser uses, once known

    def _is_token(self, offered: str | None) -> bool:
        return offered is not None and hmac.compare_digest(offered.encode("utf-8", "replace"), self._token)

    def _same_origin(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        if origin is None:  # not a browser: the token alone decides
            return True
        if self.public_origin is not None and origin.lower() == self.public_origin.lower():
            return True
        return urlsplit(origin).netloc.lower() == (request.host or "").lower()

    def _admit_and_set_cookie(self, request: web.Request) -> web.StreamResponse:
        """The URL with the token, opened in a browser: the same page without it, and the cookie."""
        kept = [(name, value) for name, value in request.query.items() if name != TOKEN_PARAMETER]
        response = web.Response(status=303, headers={"Location": str(request.rel_url.with_query(kept))})
        response.set_cookie(
            self.cookie_name, self._token.decode(), path="/", httponly=True, samesite="Strict", secure=self.secure
        )
        return response

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse (403) unless the request carries the token; runs before every handler."""
        offered = request.query.get(TOKEN_PARAMETER)
        websocket = request.headers.get("Upgrade", "").lower() == "websocket"
        if offered is not None:
            if not self._is_token(offered):
                return refused()
            if request.method == "GET" and not websocket:
                return self._admit_and_set_cookie(request)
        elif not self._is_token(request.cookies.get(self.cookie_name)):
            return refused()
        if websocket and not self._same_origin(request):
            return refused()
        return await handler(request)


def refused() -> web.Response:
    """The plain 403 page a browser without the token sees."""
    return web.Response(status=403, text=REFUSED, content_type="text/plain")


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """An `on_response_prepare` hook: every answer, refusals and static files included."""
    response.headers.update(SECURITY_HEADERS)
    # Pages and sessions are never kept by a browser or proxy; the static scripts may be, privately,
    # but never a refusal (the browser would reuse it for an hour once it has the token).
    private = request.path.startswith("/static/") and response.status == 200
    response.headers["Cache-Control"] = "private, max-age=3600" if private else "no-store"
