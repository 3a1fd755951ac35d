"""The SPARQL 1.1 Protocol query operation, read-only and offline.

https://www.w3.org/TR/sparql11-protocol/#query-operation: ``GET /sparql?query=``, ``POST`` of
an ``application/x-www-form-urlencoded`` form, ``POST`` of an ``application/sparql-query`` body
(UTF-8), each with optional ``default-graph-uri`` / ``named-graph-uri``; results negotiated by
``Accept`` (:mod:`..negotiation`). The query itself runs in a killable worker process
(:mod:`.worker`, started by :mod:`.pool`) under a deadline and a row cap, after the guard (:mod:`.guard`) refused
updates, ``SERVICE`` and foreign datasets.

``GET /sparql`` without a query answers with the SPARQL 1.1 Service Description
(https://www.w3.org/TR/sparql11-service-description/) (:mod:`.description`) to machines, and with the query page
to browsers (YASGUI with every named query as a tab; ``?name=`` opens one first).

Every error is problem details (:mod:`..problems`, RFC 9457) whose ``detail`` says what is wrong
and how to fix it. ``?graph=`` and ``?default``, the parameters of the SPARQL 1.1 Graph Store
Protocol (https://www.w3.org/TR/sparql11-http-rdf-update/#http-get), get 400: this endpoint is
not a graph store, and answering with the service description would hand a GSP client the
wrong graph. (``HEAD``, ``Allow``, validators and ``304`` are the service's, :mod:`..methods`
and :mod:`..validators`.)
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from functools import cache
from urllib.parse import parse_qsl, unquote

from fastapi import APIRouter, Request, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ...errors import (
    QueryError,
    QueryInterrupted,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    QueryTooLarge,
    ResultNotAcceptable,
)
from ...lru import LRU
from .. import negotiation as neg
from .. import pages
from ..problems import problem
from ..responses import SPARQL_ERRORS, SPARQL_GET, SPARQL_MEDIA_TYPES, SPARQL_POST, answers
from .description import service_description
from .pool import QueryPool
from .worker import QueryAnswer, QueryRequest

router = APIRouter(tags=["SPARQL 1.1 Protocol"])

#: Each query error and the HTTP status it is answered with.
STATUS: dict[type[QueryError], int] = {
    QuerySyntaxError: 400,
    QueryRefused: 403,
    ResultNotAcceptable: 406,
    QueryTooLarge: 413,
    QueryTimeout: 503,
    QueryInterrupted: 503,
}
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
REPLAY_BYTES = 65_536  # largest answer QueryReplay keeps


class ProtocolError(Exception):
    """A request the protocol does not allow (wrong method, media type, parameters)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


def error_response(scope: Scope, exc: Exception) -> Response:
    """Problem details saying what is wrong and how to fix it (``scope``: the request's)."""
    if isinstance(exc, ProtocolError):
        return problem(scope, exc.status, str(exc), exc.headers)
    status = next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 500)
    headers = {"Retry-After": "5"} if status == 503 else {}
    return problem(scope, status, str(exc), headers)


_READ_ONLY = QueryRefused(
    "SPARQL Update is refused: this endpoint is read-only and offers no update operation",
    hint="send a SELECT, ASK, CONSTRUCT or DESCRIBE query as 'query'",
)


#: The Graph Store Protocol's parameters (https://www.w3.org/TR/sparql11-http-rdf-update/#indirect-graph-identification).
GRAPH_STORE = ("graph", "default")
_NOT_A_GRAPH_STORE = ProtocolError(
    400,
    "?graph= and ?default are the Graph Store Protocol's: this is a SPARQL query endpoint, not a graph "
    "store\n  hint: ask for a graph with a query, CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <iri> { ?s ?p ?o } }, "
    "or take the whole knowledge base from /export/kb.trig",
)


def _one_query(values: list[str]) -> str | None:
    if len(values) > 1:
        raise ProtocolError(400, "more than one 'query' parameter: send exactly one query per request")
    return values[0] if values else None


def _dataset(pairs: Sequence[tuple[str, str]]) -> tuple[list[str] | None, list[str] | None]:
    default = [v for k, v in pairs if k == "default-graph-uri"]
    named = [v for k, v in pairs if k == "named-graph-uri"]
    return (default or None, named or None) if (default or named) else (None, None)


@router.get(
    "/sparql",
    summary="SPARQL query (GET), or the service description / query page",
    response_class=Response,
    openapi_extra=SPARQL_GET,
    responses=answers(
        SPARQL_MEDIA_TYPES,
        *SPARQL_ERRORS,
        description="the query's results, or the service description, or the query page",
    ),
)
async def sparql_get(request: Request) -> Response:
    try:
        asked = query_of_get(request.query_params.multi_items())
        if asked is None:
            return describe_service(request)
        answer = await answer_query(request.app.state.pool, request.headers.get("accept"), *asked)
        return Response(answer.body, headers=dict(_answer_headers(answer.media_type)))
    except (QueryError, ProtocolError) as exc:
        return error_response(request.scope, exc)


