"""Request limits applied before any route runs: a body's size and time, a valid ``Host``.

A body larger than ``max_body_bytes`` gets ``413 Content Too Large`` (RFC 9110 section 15.5.14):
at once when ``Content-Length`` announces it, else as soon as the bytes read pass the limit,
so the server never holds more than the limit of one request in memory. A body not complete
``body_timeout`` seconds after the route began to read it gets ``408 Request Timeout`` (RFC
9110 section 15.5.9), so a client that sends slowly cannot hold a request open for ever. (The
request head is bounded in size and time by :mod:`.serving`.) Each refusal is problem details
(:mod:`.problems`).

A ``Host`` header that is not ``host[:port]`` gets ``400`` (RFC 9112 section 3.2): the server
writes its own IRIs (VoID, the service description) from it, and a malformed one made them
invalid RDF (a 500, found by the API fuzzing).

>>> bool(_HOST.fullmatch("kb.example.org:8000")), bool(_HOST.fullmatch("[::1]:8000")), bool(_HOST.fullmatch("x%zz"))
(True, True, False)
"""

from __future__ import annotations

import asyncio
import re

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problems import problem

_HOST = re.compile(r"(?:[A-Za-z0-9\-._~]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


def _too_large(limit: int) -> str:
    return (
        f"request body larger than {limit} bytes\n  hint: send a shorter query; "
        "large data cannot be uploaded here (the service is read-only)\n"
    )


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``max_bytes`` with 413."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout: float = 30.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                await problem(scope, 400, "invalid Content-Length")(scope, receive, send)
                return
            if too_big:
                response = problem(scope, 413, _too_large(self.max_bytes), {"Connection": "close"})
                await response(scope, receive, send)
                return
        seen = 0
        deadline: float | None = None
        complete = False

        async def counted() -> Message:
            nonlocal seen, deadline, complete
            if complete:  # the body is in: what is left to receive is the client going away
                return await receive()
            if deadline is None:
                deadline = asyncio.get_running_loop().time() + self.timeout
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise HTTPException(
                    408,
                    f"the request body was not complete within {self.timeout:g} s\n"
                    "  hint: send the body at once, or a shorter one\n",
                ) from None
            if message["type"] == "http.request":
                complete = not message.get("more_body", False)
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(413, _too_large(self.max_bytes))
            return message

        await self.app(scope, counted, send)


class ValidHost:
    """ASGI middleware: 400 for a request whose ``Host`` header is not ``host[:port]``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = dict(scope.get("headers") or ()).get(b"host")
            if host is not None and not _HOST.fullmatch(host.decode("latin-1")):
                response = problem(scope, 400, "invalid Host header: expected host[:port]", {"Connection": "close"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
