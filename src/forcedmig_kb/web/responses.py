"""What each route may answer, as the OpenAPI document (``/openapi.json``, shown at ``/docs``) says it.

A route that writes something other than JSON names its media types, and every error status a
route may give is listed with the body it carries, so that a client generated from the
document (and the API fuzzing test, which holds every response against it) meets no
surprise. Every error, on every route, is problem details (:class:`Problem`, RFC 9457,
:mod:`.problems`); :func:`with_problems` says so of the errors FastAPI documents by itself
(422, and the routes' ``model=Problem`` entries).

>>> sorted(answers(["text/csv"], 404)[200]["content"])
['text/csv']
>>> sorted(answers(["text/csv"], 404)[404]["content"])
['application/problem+json']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ConfigDict, Field

from . import negotiation as neg


class Problem(BaseModel):
    """An error as problem details (https://www.rfc-editor.org/rfc/rfc9457#section-3.1): what is
    wrong and how to fix it (``detail``)."""

    model_config = ConfigDict(extra="allow")  # extension members (RFC 9457 section 3.2), e.g. 'errors'

    type: str = Field("about:blank", description="a URI reference naming the kind of problem")
    title: str = Field(description="the status's reason phrase")
    status: int = Field(description="the HTTP status code")
    detail: str = Field(description="what is wrong and how to fix it")
    instance: str | None = Field(None, description="the request's path and query")


PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
#: Each error status, and what it means on any route that gives it.
WHY = {
    400: "the request is malformed (the query does not parse, a parameter is wrong, a Graph Store Protocol parameter)",
    403: "refused: an update, SERVICE, or a graph that is not one of the knowledge base's own",
    404: "nothing of that name here",
    406: "none of the media types the Accept header (or ?format=) asks for is offered",
    408: "the request body came too slowly",
    413: "the request body, the result (row cap) or the query's memory is too large",
    415: "the body's media type or charset is not accepted",
    503: "the query ran past its deadline, its worker ended, the query workers are still starting, or the "
    "server is at its concurrency limit; try again (Retry-After)",
}


def _any(media_types: Iterable[str]) -> dict[str, Any]:
    return {media_type: {"schema": {}} for media_type in media_types}  # a document in that format


def answers(
    media_types: Iterable[str], *errors: int, description: str = "the answer"
) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of a route that answers 200 in ``media_types`` and may give ``errors``."""
    documented: dict[int | str, dict[str, Any]] = {200: {"description": description, "content": _any(media_types)}}
    for status in errors:
        documented[status] = {"description": WHY[status], "content": PROBLEM}
    return documented


def with_problems(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """``app.openapi``: FastAPI's document, every error answer in it described as problem details."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            for item in document.get("paths", {}).values():
                for operation in item.values():
                    for status, response in operation.get("responses", {}).items():
                        if status[:1] in "45":
                            response["content"] = PROBLEM
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
            for unused in ("HTTPValidationError", "ValidationError"):
                schemas.pop(unused, None)
            app.openapi_schema = document
        return app.openapi_schema

    return openapi


#: Everything the SPARQL endpoint may answer with: results, graphs, the service description, the page.
SPARQL_MEDIA_TYPES = (*neg.RESULT_TYPES, *neg.GRAPH_TYPES, "text/html")
SPARQL_ERRORS = (400, 403, 406, 408, 413, 415, 503)
_GRAPH_URIS = {"type": "array", "items": {"type": "string"}}
#: The SPARQL 1.1 Protocol's parameters (https://www.w3.org/TR/sparql11-protocol/#query-operation).
SPARQL_GET: dict[str, Any] = {
    "parameters": [
        {
            "name": "query",
            "in": "query",
            "required": False,
            "schema": {"type": "string"},
            "description": "a SPARQL 1.1 query; without it, the service description (machines) or the query page (browsers)",
        },
        {
            "name": "default-graph-uri",
            "in": "query",
            "required": False,
            "schema": _GRAPH_URIS,
            "style": "form",
            "explode": True,
            "description": "a graph of the knowledge base to use as the default graph",
        },
        {
            "name": "named-graph-uri",
            "in": "query",
            "required": False,
            "schema": _GRAPH_URIS,
            "style": "form",
            "explode": True,
            "description": "a graph of the knowledge base to use as a named graph",
        },
        {
            "name": "name",
            "in": "query",
            "required": False,
            "schema": {"type": "string"},
            "description": "the query page only: open this named query",
        },
    ]
}
SPARQL_POST: dict[str, Any] = {
    "parameters": SPARQL_GET["parameters"][1:3],
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "required": ["query"],
                    "properties": {
                        "query": {"type": "string"},
                        "default-graph-uri": _GRAPH_URIS,
                        "named-graph-uri": _GRAPH_URIS,
                    },
                }
            },
            "application/sparql-query": {"schema": {"type": "string"}},
        },
    },
}
