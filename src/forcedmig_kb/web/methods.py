"""Which methods each route takes: ``HEAD`` wherever ``GET`` is, a true ``Allow``, CORS preflights.

- ``HEAD`` (RFC 9110 section 9.3.2, which section 9.1 makes a must for a general-purpose
  server): :class:`HeadAsGet` answers it as the ``GET`` of the same target, with the same status
  and header fields (``Content-Length`` included) and no content. FastAPI's routes take only the
  methods they are declared with, so without it every dynamic route answered ``HEAD`` with 405.
- ``Allow`` (RFC 9110 section 10.2.1): :func:`allowed_methods` lists every method of every route
  that matches a path; a 405 (:func:`not_allowed`, RFC 9110 section 15.5.6) names them all. Starlette's own 405 named only
  the methods of the first route it tried, so ``HEAD /sparql`` said ``Allow: GET``, hiding POST.
- CORS preflights (Fetch, https://fetch.spec.whatwg.org/#http-cors-protocol): :class:`RouteCORS`
  answers a preflight for any method the path takes, ``HEAD`` included, and says which in
  ``Access-Control-Allow-Methods``; a method the path does not take fails the preflight.

>>> sorted_methods({"POST", "GET"})
['GET', 'HEAD', 'POST']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problems import problem

#: The order methods are listed in; a method not here comes after, by name.
ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def sorted_methods(methods: Iterable[str]) -> list[str]:
    """``methods`` in the usual order, ``HEAD`` added wherever ``GET`` is."""
    found = set(methods)
    if "GET" in found:
        found.add("HEAD")
    return sorted(found, key=lambda m: (ORDER.index(m) if m in ORDER else len(ORDER), m))


def allowed_methods(app: Any, path: str) -> list[str]:
    """Every method some route of ``app`` takes at ``path`` (none when no route matches), asked
    of the routes themselves: each method is tried as the router would try it."""
    found: set[str] = set()
    for method in ORDER:
        if method == "HEAD":
            continue  # HeadAsGet: wherever GET is
        scope = {"type": "http", "method": method, "path": path, "root_path": "", "headers": [], "query_string": b""}
        for route in getattr(getattr(app, "router", None), "routes", ()):
            if isinstance(route, Mount):  # /static: files, read only
                if method == "GET" and route.matches(scope)[0] is Match.FULL:
                    found.add(method)
            elif route.matches(scope)[0] is Match.FULL:
                found.add(method)
                break
    return sorted_methods(found)


async def not_allowed(request: Request, exc: Exception) -> Response:
    """The exception handler of a 405: problem details, and ``Allow`` naming every method the
    path takes."""
    assert isinstance(exc, HTTPException)
    allowed = allowed_methods(request.app, request.url.path)
    detail = f"{request.method} is not allowed on {request.url.path}: use {', '.join(allowed)}"
    return problem(request.scope, 405, detail, {"Allow": ", ".join(allowed)})


class HeadAsGet:
    """ASGI middleware: a ``HEAD`` request is routed as ``GET`` and answered without content."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headless(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the GET's content, dropped
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headless)


class RouteCORS(CORSMiddleware):
    """Starlette's CORS middleware, with each preflight judged by the methods its path takes
    (``allow_methods`` is then every method the service takes anywhere)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "OPTIONS":
            await super().__call__(scope, receive, send)
            return
        headers = Headers(scope=scope)
        requested = headers.get("access-control-request-method")
        if "origin" not in headers or requested is None:  # not a preflight
            await super().__call__(scope, receive, send)
            return
        allowed = allowed_methods(scope.get("app"), scope["path"])
        response = self.preflight_response(request_headers=headers)
        if response.status_code == 200 and requested.upper() not in allowed:
            response = problem(
                scope, 400, f"a preflight for {requested}: {scope['path']} takes {', '.join(allowed) or 'nothing'}"
            )
        elif response.status_code == 200:
            response.headers["Access-Control-Allow-Methods"] = ", ".join(allowed)
        await response(scope, receive, send)