def query_of_get(pairs: Sequence[tuple[str, str]]) -> tuple[str, list[str] | None, list[str] | None] | None:
    """The query and dataset of a ``GET``'s parameters; ``None`` when it has no query (the
    service description is asked for); :class:`ProtocolError` or :class:`QueryRefused` when
    the parameters are not the query operation's."""
    if any(k == "update" for k, _ in pairs):
        raise _READ_ONLY
    if any(k in GRAPH_STORE for k, _ in pairs):
        raise _NOT_A_GRAPH_STORE
    query = _one_query([v for k, v in pairs if k == "query"])
    if query is None:
        return None
    return (query, *_dataset(pairs))


@router.post(
    "/sparql",
    summary="SPARQL query (POST form or application/sparql-query body)",
    response_class=Response,
    openapi_extra=SPARQL_POST,
    responses=answers(SPARQL_MEDIA_TYPES, *SPARQL_ERRORS, description="the query's results"),
)
async def sparql_post(request: Request) -> Response:
    header = request.headers.get("content-type", "")
    media_type, _, params = header.partition(";")
    media_type = media_type.strip().lower()
    try:
        if any(k in GRAPH_STORE for k in request.query_params):
            raise _NOT_A_GRAPH_STORE
        if media_type == FORM:
            body = await request.body()
            try:
                pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                raise ProtocolError(400, "the form body is not UTF-8") from None
            if any(k == "update" for k, _ in pairs):
                raise _READ_ONLY
            query = _one_query([v for k, v in pairs if k == "query"])
            if query is None:
                raise ProtocolError(400, "missing 'query' in the form: send query=<SPARQL query>")
            return await run_query(request, query, *_dataset(pairs))
        if media_type == DIRECT:
            charset = _charset(params)
            if charset not in (None, "utf-8", "utf8", "us-ascii"):
                raise ProtocolError(
                    415, f"charset={charset} is not accepted: an application/sparql-query body is UTF-8"
                )
            body = await request.body()
            try:
                query = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ProtocolError(400, f"the query body is not UTF-8 (byte {exc.start})") from None
            pairs = list(request.query_params.multi_items())
            if any(k == "query" for k, _ in pairs):
                raise ProtocolError(400, "a query in the body and another in the URL: send one")
            return await run_query(request, query, *_dataset(pairs))
        if media_type == UPDATE:
            raise _READ_ONLY
        raise ProtocolError(
            415,
            f"Content-Type {media_type or '(none)'} is not accepted: POST a query as {FORM} (query=...) or as {DIRECT}",
            headers={"Accept-Post": f"{FORM}, {DIRECT}"},
        )
    except (QueryError, ProtocolError) as exc:
        return error_response(request.scope, exc)


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


async def run_query(
    request: Request, query: str, default_graph: list[str] | None, named_graphs: list[str] | None
) -> Response:
    """Hand the query to a worker; answer with its result in the negotiated format."""
    answer = await answer_query(
        request.app.state.pool, request.headers.get("accept"), query, default_graph, named_graphs
    )
    return Response(answer.body, headers=dict(_answer_headers(answer.media_type)))


async def answer_query(
    pool: QueryPool, accept: str | None, query: str, default_graph: list[str] | None, named_graphs: list[str] | None
) -> QueryAnswer:
    """The pool's answer to ``query`` in the best format ``accept`` takes."""
    if not query.strip():
        raise QuerySyntaxError("the query is empty", hint="send a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    job = QueryRequest(
        query,
        neg.acceptable(accept, neg.RESULT_TYPES),
        neg.acceptable(accept, neg.GRAPH_TYPES),
        default_graph,
        named_graphs,
    )
    return await pool.answer(job)


@cache  # one entry per media type the endpoint writes
def _answer_headers(media_type: str) -> tuple[tuple[str, str], ...]:
    """The header fields of an answer in ``media_type``, ``Content-Type`` first."""
    content_type = neg.BY_MEDIA_TYPE[media_type].content_type
    return (("content-type", content_type), *((k.lower(), v) for k, v in neg.answer_headers(media_type).items()))


def foreseen_answers(scope: Scope) -> list[Sequence[tuple[bytes, bytes]]]:
    """The header fields the ``200`` to a ``GET /sparql?query=`` would have, for each form of
    answer it can have (SPARQL results for SELECT and ASK, RDF for CONSTRUCT and DESCRIBE):
    what the answer's validators are made from, known before the query runs
    (:class:`~forcedmig_kb.web.validators.Validators`). Nothing for any other request."""
    if scope["method"] != "GET" or scope["path"] != "/sparql" or b"query=" not in scope.get("query_string", b""):
        return []
    try:
        if query_of_get(query_pairs(scope["query_string"])) is None:
            return []
    except (QueryError, ProtocolError):
        return []
    accept = _accept(scope)
    found: list[Sequence[tuple[bytes, bytes]]] = []
    for offered in (neg.RESULT_TYPES, neg.GRAPH_TYPES):
        types = neg.acceptable(accept, offered)
        if types:
            found.append(_raw_headers(types[0]))
    return found


