"""One error body on every route: problem details, RFC 9457 (https://www.rfc-editor.org/rfc/rfc9457).

Every error the service answers, whichever part of it refuses (a route, the SPARQL protocol,
the request limits, FastAPI's parameter validation, the router's 404 and 405, an unexpected
exception), is an ``application/problem+json`` object with the members of RFC 9457 section 3.1:
``type`` (``about:blank``: the status says it all, section 4.2.1), ``title`` (the status's
reason phrase), ``status``, ``detail`` (what is wrong and how to fix it, for people) and
``instance`` (the request's path and query). FastAPI's parameter errors keep their list as the
extension member ``errors`` (section 3.2).

A browser that asks for HTML (it ranks ``text/html`` above ``application/problem+json``) gets
the same detail as a page; anyone else gets the JSON. Either way the answer says ``Vary:
Accept`` (RFC 9110 section 12.5.5), since the body depends on it.

A 405 is answered by :func:`.methods.not_allowed`, which names every method the path takes.

>>> json.loads(problem_json(404, "no claim 'x'", "/claims/x"))["title"]
'Not Found'
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.types import Scope

from . import negotiation as neg
from . import pages

MEDIA_TYPE = "application/problem+json"
log = logging.getLogger(__name__)


#: RFC 9110's reason phrases where Python's ``http.HTTPStatus`` still has older ones.
PHRASES = {413: "Content Too Large", 414: "URI Too Long", 422: "Unprocessable Content"}


def title(status: int) -> str:
    """The reason phrase of ``status`` (RFC 9110 section 15), the problem's ``title``."""
    if status in PHRASES:
        return PHRASES[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem_json(status: int, detail: str, instance: str | None = None, **extensions: Any) -> bytes:
    """The problem details object of one error, as bytes."""
    body: dict[str, Any] = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    if instance is not None:
        body["instance"] = instance
    return json.dumps({**body, **extensions}, ensure_ascii=False).encode()


def _instance(scope: Scope) -> str:
    query = scope.get("query_string", b"").decode("latin-1")
    return scope.get("path", "/") + (f"?{query}" if query else "")


def problem(
    scope: Scope, status: int, detail: str, headers: dict[str, str] | None = None, **extensions: Any
) -> Response:
    """The answer to a request (its ASGI ``scope``) that failed with ``status``: HTML to a
    browser that asks for it, problem details JSON to anyone else."""
    detail = detail.strip()
    accept = next((v.decode("latin-1") for k, v in scope.get("headers") or () if k == b"accept"), None)
    headers = {**(headers or {}), "Vary": "Accept"}
    if neg.prefers_html(accept, (MEDIA_TYPE,)):
        page = pages.render("text.html", status=status, title=f"{status} {title(status)}", text=detail)
        page.headers.update(headers)
        return page
    return Response(problem_json(status, detail, _instance(scope), **extensions), status, headers, MEDIA_TYPE)


async def http_error(request: Request, exc: Exception) -> Response:
    """A route's or the router's ``HTTPException`` as problem details."""
    assert isinstance(exc, HTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
    return problem(request.scope, exc.status_code, detail, dict(exc.headers or {}))


async def invalid_parameters(request: Request, exc: Exception) -> Response:
    """FastAPI's parameter validation (422): the first error in words, all of them as ``errors``."""
    assert isinstance(exc, RequestValidationError)
    errors = json.loads(json.dumps(list(exc.errors()), default=str))  # ctx may hold exceptions
    first = errors[0] if errors else {}
    where = ".".join(str(p) for p in first.get("loc", ()))
    detail = f"{where}: {first.get('msg', 'invalid')}" if first else "invalid request"
    return problem(request.scope, 422, detail, errors=errors)


async def unexpected(request: Request, exc: Exception) -> Response:
    """An exception no route expected: 500, logged with its traceback, told without it."""
    log.exception("unexpected error answering %s %s", request.method, request.url.path, exc_info=exc)
    return problem(request.scope, 500, "an unexpected error; it has been logged")


#: The exception handlers of the app (``FastAPI(exception_handlers=...)``).
HANDLERS: dict[Any, Any] = {
    HTTPException: http_error,
    RequestValidationError: invalid_parameters,
    Exception: unexpected,
}
