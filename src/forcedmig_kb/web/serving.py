"""How ``forcedmig-kb serve`` runs uvicorn: the connection limits a public server needs.

uvicorn bounds neither the size of a request's head (request line and header fields) nor the
time a client may take to send it: with httptools a client could send megabytes of header
fields, or open connections and dribble one byte at a time (slowloris), and each would be held
for as long as the client pleased. :class:`HeadLimitedProtocol` is uvicorn's httptools protocol
with both bounds added:

- a head larger than ``max_header_bytes`` gets ``431 Request Header Fields Too Large``
  (RFC 6585 section 5), or ``414 URI Too Long`` (RFC 9110 section 15.5.15) when the request
  line alone is, and the connection is closed. The head is measured as its parts are parsed,
  written as HTTP/1.1 writes them (RFC 9112 section 2.1): the request line with its CRLF,
  each field line as ``name: value`` CRLF, and the CRLF that ends the head; so the limit holds
  to the byte whether the head comes in one read or many (it used to be judged per read, and a
  head of 33 to 65 KB in one read passed). Besides, bytes of a head not yet complete are
  counted as they arrive, so a field that never ends cannot grow past the limit and one read;
- a head not complete ``header_timeout`` seconds after its first byte (or after the
  connection opened) gets ``408 Request Timeout`` (RFC 9110 section 15.5.9) and is closed.

Every refusal is problem details (:mod:`.problems`), as is the 400 of a request the parser
cannot read, and the ``503 Service Unavailable`` of a request past ``limit_concurrency``
(connections and requests at once), which uvicorn would answer in plain text: the protocol
applies that limit itself, as uvicorn does, and answers with problem details and
``Retry-After`` (RFC 9110 section 10.2.3). The other limits are uvicorn's own, set from
:class:`~forcedmig_kb.settings.Settings` by :func:`uvicorn_options`: ``timeout_keep_alive``
(an idle keep-alive connection is closed) and ``backlog``. The
body's size and time are bounded in :mod:`.limits`, a query's time, rows and memory in
:mod:`.sparql.pool`.

>>> options = uvicorn_options(Settings(max_header_bytes=8192, max_connections=100))
>>> options["limit_concurrency"], options["http"].max_header_bytes
(100, 8192)
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.types import Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ..settings import Settings
from .problems import problem, problem_json, title


class _HeadTooLarge(Exception):
    """Raised in a parser callback to stop parsing a head past the limit (uvicorn then calls
    :meth:`HeadLimitedProtocol.send_400_response`, which answers the refusal instead)."""


class HeadLimitedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with a bound on the size and the time of each request head."""

    max_header_bytes: int = 32_768
    header_timeout: float = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # uvicorn's own check would answer past the limit in plain text: this class applies it instead
        self.max_concurrency, self.limit_concurrency = self.limit_concurrency, None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_bytes = 0  # bytes received since the head began (a bound on its size)
        self._head_size = 0  # the head's size, as parsed so far
        self._refusal: tuple[int, str] | None = None
        self._in_head = True  # a new connection owes us a request head
        self._head_timer: asyncio.TimerHandle | None = self.loop.call_later(self.header_timeout, self._head_too_slow)

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            self._head_bytes += len(data)
        super().data_received(data)
        # Counted before parsing and judged after: a read that completes a small head and
        # carries the start of the body is not mistaken for a large head.
        if self._in_head and self._head_bytes > self.max_header_bytes:
            self._refuse(431, f"the request line and header fields are larger than {self.max_header_bytes} bytes")

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if not self._in_head:  # the next request on a keep-alive connection
            self._in_head = True
            self._head_bytes = 0
        self._head_size = 0
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.header_timeout, self._head_too_slow)

    def on_url(self, url: bytes) -> None:
        if self._head_size == 0:  # the method, the spaces, the version and CRLF: "GET  HTTP/1.1\r\n"
            self._head_size = len(self.parser.get_method()) + 12
        self._head_size += len(url)
        if self._head_size > self.max_header_bytes:
            self._refusal = (414, f"the request line is longer than {self.max_header_bytes} bytes")
            raise _HeadTooLarge
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._head_size += len(name) + len(value) + 4  # "name: value\r\n"
        if self._head_size + 2 > self.max_header_bytes:  # and the CRLF that ends the head
            self._refusal = (431, f"the request line and header fields are larger than {self.max_header_bytes} bytes")
            raise _HeadTooLarge
        super().on_header(name, value)

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to a request its parser refused: the head limit's refusal when it
        was that, else a 400, as problem details."""
        if self._refusal is not None:
            self._refuse(*self._refusal)
        else:
            self._refuse(400, "the request is not valid HTTP/1.1 (RFC 9112)")

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._cancel_head_timer()
        limit = self.max_concurrency
        if limit is None or (len(self.connections) < limit and len(self.tasks) < limit):
            super().on_headers_complete()
            return
        self.logger.warning("refused a request: more than %d connections or requests at once", limit)
        app, self.app = self.app, too_busy  # the request is answered by too_busy, then the app is ours again
        try:
            super().on_headers_complete()
        finally:
            self.app = app

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self._in_head:
            self._refuse(408, f"the request head was not complete within {self.header_timeout:g} s")

    def _refuse(self, status: int, message: str) -> None:
        self._cancel_head_timer()
        if self.transport is None or self.transport.is_closing():
            return
        self.logger.warning("refused a request: %s", message)
        body = problem_json(status, message)
        self.transport.write(
            f"HTTP/1.1 {status} {title(status)}\r\ncontent-type: application/problem+json\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n\r\n".encode()
            + body
        )
        self.transport.close()


async def too_busy(scope: Scope, receive: Receive, send: Send) -> None:
    """The answer past ``limit_concurrency``: 503 as problem details, and when to try again (the
    connections and requests held at once turn over in milliseconds)."""
    detail = "the server is serving as many connections and requests as it may at once; try again in a moment"
    await problem(scope, 503, detail, {"Retry-After": "1", "Connection": "close"})(scope, receive, send)


def head_limited_protocol(max_header_bytes: int, header_timeout: float) -> type[HeadLimitedProtocol]:
    """:class:`HeadLimitedProtocol` with these bounds (uvicorn instantiates the class itself)."""
    return type(
        "HeadLimitedProtocol",
        (HeadLimitedProtocol,),
        {"max_header_bytes": max_header_bytes, "header_timeout": header_timeout},
    )


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The keyword arguments of ``uvicorn.run`` for ``settings`` (besides the app)."""
    return {
        "host": settings.host,
        "port": settings.port,
        "http": head_limited_protocol(settings.max_header_bytes, settings.header_timeout),
        "limit_concurrency": settings.max_connections,
        "timeout_keep_alive": settings.keep_alive_timeout,
        "backlog": settings.backlog,
        "access_log": settings.access_log,
        "log_level": "info",
        "timeout_graceful_shutdown": 5,
    }