@cache
def _raw_headers(media_type: str) -> tuple[tuple[bytes, bytes], ...]:
    return tuple((k.encode(), v.encode("latin-1")) for k, v in _answer_headers(media_type))


def query_pairs(query_string: bytes) -> list[tuple[str, str]]:
    """The parameters of a URL's query, as Starlette reads them (``parse_qsl`` of the string
    read as Latin-1, blank values kept), but each percent-encoded value decoded by a codec
    rather than by ``unquote``'s loop in Python, which cost a new query much of its time.

    >>> tricky = ["query=a%20b+c", "query=%zz&x", "a=1&&b=", "q=caf%C3%A9", "q=%E9", "q=%2", "q=\\\\x41%41", "=x&y"]
    >>> all(query_pairs(t.encode()) == parse_qsl(t, keep_blank_values=True) for t in tricky)
    True
    >>> query_pairs(b"q=%5Cx41%41&q=\\\\u0041")
    [('q', '\\\\x41A'), ('q', '\\\\u0041')]
    """
    text = query_string.decode("latin-1")
    if not text.isascii():
        return parse_qsl(text, keep_blank_values=True)
    pairs = []
    for field in text.split("&"):
        if field:
            name, _, value = field.partition("=")
            pairs.append((_unquote(name.replace("+", " ")), _unquote(value.replace("+", " "))))
    return pairs


def _unquote(text: str) -> str:
    """``urllib.parse.unquote`` of an ASCII string: each ``%XX`` made a ``\\xXX`` escape for the
    ``unicode_escape`` codec (backslashes doubled first); ``unquote`` itself where that does not
    decode (a malformed escape, bytes that are not UTF-8), so the result is always its own."""
    if "%" not in text:
        return text
    try:
        escaped = text.replace("\\", "\\\\").replace("%", "\\x")
        return codecs.decode(escaped, "unicode_escape").encode("latin-1").decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return unquote(text)


def _accept(scope: Scope) -> str | None:
    return next((v.decode("latin-1") for k, v in scope["headers"] if k == b"accept"), None)


def describe_service(request: Request) -> Response:
    """The service description for machines, the query page for browsers."""
    accept = request.headers.get("accept")
    if neg.prefers_html(accept, neg.GRAPH_TYPES):
        return pages.query_page(request.query_params.get("name"))
    media_type = neg.best(accept, neg.GRAPH_TYPES)
    if media_type is None:
        raise ResultNotAcceptable(
            "the service description is RDF: " + ", ".join(neg.GRAPH_TYPES), offered=[*neg.GRAPH_TYPES, "text/html"]
        )
    endpoint = str(request.url.replace(query="", fragment=""))
    body = service_description(request.app.state.kb, request.app.state.settings, endpoint, media_type)
    return Response(body, media_type=neg.BY_MEDIA_TYPE[media_type].content_type, headers=neg.answer_headers(media_type))


class QueryOperation:
    """ASGI middleware: ``GET /sparql?query=...``, the protocol's query operation by ``GET``,
    answered here rather than by the router, without FastAPI's routing, its ``Request`` and
    ``Response`` objects and its dependency solving; the checks, the negotiation and the pool
    are the route's (:func:`query_of_get`, :func:`answer_query`). A ``GET /sparql`` without a
    query (the service description, the query page) goes on to the router.

    With ``replay`` (a local store, whose data cannot change while the server runs), a ``GET``
    asked again with the same query string and ``Accept`` gets again the ``200`` it got, without
    parsing or the pool; only answers of at most :data:`REPLAY_BYTES` are kept, at most
    :data:`~forcedmig_kb.lru.CACHE_SIZE` of them; errors never are. It sits innermost, so
    every other middleware applies to its answers as to the routes'.
    """

    def __init__(self, app: ASGIApp, pool: QueryPool, replay: bool = True) -> None:
        self.app = app
        self.pool = pool
        self.kept: LRU[tuple[bytes, bytes], tuple[list[tuple[bytes, bytes]], bytes]] | None = LRU() if replay else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"] == "/sparql"
            and b"query=" in scope.get("query_string", b"")
        ):
            await self.app(scope, receive, send)
            return
        query_string: bytes = scope["query_string"]
        accept = _accept(scope)
        key = (query_string, b", ".join(v for k, v in scope["headers"] if k == b"accept"))
        kept = self.kept.get(key) if self.kept is not None else None
        if kept is not None:
            await send({"type": "http.response.start", "status": 200, "headers": kept[0]})
            await send({"type": "http.response.body", "body": kept[1]})
            return
        try:
            asked = query_of_get(query_pairs(query_string))
            if asked is None:  # a parameter named like "...query=" but no query: the router's
                await self.app(scope, receive, send)
                return
            answer = await answer_query(self.pool, accept, *asked)
        except (QueryError, ProtocolError) as exc:
            await error_response(scope, exc)(scope, receive, send)
            return
        headers = [*_raw_headers(answer.media_type), (b"content-length", str(len(answer.body)).encode())]
        if self.kept is not None and len(answer.body) <= REPLAY_BYTES:
            self.kept.put(key, (headers, answer.body))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": answer.body})
