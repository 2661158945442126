"""The de-identification client's HTTP transport: every request on the wire is one the engine sent.

The engine's request budget grants each request before the SDK sends it, and the client is built
with `retry_total=0` so azure-core never sends one the budget did not grant. One re-send remained
below both: aiohttp itself sends an idempotent request (GET, PUT, DELETE...) a second time when
the connection drops before the answer (RFC 9112's retry of a persistent connection), at once,
without asking anyone. Under faults that spent the service's request limit behind the budget's
back, and the activity log never saw it.

`SingleSendTransport` is azure-core's aiohttp transport with a session whose client middleware
turns a dropped connection into an error aiohttp does not retry. The engine then sees the drop,
and decides (through the budget, and visibly) whether to send again.
"""

from __future__ import annotations

import aiohttp
from aiohttp import ClientConnectorError, ClientOSError, ServerDisconnectedError
from azure.core.pipeline.transport import AioHttpTransport


class ConnectionDropped(aiohttp.ClientConnectionError):
    """The connection dropped before an answer came; whether the server handled the request is
    unknown. Unlike `ServerDisconnectedError`, aiohttp never re-sends after this one."""


async def send_once(request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType) -> aiohttp.ClientResponse:
    """aiohttp client middleware: a dropped connection becomes `ConnectionDropped`, never a re-send."""
    try:
        return await handler(request)
    except ClientConnectorError:
        raise  # no connection was made: aiohttp does not retry these, and they mean "not sent"
    except (ServerDisconnectedError, ClientOSError) as exc:
        raise ConnectionDropped(str(exc) or type(exc).__name__) from exc


class SingleSendTransport(AioHttpTransport):
    """azure-core's aiohttp transport, whose session never sends a request twice."""

    async def open(self) -> None:
        if self.session is None and self._session_owner and not self._has_been_opened:  # type: ignore[has-type]
            # The options azure-core gives the session it would make, plus the middleware.
            self.session = aiohttp.ClientSession(
                trust_env=self._use_env_settings,
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=False,
                middlewares=(send_once,),
            )
        await super().open()
